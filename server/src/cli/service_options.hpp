#pragma once
// What `serve` and `worker` share: the queue options (--queue, the Redis queue's reclaim and
// delivery settings), opening the queue they name, the log level, and the stop signals.
#include <CLI/CLI.hpp>
#include <chrono>
#include <csignal>
#include <memory>
#include <string>

#include "twin/jobs/job.hpp"
#include "twin/jobs/queue.hpp"
#include "twin/jobs/redis_queue.hpp"
#include "twin/server/log.hpp"

namespace twin::server::cli {

struct QueueArgs {
  std::string url;  // empty or "embedded": the embedded queue; redis[s]://… : the Redis queue
  std::string tls_ca, tls_cert, tls_key;  // rediss:// only
  double reclaim_idle_s = 30;
  int max_attempts = 3;

  bool is_redis() const { return !url.empty() && url != "embedded"; }
};

// --queue, --queue-tls-*, --reclaim-idle, --max-attempts (each also from the environment).
void add_queue_options(CLI::App& command, QueueArgs& args);
// The Redis queue for args.url; throws data::Error(invalid_argument) for a malformed URL and
// QueueUnavailable when Redis does not answer.
std::unique_ptr<jobs::RedisQueue> open_redis_queue(const QueueArgs& args);

LogLevel parse_log_level(const std::string& text);  // data::Error(invalid_argument)
std::chrono::milliseconds millis(double seconds);

// Blocks SIGTERM and SIGINT in this thread and every thread started after it, so that only a
// sigwait on the returned set receives them.
sigset_t block_stop_signals();

// The log line for a job a runner ended.
nlohmann::json job_ended_fields(const jobs::Job& job, double seconds);

}  // namespace twin::server::cli
