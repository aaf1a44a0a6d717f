#include "twin/jobs/embedded_queue.hpp"

#include <algorithm>
#include <mutex>

#include "queue_records.hpp"
#include "twin/data/error.hpp"
#include "twin/jobs/job_id.hpp"

namespace twin::jobs {
namespace {

std::size_t slot(JobStatus status) { return static_cast<std::size_t>(status); }

bool matches(const Job& job, const JobFilter& filter) {
  if (filter.owner && job.request.owner != *filter.owner) return false;
  if (!filter.statuses.empty() && std::find(filter.statuses.begin(), filter.statuses.end(),
                                            job.status) == filter.statuses.end())
    return false;
  if (!filter.processes.empty() && std::find(filter.processes.begin(), filter.processes.end(),
                                             job.request.process) == filter.processes.end())
    return false;
  return true;
}

}  // namespace

EmbeddedQueue::EmbeddedQueue(EmbeddedQueueOptions options) : options_(std::move(options)) {
  if (!options_.journal.empty()) open_journal();
}

EmbeddedQueue::~EmbeddedQueue() { close(); }

void EmbeddedQueue::open_journal() {
  journal_ = std::make_unique<Journal>(options_.journal, options_.fsync);
  const JournalReplay replay = journal_->take_replay();
  std::vector<Job> jobs = records::replay(replay, options_.journal);
  open_report_.records = replay.records.size();
  open_report_.torn_bytes = replay.torn_bytes;
  open_report_.jobs = jobs.size();
  std::vector<std::string> gave_up;
  for (Job& job : jobs) {
    if (job.status == JobStatus::running && job.attempts >= options_.max_attempts) {
      job.status = JobStatus::failed;
      job.finished = now_millis();
      job.error = JobError{"too-many-deliveries", "the job was running when the server stopped, " +
                                                      std::to_string(job.attempts) +
                                                      " times; it is not run again"};
      gave_up.push_back(records::finish(job));
      ++open_report_.gave_up;
    } else if (job.status == JobStatus::running) {
      job.status = JobStatus::accepted;
      job.started = 0;
      job.progress = 0;
      job.message = "interrupted by a restart; waiting to run again";
      ++open_report_.requeued;
    }
    add_locked(std::move(job), 0);
  }
  journal_records_ = replay.records.size();
  const std::size_t superseded = journal_records_ - jobs_.size();
  if (superseded > 0 && superseded >= options_.compaction_threshold) {
    journal_->rewrite(snapshot_locked());  // includes the jobs that gave up
    journal_records_ = jobs_.size();
    open_report_.compacted = true;
  } else {
    for (const auto& record : gave_up) wait_durable(journal(record));
  }
}

EmbeddedQueue::Ticket EmbeddedQueue::journal(const std::string& record) {
  if (!journal_) return 0;
  const Ticket ticket = journal_->enqueue(record);
  ++journal_records_;
  return ticket;
}

void EmbeddedQueue::wait_durable(Ticket ticket) {
  if (journal_ && ticket > 0) journal_->wait_durable(ticket);
}

void EmbeddedQueue::add_locked(Job job, Ticket submitted) {
  const std::string id = job.id;
  if (!job.request.idempotency_key.empty())
    idempotency_.emplace(std::pair{job.request.owner, job.request.idempotency_key}, id);
  ++by_status_[slot(job.status)];
  if (!is_final(job.status)) ++active_by_owner_[job.request.owner];
  if (job.status == JobStatus::accepted) waiting_.push(id, job.request.priority, job.request.owner);
  order_.push_back(id);
  jobs_.emplace(id, Entry{std::move(job), false, submitted});
}

// Undoes add_locked of a job that is still accepted (its submit record did not reach disk).
void EmbeddedQueue::remove_locked(const std::string& id) {
  const auto found = jobs_.find(id);
  if (found == jobs_.end() || found->second.job.status != JobStatus::accepted) return;
  const JobRequest& request = found->second.job.request;
  if (!request.idempotency_key.empty())
    idempotency_.erase(std::pair{request.owner, request.idempotency_key});
  waiting_.erase(id);
  if (--active_by_owner_[request.owner] == 0) active_by_owner_.erase(request.owner);
  --by_status_[slot(JobStatus::accepted)];
  order_.erase(std::find(order_.rbegin(), order_.rend(), id).base() - 1);
  jobs_.erase(found);
}

void EmbeddedQueue::set_status_locked(Entry& entry, JobStatus status) {
  const JobStatus old = entry.job.status;
  if (old == status) return;
  --by_status_[slot(old)];
  ++by_status_[slot(status)];
  const std::string& owner = entry.job.request.owner;
  if (!is_final(old) && is_final(status) && --active_by_owner_[owner] == 0) active_by_owner_.erase(owner);
  if (is_final(old) && !is_final(status)) ++active_by_owner_[owner];
  entry.job.status = status;
}

SubmitResult EmbeddedQueue::submit(JobRequest request) {
  // Id and record are made before taking the lock: 16 submitters should not queue behind
  // each other's JSON encoding.
  Job job;
  job.id = new_id();
  job.request = std::move(request);
  job.created = now_millis();
  const std::string record = records::submit(job);
  SubmitResult result{job, true};
  std::unique_lock lock(mutex_);
  if (!job.request.idempotency_key.empty()) {
    const auto seen = idempotency_.find(std::pair{job.request.owner, job.request.idempotency_key});
    if (seen != idempotency_.end()) {
      const Entry& earlier = jobs_.at(seen->second);
      SubmitResult repeat{earlier.job, false};
      const Ticket ticket = earlier.submitted;
      lock.unlock();
      wait_durable(ticket);  // the first submit may still be on its way to disk
      return repeat;
    }
  }
  const Ticket ticket = journal(record);
  add_locked(std::move(job), ticket);
  lock.unlock();
  job_waiting_.notify_one();
  try {
    wait_durable(ticket);
  } catch (...) {
    std::unique_lock relock(mutex_);
    remove_locked(result.job.id);  // the client is told it failed: do not run it unknown
    throw;
  }
  return result;
}

std::optional<Job> EmbeddedQueue::claim(std::chrono::milliseconds wait) {
  std::unique_lock lock(mutex_);
  const bool ready =
      job_waiting_.wait_for(lock, wait, [&] { return closed_ || waiting_.size() > 0; });
  if (!ready || closed_) return std::nullopt;
  const std::string id = *waiting_.pop();
  Ticket ticket = 0;
  Job claimed = start_locked(id, ticket);
  lock.unlock();
  wait_durable(ticket);
  return claimed;
}

// In one process a running job's worker cannot have stopped without the process stopping, so
// only an accepted job can be claimed here (after a restart its running jobs are accepted).
std::optional<Job> EmbeddedQueue::claim_job(const std::string& id) {
  std::unique_lock lock(mutex_);
  const auto found = jobs_.find(id);
  if (closed_ || found == jobs_.end() || found->second.job.status != JobStatus::accepted) return std::nullopt;
  waiting_.erase(id);
  Ticket ticket = 0;
  Job claimed = start_locked(id, ticket);
  lock.unlock();
  wait_durable(ticket);
  return claimed;
}

Job EmbeddedQueue::start_locked(const std::string& id, Ticket& ticket) {
  Entry& entry = jobs_.at(id);
  Job next = entry.job;
  next.started = now_millis();
  ++next.attempts;
  try {
    ticket = journal(records::start(next));
  } catch (...) {
    waiting_.push(id, next.request.priority, next.request.owner);
    throw;
  }
  set_status_locked(entry, JobStatus::running);
  entry.job.started = next.started;
  entry.job.attempts = next.attempts;
  entry.job.progress = 0;
  entry.job.message.clear();
  entry.cancel = false;
  return entry.job;
}

void EmbeddedQueue::report_progress(const std::string& id, double percent, std::string message) {
  std::unique_lock lock(mutex_);
  const auto found = jobs_.find(id);
  // Progress that arrives after the job finished (or was never known) is of no use to anyone.
  if (found == jobs_.end() || found->second.job.status != JobStatus::running) return;
  found->second.job.progress = std::clamp(percent, 0.0, 100.0);
  found->second.job.message = std::move(message);
}

EmbeddedQueue::Entry& EmbeddedQueue::running_entry_locked(const std::string& id,
                                                          const char* action) {
  const auto found = jobs_.find(id);
  if (found == jobs_.end())
    throw data::Error(data::ErrorCode::invalid_argument,
                      std::string("cannot ") + action + " unknown job " + id);
  if (found->second.job.status != JobStatus::running)
    throw data::Error(data::ErrorCode::invalid_argument,
                      std::string("cannot ") + action + " job " + id + ": it is " +
                          std::string(status_name(found->second.job.status)) + ", not running");
  return found->second;
}

void EmbeddedQueue::finish(const std::string& id, JobStatus status, std::optional<JobError> error,
                           const char* action) {
  std::unique_lock lock(mutex_);
  Entry& entry = running_entry_locked(id, action);
  Job next = entry.job;
  next.status = status;
  next.finished = now_millis();
  next.error = std::move(error);
  if (status == JobStatus::successful) next.progress = 100;
  const Ticket ticket = journal(records::finish(next));
  set_status_locked(entry, status);
  entry.job = std::move(next);
  entry.cancel = false;
  lock.unlock();
  wait_durable(ticket);
}

void EmbeddedQueue::complete(const std::string& id) {
  finish(id, JobStatus::successful, std::nullopt, "complete");
}

void EmbeddedQueue::fail(const std::string& id, JobError error) {
  finish(id, JobStatus::failed, std::move(error), "fail");
}

void EmbeddedQueue::mark_dismissed(const std::string& id) {
  finish(id, JobStatus::dismissed, std::nullopt, "mark dismissed");
}

std::optional<Job> EmbeddedQueue::dismiss(const std::string& id) {
  std::unique_lock lock(mutex_);
  const auto found = jobs_.find(id);
  if (found == jobs_.end()) return std::nullopt;
  Entry& entry = found->second;
  Ticket ticket = 0;
  switch (entry.job.status) {
    case JobStatus::accepted: {
      Job next = entry.job;
      next.finished = now_millis();
      ticket = journal(records::dismiss(next, next.finished));
      waiting_.erase(id);
      set_status_locked(entry, JobStatus::dismissed);
      entry.job.finished = next.finished;
      break;
    }
    case JobStatus::running:
      // Journaled too: after a crash the job is dismissed instead of run again.
      if (!entry.cancel) ticket = journal(records::dismiss(entry.job, now_millis()));
      entry.cancel = true;
      break;
    case JobStatus::successful:
    case JobStatus::failed:
      ticket = journal(records::dismiss(entry.job, entry.job.finished));
      set_status_locked(entry, JobStatus::dismissed);
      break;
    case JobStatus::dismissed:
      break;
  }
  Job result = entry.job;
  lock.unlock();
  wait_durable(ticket);
  return result;
}

bool EmbeddedQueue::cancel_requested(const std::string& id) const {
  std::shared_lock lock(mutex_);
  const auto found = jobs_.find(id);
  return found != jobs_.end() && found->second.cancel;
}

std::optional<Job> EmbeddedQueue::get(const std::string& id) const {
  std::shared_lock lock(mutex_);
  const auto found = jobs_.find(id);
  if (found == jobs_.end()) return std::nullopt;
  return found->second.job;
}

std::optional<Job> EmbeddedQueue::find_idempotent(const std::string& owner, const std::string& key) const {
  std::shared_lock lock(mutex_);
  const auto seen = idempotency_.find(std::pair{owner, key});
  if (seen == idempotency_.end()) return std::nullopt;
  return jobs_.at(seen->second).job;
}

std::vector<Job> EmbeddedQueue::list(const JobFilter& filter) const {
  std::shared_lock lock(mutex_);
  std::vector<Job> page;
  std::size_t skipped = 0;
  for (auto it = order_.rbegin(); it != order_.rend() && page.size() < filter.limit; ++it) {
    const Job& job = jobs_.at(*it).job;
    if (!matches(job, filter)) continue;
    if (skipped++ < filter.offset) continue;
    page.push_back(job);
  }
  return page;
}

QueueStats EmbeddedQueue::stats() const {
  std::shared_lock lock(mutex_);
  QueueStats stats;
  for (const JobStatus status : {JobStatus::accepted, JobStatus::running, JobStatus::successful,
                                 JobStatus::failed, JobStatus::dismissed})
    stats.jobs_by_status[status] = by_status_[slot(status)];
  stats.depth = waiting_.size();
  return stats;
}

std::size_t EmbeddedQueue::active_jobs(const std::string& owner) const {
  std::shared_lock lock(mutex_);
  const auto found = active_by_owner_.find(owner);
  return found == active_by_owner_.end() ? 0 : found->second;
}

void EmbeddedQueue::close() {
  {
    std::unique_lock lock(mutex_);
    closed_ = true;
  }
  job_waiting_.notify_all();
}

std::vector<std::string> EmbeddedQueue::snapshot_locked() const {
  std::vector<std::string> snapshot;
  snapshot.reserve(order_.size());
  for (const auto& id : order_) {
    const Entry& entry = jobs_.at(id);
    if (entry.cancel && entry.job.status == JobStatus::running) {
      Job dismissed = entry.job;  // what replaying its dismiss record would give
      dismissed.status = JobStatus::dismissed;
      dismissed.finished = now_millis();
      snapshot.push_back(records::snapshot(dismissed));
    } else {
      snapshot.push_back(records::snapshot(entry.job));
    }
  }
  return snapshot;
}

void EmbeddedQueue::compact() {
  std::unique_lock lock(mutex_);
  if (!journal_) return;
  journal_->rewrite(snapshot_locked());
  journal_records_ = jobs_.size();
}

}  // namespace twin::jobs
