#pragma once
// The queue contract every back end fulfils (embedded with a journal, Redis streams). The
// server submits, lists and dismisses; runners claim, report and finish. One contract test
// suite runs against each back end.
#include <chrono>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "twin/data/error.hpp"
#include "twin/jobs/job.hpp"

namespace twin::jobs {

// The back end cannot be reached right now (Redis down, connection lost): nothing is wrong
// with the request, it can be retried. The API answers 503 with Retry-After; a runner waits
// and claims again. An io_error, so code that handles queue failures as such keeps working.
class QueueUnavailable : public data::Error {
 public:
  explicit QueueUnavailable(std::string message)
      : data::Error(data::ErrorCode::io_error, std::move(message)) {}
};

struct SubmitResult {
  Job job;
  bool created = true;  // false: an earlier job with the same owner + Idempotency-Key
};

struct JobFilter {
  std::optional<std::string> owner;  // nullopt = all owners (admin)
  std::vector<JobStatus> statuses;   // empty = any
  std::vector<std::string> processes;  // empty = any
  std::size_t limit = 100;
  std::size_t offset = 0;
};

struct QueueStats {
  std::map<JobStatus, std::size_t> jobs_by_status;
  std::size_t depth = 0;  // accepted jobs waiting for a worker
};

class Queue {
 public:
  virtual ~Queue() = default;

  // Accepts a job: assigns id and created time, makes it durable, then returns. With an
  // Idempotency-Key the owner has used before, returns that job with created = false.
  virtual SubmitResult submit(JobRequest request) = 0;

  // Waits up to `wait` for the next accepted job (highest priority first, fair between
  // owners within a priority), marks it running, counts the attempt and returns it.
  // nullopt on time-out or after close().
  virtual std::optional<Job> claim(std::chrono::milliseconds wait) = 0;

  // Claims this one job, as claim() would have handed it out: when it is accepted, or (back
  // ends with several processes) running on a worker that stopped heartbeating, which is taken
  // over as claim() takes over. nullopt when it is unknown, running elsewhere, finished or the
  // queue is closed. A tiled job's coordinator runs its own tiles with it, so a job's tiles
  // finish even when no other worker is free (docs/jobs.md, "Tiled runs").
  virtual std::optional<Job> claim_job(const std::string& id) = 0;

  // Runner reports: progress in percent (not necessarily durable) with a status line,
  // then exactly one of complete / fail / mark_dismissed. Progress for a job that is not
  // running is ignored (it arrives late); complete / fail / mark_dismissed of an unknown job or
  // one that is not running throw data::Error(invalid_argument). All changes except progress
  // are durable when the call returns; a back end that cannot store one throws io_error.
  virtual void report_progress(const std::string& id, double percent, std::string message) = 0;
  virtual void complete(const std::string& id) = 0;
  virtual void fail(const std::string& id, JobError error) = 0;
  virtual void mark_dismissed(const std::string& id) = 0;  // a running job stopped on request

  // DELETE /jobs/{id}: an accepted job is dismissed at once; a running job gets its cancel
  // flag set (the runner stops within a second and calls mark_dismissed); a finished job
  // becomes dismissed. Returns the record after the change, nullopt when unknown.
  // A running job whose dismiss was requested is dismissed, not run again, after a restart.
  virtual std::optional<Job> dismiss(const std::string& id) = 0;
  virtual bool cancel_requested(const std::string& id) const = 0;

  virtual std::optional<Job> get(const std::string& id) const = 0;
  // The job an owner submitted with this Idempotency-Key, if any: a repeated submission is
  // answered with it even when the owner is at the per-key job limit. The default scans the
  // owner's jobs; back ends with an index override it.
  virtual std::optional<Job> find_idempotent(const std::string& owner, const std::string& key) const;
  // Newest first (submission order, reversed); offset counts matching jobs.
  virtual std::vector<Job> list(const JobFilter& filter) const = 0;
  virtual QueueStats stats() const = 0;
  // Jobs of an owner that are accepted or running, for the per-key limit (429).
  virtual std::size_t active_jobs(const std::string& owner) const = 0;

  // Stops handing out jobs and wakes every waiting claim(); running jobs may still report.
  virtual void close() = 0;
};

}  // namespace twin::jobs
