#include "cli/service_options.hpp"

#include <pthread.h>

#include "twin/data/error.hpp"

namespace twin::server::cli {

void add_queue_options(CLI::App& command, QueueArgs& args) {
  command
      .add_option("--queue", args.url,
                  "Job queue: 'embedded' (journal in the data directory) or "
                  "redis[s]://[[user]:password@]host[:port][/db] (rediss: TLS)")
      ->envname("TWINSOLVE_QUEUE");
  command
      .add_option("--queue-tls-ca", args.tls_ca,
                  "rediss://: PEM file of the CA that signs Redis's certificate (default: the "
                  "system's CAs)")
      ->envname("TWINSOLVE_QUEUE_TLS_CA");
  command
      .add_option("--queue-tls-cert", args.tls_cert,
                  "rediss://: PEM client certificate, for a Redis with tls-auth-clients")
      ->envname("TWINSOLVE_QUEUE_TLS_CERT");
  command.add_option("--queue-tls-key", args.tls_key, "rediss://: PEM key of --queue-tls-cert")
      ->envname("TWINSOLVE_QUEUE_TLS_KEY");
  command
      .add_option(
          "--reclaim-idle", args.reclaim_idle_s,
          "Redis queue: seconds without a heartbeat after which another worker takes a job over")
      ->envname("TWINSOLVE_RECLAIM_IDLE")
      ->check(CLI::Range(0.1, 86400.0))
      ->capture_default_str();
  command
      .add_option(
          "--max-attempts", args.max_attempts,
          "Redis queue: deliveries after which a job whose worker keeps dying fails (dead letter)")
      ->envname("TWINSOLVE_MAX_ATTEMPTS")
      ->check(CLI::Range(1, 100))
      ->capture_default_str();
}

std::unique_ptr<jobs::RedisQueue> open_redis_queue(const QueueArgs& args) {
  jobs::RedisQueueOptions options;
  options.url = args.url;
  options.tls_ca = args.tls_ca;
  options.tls_cert = args.tls_cert;
  options.tls_key = args.tls_key;
  options.reclaim_idle = millis(args.reclaim_idle_s);
  options.max_attempts = args.max_attempts;
  return std::make_unique<jobs::RedisQueue>(options);
}

LogLevel parse_log_level(const std::string& text) {
  for (auto level : {LogLevel::debug, LogLevel::info, LogLevel::warn, LogLevel::error})
    if (log_level_name(level) == text) return level;
  throw data::Error(data::ErrorCode::invalid_argument,
                    "--log-level must be debug, info, warn or error");
}

std::chrono::milliseconds millis(double seconds) {
  return std::chrono::milliseconds(static_cast<long long>(seconds * 1000.0));
}

sigset_t block_stop_signals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  return signals;
}

nlohmann::json job_ended_fields(const jobs::Job& job, double seconds) {
  nlohmann::json fields{{"job", job.id},
                        {"process", job.request.process},
                        {"status", jobs::status_name(job.status)},
                        {"attempts", job.attempts},
                        {"seconds", seconds}};
  if (job.error) fields["error"] = job.error->code + ": " + job.error->message;
  return fields;
}

}  // namespace twin::server::cli
