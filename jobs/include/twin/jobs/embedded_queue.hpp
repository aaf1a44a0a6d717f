#pragma once
// The default queue: in-process, with every change journaled to one append-only file, so
// that a kill -9 of the server loses no accepted job. On open the journal is replayed:
// accepted jobs stay accepted in their order, running jobs go back to accepted (they run
// again, attempts kept), finished jobs keep their status, Idempotency-Keys are remembered.
//
// Reads (get, list, stats) take a shared lock and touch no disk. Changes take the lock only
// to update memory and queue their journal record; they return once the record is on disk
// (group commit, see journal.hpp). A job is visible to get() and claim() from the moment its
// record is queued, a few milliseconds before submit() returns.
#include <array>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "twin/jobs/fair_scheduler.hpp"
#include "twin/jobs/journal.hpp"
#include "twin/jobs/queue.hpp"

namespace twin::jobs {

struct EmbeddedQueueOptions {
  std::filesystem::path journal;  // empty: memory only, nothing survives (tests)
  // Open rewrites the journal to one record per job when it holds at least this many
  // records that later ones superseded.
  std::size_t compaction_threshold = 10'000;
  bool fsync = true;  // off only for tests and throwaway runs: then a crash may lose jobs
  // A job found running on open that has already started this often is failed with
  // "too-many-deliveries" instead of run again: it probably crashed the server each time.
  int max_attempts = 3;
};

// What opening the journal found, for the log and tests.
struct JournalOpenReport {
  std::size_t records = 0;       // records read
  std::size_t jobs = 0;          // jobs they describe
  std::size_t requeued = 0;      // running jobs put back to accepted
  std::size_t gave_up = 0;       // running jobs failed after max_attempts
  std::uint64_t torn_bytes = 0;  // incomplete last record dropped
  bool compacted = false;
};

class EmbeddedQueue final : public Queue {
 public:
  // Opens (creating) and replays the journal. Throws data::Error(io_error) naming the path
  // when it cannot be created, locked or written; corrupt_file for a damaged journal.
  explicit EmbeddedQueue(EmbeddedQueueOptions options = {});
  ~EmbeddedQueue() override;

  SubmitResult submit(JobRequest request) override;
  std::optional<Job> claim(std::chrono::milliseconds wait) override;
  std::optional<Job> claim_job(const std::string& id) override;
  void report_progress(const std::string& id, double percent, std::string message) override;
  void complete(const std::string& id) override;
  void fail(const std::string& id, JobError error) override;
  void mark_dismissed(const std::string& id) override;
  std::optional<Job> dismiss(const std::string& id) override;
  bool cancel_requested(const std::string& id) const override;
  std::optional<Job> get(const std::string& id) const override;
  std::optional<Job> find_idempotent(const std::string& owner, const std::string& key) const override;
  std::vector<Job> list(const JobFilter& filter) const override;
  QueueStats stats() const override;
  std::size_t active_jobs(const std::string& owner) const override;
  void close() override;

  const JournalOpenReport& open_report() const { return open_report_; }
  // Group writes (write + fdatasync) so far; records per write shows how well commits group.
  std::uint64_t journal_write_calls() const { return journal_ ? journal_->write_calls() : 0; }
  // Rewrites the journal to one record per job now (blocks every other call meanwhile).
  void compact();

 private:
  using Ticket = Journal::Ticket;
  struct Entry {
    Job job;
    bool cancel = false;
    Ticket submitted = 0;  // its submit record, for a repeat with the same Idempotency-Key
  };

  void open_journal();
  Ticket journal(const std::string& record);  // queue a record (lock held); 0 in memory mode
  void wait_durable(Ticket ticket);
  void add_locked(Job job, Ticket submitted);
  // Marks a waiting job running (journaled); the caller has taken it out of `waiting_` and
  // waits for the returned ticket after unlocking.
  Job start_locked(const std::string& id, Ticket& ticket);
  void remove_locked(const std::string& id);
  void set_status_locked(Entry& entry, JobStatus status);
  Entry& running_entry_locked(const std::string& id, const char* action);
  void finish(const std::string& id, JobStatus status, std::optional<JobError> error,
              const char* action);
  std::vector<std::string> snapshot_locked() const;

  EmbeddedQueueOptions options_;
  JournalOpenReport open_report_;
  std::unique_ptr<Journal> journal_;

  mutable std::shared_mutex mutex_;
  std::condition_variable_any job_waiting_;
  std::unordered_map<std::string, Entry> jobs_;
  std::vector<std::string> order_;  // ids in submission order; list() walks it backwards
  std::map<std::pair<std::string, std::string>, std::string> idempotency_;
  FairScheduler waiting_;
  std::array<std::size_t, 5> by_status_{};
  std::unordered_map<std::string, std::size_t> active_by_owner_;  // accepted + running
  std::size_t journal_records_ = 0;  // in the file now, for compaction
  bool closed_ = false;
};

}  // namespace twin::jobs
