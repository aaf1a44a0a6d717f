#include "twin/jobs/redis_queue.hpp"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <random>

#include "redis_client.hpp"
#include "redis_scripts.hpp"
#include "twin/data/error.hpp"
#include "twin/jobs/job_id.hpp"

namespace twin::jobs {
namespace {

using redis::Value;
using Fields = std::map<std::string, std::string>;

// HGETALL's flat [field, value, ...] reply as a map.
Fields fields_of(const Value& reply) {
  Fields fields;
  for (std::size_t i = 0; i + 1 < reply.elements.size(); i += 2)
    fields[reply.elements[i].text] = reply.elements[i + 1].text;
  return fields;
}

std::string field(const Fields& fields, const std::string& name) {
  const auto found = fields.find(name);
  return found == fields.end() ? std::string() : found->second;
}

long long integer(const Fields& fields, const std::string& name) {
  try {
    return std::stoll(field(fields, name));
  } catch (const std::exception&) {
    return 0;
  }
}

// The job from its hash: the request as submitted (JSON) plus the fields that change.
Job job_of(const Fields& fields) {
  const auto record = nlohmann::json::parse(field(fields, "job"), nullptr, false);
  if (record.is_discarded())
    throw data::Error(data::ErrorCode::corrupt_file, "a job record in Redis is not JSON");
  Job job = job_from_json(record);
  job.status = parse_status(field(fields, "status")).value_or(JobStatus::failed);
  try {
    job.progress = std::stod(field(fields, "progress"));
  } catch (const std::exception&) {
    job.progress = 0;
  }
  job.message = field(fields, "message");
  job.created = integer(fields, "created");
  job.started = integer(fields, "started");
  job.finished = integer(fields, "finished");
  job.attempts = static_cast<int>(integer(fields, "attempts"));
  job.error.reset();
  if (const auto code = field(fields, "error_code"); !code.empty())
    job.error = JobError{code, field(fields, "error_message")};
  return job;
}

std::string default_consumer() {
  std::array<char, 256> host{};
  if (gethostname(host.data(), host.size() - 1) != 0) host[0] = '\0';
  std::random_device random;
  char tag[8];
  std::snprintf(tag, sizeof tag, "%04x",
                std::uniform_int_distribution<unsigned>(0, 0xffff)(random));
  return std::string(host.data()) + "-" + std::to_string(getpid()) + "-" + tag;
}

std::string text(std::chrono::milliseconds ms) { return std::to_string(ms.count()); }
std::string now_text() { return std::to_string(now_millis()); }

// An error reply nobody expects (an old Redis, keys changed by hand): a server-side failure.
[[noreturn]] void unexpected(const Value& reply, const std::string& what) {
  throw data::Error(data::ErrorCode::io_error, "redis queue: " + what + " failed: " + reply.text);
}

}  // namespace

// A script's text and the SHA-1 Redis knows it by (SCRIPT LOAD).
struct RedisQueue::Scripts {
  struct Script {
    std::string text;
    std::string sha;
  };
  Script submit, claim, claim_job, progress, finish, dismiss, heartbeat;

