#pragma once
// The queue for several processes: API processes and workers share one Redis. Job records are
// hashes, so status, progress and the cancel flag are visible to every process; waiting jobs
// are ordered by priority and owner turns (as the embedded queue); a job a worker takes is
// delivered through a Redis stream with a consumer group, whose pending entries list says
// which worker runs what. Workers heartbeat; a worker that stops (kill -9, lost node) leaves
// its entries idle, and claim() of another worker takes them over (XAUTOCLAIM) after
// `reclaim_idle`. A job delivered `max_attempts` times without finishing goes to the
// dead-letter stream and fails with "too-many-deliveries". Every change of several keys is
// one Lua script, so it is atomic. Layout, scripts and delivery rules: docs/jobs.md.
//
// Redis unreachable: calls throw QueueUnavailable at once (reconnecting with backoff in the
// background of later calls); nothing is lost, because every accepted job is in Redis.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "twin/jobs/queue.hpp"

namespace twin::jobs {

namespace redis {
class Client;
}

struct RedisQueueOptions {
  std::string url = "redis://127.0.0.1:6379";  // redis[s]://[[user]:password@]host[:port][/db]
  // rediss:// (TLS): PEM files of the CA that signs Redis's certificate (empty = the system's
  // CAs) and of a client certificate and key, for a Redis that asks for one.
  std::string tls_ca;
  std::string tls_cert;
  std::string tls_key;
  std::string prefix = "twinsolve";            // every key starts with "<prefix>:"
  // A running job whose worker has not heartbeated for this long is taken over by another.
  std::chrono::milliseconds reclaim_idle{30'000};
  // Deliveries (starts) after which a job whose worker keeps dying fails "too-many-deliveries".
  int max_attempts = 3;
  // How often a waiting claim() looks for reclaimable entries (a submit wakes it at once).
  std::chrono::milliseconds poll{200};
  // This process's name in the consumer group; empty = "<host>-<pid>-<random>".
  std::string consumer;
  std::chrono::milliseconds connect_timeout{1000};
  std::chrono::milliseconds command_timeout{5000};
  // Off only in tests that play a worker that died: its entries are then never refreshed.
  bool heartbeat = true;
};

// What the dead-letter stream holds about a job given up on.
struct DeadLetter {
  std::string job_id;
  std::string worker;  // the consumer that had it last
  int attempts = 0;
  Millis time = 0;
};

class RedisQueue final : public Queue {
 public:
  // Parses the URL (data::Error(invalid_argument) when malformed) and creates the stream and
  // consumer group when missing; throws QueueUnavailable when Redis cannot be reached.
  explicit RedisQueue(RedisQueueOptions options);
  ~RedisQueue() override;

  SubmitResult submit(JobRequest request) override;
  std::optional<Job> claim(std::chrono::milliseconds wait) override;
  std::optional<Job> claim_job(const std::string& id) override;
  // Never throws: progress is not durable, and a lost report must not fail the job.
  void report_progress(const std::string& id, double percent, std::string message) override;
  void complete(const std::string& id) override;
  void fail(const std::string& id, JobError error) override;
  void mark_dismissed(const std::string& id) override;
  std::optional<Job> dismiss(const std::string& id) override;
  bool cancel_requested(const std::string& id) const override;
  std::optional<Job> get(const std::string& id) const override;
  std::optional<Job> find_idempotent(const std::string& owner,
                                     const std::string& key) const override;
  std::vector<Job> list(const JobFilter& filter) const override;
  QueueStats stats() const override;
  std::size_t active_jobs(const std::string& owner) const override;
  void close() override;

  // True when Redis answers (for /readyz).
  bool reachable() const;
  const std::string& consumer() const { return options_.consumer; }
  std::string endpoint() const;  // redis://host:port/db, without the password
  std::vector<DeadLetter> dead_letters() const;
  // Runs the heartbeat once now (tests; the background thread does it every reclaim_idle / 4).
  void heartbeat_now();

 private:
  void finish(const std::string& id, JobStatus status, const std::optional<JobError>& error);
  void start_heartbeat();
  void heartbeat_loop();
  std::string key(const std::string& suffix) const { return options_.prefix + ":" + suffix; }

  struct Scripts;

  RedisQueueOptions options_;
  std::unique_ptr<redis::Client> client_;
  std::unique_ptr<Scripts> scripts_;
  std::atomic<bool> closed_{false};

  // Stream entries of the jobs this process runs, by job id: only these are kept alive by the
  // heartbeat, so an entry whose claim reply was lost, or whose job a runner gave up on, goes
  // idle and is taken over.
  mutable std::mutex running_mutex_;
  std::map<std::string, std::string> running_;

  std::mutex heartbeat_mutex_;
  std::condition_variable heartbeat_wake_;
  bool heartbeat_stop_ = false;
  std::thread heartbeat_;
};

}  // namespace twin::jobs