  // EVALSHA, and EVAL when Redis does not know the script (its script cache is empty after a
  // restart). Error replies come back as values of type error.
  static Value run(redis::Client& client, const Script& script,
                   const std::vector<std::string>& args, bool retry_safe = false) {
    std::vector<std::string> command{"EVALSHA", script.sha, "0"};
    command.insert(command.end(), args.begin(), args.end());
    Value reply = client.command(command, retry_safe);
    if (reply.is_error() && reply.text.starts_with("NOSCRIPT")) {
      command[0] = "EVAL";
      command[1] = script.text;
      reply = client.command(command, retry_safe);
    }
    return reply;
  }
};

RedisQueue::RedisQueue(RedisQueueOptions options) : options_(std::move(options)) {
  if (options_.consumer.empty()) options_.consumer = default_consumer();
  if (options_.max_attempts < 1)
    throw data::Error(data::ErrorCode::invalid_argument,
                      "redis queue: max attempts must be at least 1");
  redis::ClientOptions client_options;
  client_options.connect_timeout = options_.connect_timeout;
  client_options.command_timeout = options_.command_timeout;
  auto endpoint = redis::parse_url(options_.url);
  if (!endpoint.tls && !(options_.tls_ca + options_.tls_cert + options_.tls_key).empty())
    throw data::Error(data::ErrorCode::invalid_argument,
                      "--queue-tls-ca, --queue-tls-cert and --queue-tls-key need a rediss:// URL");
  endpoint.tls_ca = options_.tls_ca;
  endpoint.tls_cert = options_.tls_cert;
  endpoint.tls_key = options_.tls_key;
  client_ = std::make_unique<redis::Client>(std::move(endpoint), client_options);

  scripts_ = std::make_unique<Scripts>();
  for (auto [script, source] : {std::pair{&scripts_->submit, redis::scripts::submit()},
                                {&scripts_->claim, redis::scripts::claim()},
                                {&scripts_->claim_job, redis::scripts::claim_job()},
                                {&scripts_->progress, redis::scripts::progress()},
                                {&scripts_->finish, redis::scripts::finish()},
                                {&scripts_->dismiss, redis::scripts::dismiss()},
                                {&scripts_->heartbeat, redis::scripts::heartbeat()}}) {
    script->text = source;
    const Value sha = client_->command({"SCRIPT", "LOAD", source}, true);
    if (sha.is_error()) unexpected(sha, "loading a script");
    script->sha = sha.text;
  }
  const Value group =
      client_->command({"XGROUP", "CREATE", key("stream"), "workers", "0", "MKSTREAM"});
  if (group.is_error() && !group.text.starts_with("BUSYGROUP"))
    unexpected(group, "creating the consumer group");
}

RedisQueue::~RedisQueue() {
  close();
  {
    std::lock_guard lock(heartbeat_mutex_);
    heartbeat_stop_ = true;
  }
  heartbeat_wake_.notify_all();
  if (heartbeat_.joinable()) {
    heartbeat_.join();
    try {
      client_->command({"DEL", key("worker:" + options_.consumer)});
    } catch (const std::exception&) {
      // Redis is gone: the key expires by itself.
    }
  }
}

std::string RedisQueue::endpoint() const { return client_->endpoint().display(); }

SubmitResult RedisQueue::submit(JobRequest request) {
  Job job;
  job.id = new_id();
  job.request = std::move(request);
  job.created = now_millis();
  const Value reply = Scripts::run(*client_, scripts_->submit,
                                   {options_.prefix, job.id, to_json(job).dump(), job.request.owner,
                                    std::to_string(job.request.priority),
                                    job.request.idempotency_key, std::to_string(job.created)});
  if (reply.is_error() || reply.elements.size() != 2) unexpected(reply, "submit");
  if (reply.elements[0].integer == 1) return {std::move(job), true};
  const auto earlier = get(reply.elements[1].text);
  if (!earlier)
    throw data::Error(data::ErrorCode::io_error, "redis queue: the Idempotency-Key names job " +
                                                     reply.elements[1].text + ", which is gone");
  return {*earlier, false};
}

std::optional<Job> RedisQueue::claim(std::chrono::milliseconds wait) {
  start_heartbeat();
  const auto deadline = std::chrono::steady_clock::now() + wait;
  while (!closed_.load()) {
    const Value reply =
        Scripts::run(*client_, scripts_->claim,
                     {options_.prefix, options_.consumer, now_text(), text(options_.reclaim_idle),
                      std::to_string(options_.max_attempts)});
    if (reply.is_error()) unexpected(reply, "claim");
    if (!reply.is_nil()) {
      const Fields fields = fields_of(reply);
      Job job = job_of(fields);
      std::lock_guard lock(running_mutex_);
      running_[job.id] = field(fields, "entry");
      return job;
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return std::nullopt;
    // A submit pushes a token to the wake list; the time-out bounds how long an idle entry of
    // a dead worker, or close(), waits to be noticed.
    const auto slice = std::max(std::chrono::milliseconds(1), std::min(left, options_.poll));
    client_->command(
        {"BLPOP", key("wake"), std::to_string(static_cast<double>(slice.count()) / 1000.0)}, true,
        slice);
  }
  return std::nullopt;
}

std::optional<Job> RedisQueue::claim_job(const std::string& id) {
  if (closed_.load()) return std::nullopt;
  start_heartbeat();
  const Value reply = Scripts::run(*client_, scripts_->claim_job,
                                   {options_.prefix, id, options_.consumer, now_text(),
                                    text(options_.reclaim_idle), std::to_string(options_.max_attempts)});
  if (reply.is_error()) unexpected(reply, "claim of job " + id);
  if (reply.is_nil()) return std::nullopt;
  const Fields fields = fields_of(reply);
  Job job = job_of(fields);
  std::lock_guard lock(running_mutex_);
  running_[job.id] = field(fields, "entry");
  return job;
}

void RedisQueue::report_progress(const std::string& id, double percent, std::string message) {
  try {
    Scripts::run(*client_, scripts_->progress,
                 {options_.prefix, id, std::to_string(std::clamp(percent, 0.0, 100.0)), message,
                  options_.consumer});
  } catch (const std::exception&) {
    // Progress is advisory; the next report or the final status will get through.
  }
}

void RedisQueue::finish(const std::string& id, JobStatus status,
                        const std::optional<JobError>& error) {
  std::vector<std::string> args{options_.prefix,
                                id,
                                std::string(status_name(status)),
                                now_text(),
                                error ? error->code : std::string(),
                                error ? error->message : std::string(),
                                options_.consumer,
                                "0"};
  // Whatever happens next, this process stops keeping the entry alive: if the outcome is not
  // stored, the entry goes idle and another worker runs the job again.
  struct Forget {
    RedisQueue& queue;
    const std::string& id;
    ~Forget() {
      std::lock_guard lock(queue.running_mutex_);
      queue.running_.erase(id);
    }
  } forget{*this, id};
  Value reply;
  try {
    reply = Scripts::run(*client_, scripts_->finish, args);
  } catch (const QueueUnavailable&) {
    // The connection broke with the outcome unknown: ask again, accepting "already done".
    args.back() = "1";
    reply = Scripts::run(*client_, scripts_->finish, args);
  }
  if (!reply.is_error()) return;
  for (const char* refusal : {"TWIN_UNKNOWN ", "TWIN_STATE ", "TWIN_TAKEN "})
    if (reply.text.starts_with(refusal))
      throw data::Error(data::ErrorCode::invalid_argument,
                        "cannot finish " + reply.text.substr(std::string_view(refusal).size()));
  unexpected(reply, "finish");
}

void RedisQueue::complete(const std::string& id) {
  finish(id, JobStatus::successful, std::nullopt);
}

void RedisQueue::fail(const std::string& id, JobError error) {
  finish(id, JobStatus::failed, error);
}

void RedisQueue::mark_dismissed(const std::string& id) {
  finish(id, JobStatus::dismissed, std::nullopt);
}

std::optional<Job> RedisQueue::dismiss(const std::string& id) {
  const Value reply = Scripts::run(*client_, scripts_->dismiss, {options_.prefix, id, now_text()});
  if (reply.is_error()) unexpected(reply, "dismiss");
  if (reply.is_nil()) return std::nullopt;
  return job_of(fields_of(reply));
}

bool RedisQueue::cancel_requested(const std::string& id) const {
  const Value reply = client_->command({"HGET", key("job:" + id), "cancel"}, true);
  return reply.type == Value::Type::string && reply.text == "1";
}

std::optional<Job> RedisQueue::get(const std::string& id) const {
  const Value reply = client_->command({"HGETALL", key("job:" + id)}, true);
  if (reply.is_error()) unexpected(reply, "get");
  if (reply.elements.empty()) return std::nullopt;
  return job_of(fields_of(reply));
}

// The key the submit script sets with SET NX; the owner's length keeps "a:b" + "c" apart from
// "a" + "b:c".
std::optional<Job> RedisQueue::find_idempotent(const std::string& owner,
                                               const std::string& key_text) const {
  if (key_text.empty()) return std::nullopt;
  const Value id = client_->command(
      {"GET", key("idem:" + std::to_string(owner.size()) + ":" + owner + ":" + key_text)}, true);
  if (id.is_error()) unexpected(id, "idempotency lookup");
  if (id.is_nil()) return std::nullopt;
  return get(id.text);
}

std::vector<Job> RedisQueue::list(const JobFilter& filter) const {
  std::vector<Job> page;
  if (filter.limit == 0) return page;
  // Submission order per owner (or of all jobs) is a sorted set; walk it newest first in
  // batches, one pipelined round trip per batch.
  const std::string index = filter.owner ? key("owner:" + *filter.owner) : key("order");
  const std::size_t batch = std::clamp<std::size_t>(filter.limit + filter.offset, 64, 1000);
  std::size_t skipped = 0;
  for (std::size_t start = 0; page.size() < filter.limit; start += batch) {
    const Value ids = client_->command(
        {"ZREVRANGE", index, std::to_string(start), std::to_string(start + batch - 1)}, true);
    if (ids.is_error()) unexpected(ids, "list");
    if (ids.elements.empty()) break;
    std::vector<std::vector<std::string>> reads;
    for (const auto& id : ids.elements) reads.push_back({"HGETALL", key("job:" + id.text)});
    for (const Value& record : client_->pipeline(reads)) {
      if (record.elements.empty()) continue;
      Job job = job_of(fields_of(record));
      if (!filter.statuses.empty() && std::find(filter.statuses.begin(), filter.statuses.end(),
                                                job.status) == filter.statuses.end())
        continue;
      if (!filter.processes.empty() && std::find(filter.processes.begin(), filter.processes.end(),
                                                 job.request.process) == filter.processes.end())
        continue;
      if (skipped++ < filter.offset) continue;
      page.push_back(std::move(job));
      if (page.size() == filter.limit) break;
    }
  }
  return page;
}

QueueStats RedisQueue::stats() const {
  const Value reply = client_->command({"HGETALL", key("counts")}, true);
  if (reply.is_error()) unexpected(reply, "stats");
  const Fields counts = fields_of(reply);
  QueueStats stats;
  for (const JobStatus status : {JobStatus::accepted, JobStatus::running, JobStatus::successful,
                                 JobStatus::failed, JobStatus::dismissed})
    stats.jobs_by_status[status] =
        static_cast<std::size_t>(std::max(0LL, integer(counts, std::string(status_name(status)))));
  stats.depth = stats.jobs_by_status[JobStatus::accepted];
  return stats;
}

std::size_t RedisQueue::active_jobs(const std::string& owner) const {
  const Value reply = client_->command({"HGET", key("active"), owner}, true);
  if (reply.is_error()) unexpected(reply, "active jobs");
  return reply.is_nil() ? 0 : static_cast<std::size_t>(std::max(0LL, std::stoll(reply.text)));
}

void RedisQueue::close() { closed_.store(true); }

bool RedisQueue::reachable() const {
  try {
    const Value pong = client_->command({"PING"}, true);
    return !pong.is_error();
  } catch (const std::exception&) {
    return false;
  }
}

std::vector<DeadLetter> RedisQueue::dead_letters() const {
  const Value reply = client_->command({"XRANGE", key("dead"), "-", "+"}, true);
  if (reply.is_error()) unexpected(reply, "reading the dead letters");
  std::vector<DeadLetter> letters;
  for (const Value& entry : reply.elements) {
    if (entry.elements.size() < 2) continue;
    const Fields fields = fields_of(entry.elements[1]);
    letters.push_back(DeadLetter{field(fields, "job"), field(fields, "worker"),
                                 static_cast<int>(integer(fields, "attempts")),
                                 integer(fields, "time")});
  }
  return letters;
}

void RedisQueue::heartbeat_now() {
  std::vector<std::string> args{options_.prefix, options_.consumer, text(options_.reclaim_idle),
                                now_text()};
  {
    std::lock_guard lock(running_mutex_);
    for (const auto& [id, entry] : running_)
      if (!entry.empty()) args.push_back(entry);
  }
  const Value reply = Scripts::run(*client_, scripts_->heartbeat, args);
  if (reply.is_error()) unexpected(reply, "heartbeat");
}

void RedisQueue::start_heartbeat() {
  std::lock_guard lock(heartbeat_mutex_);
  if (!options_.heartbeat || heartbeat_.joinable() || heartbeat_stop_) return;
  heartbeat_ = std::thread([this] { heartbeat_loop(); });
}

void RedisQueue::heartbeat_loop() {
  const auto every = std::max(std::chrono::milliseconds(20), options_.reclaim_idle / 4);
  std::unique_lock lock(heartbeat_mutex_);
  while (!heartbeat_stop_) {
    lock.unlock();
    try {
      heartbeat_now();
    } catch (const std::exception&) {
      // Redis unreachable: entries keep their last idle time; the next beat tries again.
    }
    lock.lock();
    heartbeat_wake_.wait_for(lock, every, [this] { return heartbeat_stop_; });
  }
}

}  // namespace twin::jobs
