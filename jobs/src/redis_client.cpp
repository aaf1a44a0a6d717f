#include "redis_client.hpp"

#include <hiredis/hiredis.h>
#include <signal.h>

#include <algorithm>
#include <charconv>
#include <csignal>
#include <optional>
#include <thread>

#include "twin/data/error.hpp"
#include "twin/jobs/queue.hpp"

namespace twin::jobs::redis {
namespace {

timeval to_timeval(std::chrono::milliseconds ms) {
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(ms.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((ms.count() % 1000) * 1000);
  return tv;
}

Value copy(const redisReply* reply) {
  Value value;
  if (!reply) return value;
  switch (reply->type) {
    case REDIS_REPLY_STRING:
      value.type = Value::Type::string;
      value.text.assign(reply->str, reply->len);
      break;
    case REDIS_REPLY_STATUS:
      value.type = Value::Type::status;
      value.text.assign(reply->str, reply->len);
      break;
    case REDIS_REPLY_ERROR:
      value.type = Value::Type::error;
      value.text.assign(reply->str, reply->len);
      break;
    case REDIS_REPLY_INTEGER:
      value.type = Value::Type::integer;
      value.integer = reply->integer;
      break;
    case REDIS_REPLY_ARRAY:
      value.type = Value::Type::array;
      value.elements.reserve(reply->elements);
      for (std::size_t i = 0; i < reply->elements; ++i)
        value.elements.push_back(copy(reply->element[i]));
      break;
    default:
      break;  // nil
  }
  return value;
}

// The URL as shown in messages: without the password.
std::string shown(std::string_view url) {
  const auto at = url.rfind('@');
  if (at == std::string_view::npos) return std::string(url);
  return "redis://…@" + std::string(url.substr(at + 1));
}

[[noreturn]] void bad_url(std::string_view url, const std::string& why) {
  throw data::Error(data::ErrorCode::invalid_argument,
                    "--queue " + shown(url) + ": " + why +
                        " (expected redis://[[user]:password@]host[:port][/db])");
}

int parse_int(std::string_view text, std::string_view url, const char* what, int low, int high) {
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < low || value > high)
    bad_url(url, std::string(what) + " must be a number from " + std::to_string(low) + " to " +
                     std::to_string(high));
  return value;
}

}  // namespace

std::string Endpoint::display() const {
  return "redis://" + host + ":" + std::to_string(port) + "/" + std::to_string(db);
}

Endpoint parse_url(std::string_view url) {
  Endpoint endpoint;
  if (url.starts_with("rediss://"))
    throw data::Error(data::ErrorCode::invalid_argument,
                      "--queue rediss://: TLS is not supported yet (Debian 12's hiredis 0.14 has "
                      "no hiredis_ssl); "
                      "reach Redis over a private network or a TLS tunnel and use redis://");
  if (!url.starts_with("redis://")) bad_url(url, "not a redis:// URL");
  std::string_view rest = url.substr(8);
  if (const auto at = rest.rfind('@'); at != std::string_view::npos) {
    const std::string_view credentials = rest.substr(0, at);
    rest = rest.substr(at + 1);
    const auto colon = credentials.find(':');
    if (colon == std::string_view::npos) bad_url(url, "credentials must be [user]:password");
    endpoint.user = std::string(credentials.substr(0, colon));
    endpoint.password = std::string(credentials.substr(colon + 1));
  }
  if (const auto slash = rest.find('/'); slash != std::string_view::npos) {
    const std::string_view db = rest.substr(slash + 1);
    if (!db.empty()) endpoint.db = parse_int(db, url, "the database", 0, 1 << 20);
    rest = rest.substr(0, slash);
  }
  if (const auto colon = rest.rfind(':'); colon != std::string_view::npos) {
    endpoint.port = parse_int(rest.substr(colon + 1), url, "the port", 1, 65535);
    rest = rest.substr(0, colon);
  }
  if (rest.empty()) bad_url(url, "no host");
  endpoint.host = std::string(rest);
  return endpoint;
}

struct Client::Connection {
  redisContext* context = nullptr;
  std::chrono::steady_clock::time_point last_used;
  ~Connection() {
    if (context) redisFree(context);
  }
  bool broken() const { return context->err != 0; }
  std::string error() const { return context->errstr; }

  // nullopt when the connection broke (then it must be dropped).
  std::optional<Value> run(const std::vector<std::string>& args) {
    std::vector<const char*> argv;
    std::vector<std::size_t> lengths;
    for (const auto& arg : args) {
      argv.push_back(arg.data());
      lengths.push_back(arg.size());
    }
    auto* reply = static_cast<redisReply*>(
        redisCommandArgv(context, static_cast<int>(argv.size()), argv.data(), lengths.data()));
    if (!reply) return std::nullopt;
    Value value = copy(reply);
    freeReplyObject(reply);
    last_used = std::chrono::steady_clock::now();
    return value;
  }
};

namespace {

// hiredis writes with write(2): on a connection Redis has reset, that raises SIGPIPE, whose
// default action ends the process, so a worker would die of a Redis restart. Ignored, the
// write fails with EPIPE and the connection is dropped like after any other error. A handler
// the program installed itself is left alone.
void ignore_sigpipe_once() {
  static const bool done = [] {
    struct sigaction current {};
    if (sigaction(SIGPIPE, nullptr, &current) == 0 && current.sa_handler == SIG_DFL)
      std::signal(SIGPIPE, SIG_IGN);
    return true;
  }();
  (void)done;
}

}  // namespace

Client::Client(Endpoint endpoint, ClientOptions options)
    : endpoint_(std::move(endpoint)), options_(options) {
  ignore_sigpipe_once();
}

Client::~Client() = default;

void Client::unavailable(const std::string& what) const {
  throw QueueUnavailable("the job queue at " + endpoint_.display() + " is unavailable: " + what);
}

std::unique_ptr<Client::Connection> Client::connect() {
  {
    std::lock_guard lock(mutex_);
    if (std::chrono::steady_clock::now() < next_connect_)
      unavailable("reconnecting (next attempt in " +
                  std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                                     next_connect_ - std::chrono::steady_clock::now())
                                     .count()) +
                  " ms)");
  }
  auto failed = [this](const std::string& why) {
    {
      std::lock_guard lock(mutex_);
      backoff_ = std::clamp(backoff_ * 2, options_.backoff_min, options_.backoff_max);
      next_connect_ = std::chrono::steady_clock::now() + backoff_;
    }
    unavailable(why);
  };
  auto connection = std::make_unique<Connection>();
  connection->context = redisConnectWithTimeout(endpoint_.host.c_str(), endpoint_.port,
                                                to_timeval(options_.connect_timeout));
  if (!connection->context) failed("cannot allocate a connection");
  if (connection->broken()) failed(connection->error());
  redisSetTimeout(connection->context, to_timeval(options_.command_timeout));
  redisEnableKeepAlive(connection->context);
  auto setup = [&](const std::vector<std::string>& args) {
    const auto reply = connection->run(args);
    if (!reply) failed(connection->error());
    if (reply->is_error()) {
      // A wrong password or database is a configuration error, not an outage: say so.
      throw data::Error(
          data::ErrorCode::invalid_argument,
          "the job queue at " + endpoint_.display() + " refused " + args[0] + ": " + reply->text);
    }
  };
  if (!endpoint_.password.empty()) {
    if (endpoint_.user.empty())
      setup({"AUTH", endpoint_.password});
    else
      setup({"AUTH", endpoint_.user, endpoint_.password});
  }
  if (endpoint_.db != 0) setup({"SELECT", std::to_string(endpoint_.db)});
  std::lock_guard lock(mutex_);
  backoff_ = std::chrono::milliseconds(0);
  return connection;
}

std::unique_ptr<Client::Connection> Client::acquire() {
  std::unique_ptr<Connection> connection;
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      connection = std::move(idle_.back());
      idle_.pop_back();
    }
  }
  if (!connection) return connect();
  // A connection idle for a while may have been closed by a Redis restart. A PING (which
  // changes nothing) finds out, so that a write is not sent on a dead socket and left with an
  // unknown outcome.
  if (std::chrono::steady_clock::now() - connection->last_used > std::chrono::seconds(1)) {
    const auto pong = connection->run({"PING"});
    if (!pong || pong->is_error()) {
      drop_idle();
      return connect();
    }
  }
  return connection;
}

void Client::release(std::unique_ptr<Connection> connection) {
  std::lock_guard lock(mutex_);
  idle_.push_back(std::move(connection));
}

void Client::drop_idle() {
  std::lock_guard lock(mutex_);
  idle_.clear();
}

Value Client::command(const std::vector<std::string>& args, bool retry_safe,
                      std::chrono::milliseconds extra_timeout) {
  for (int attempt = 0;; ++attempt) {
    auto connection = acquire();
    if (extra_timeout.count() > 0)
      redisSetTimeout(connection->context, to_timeval(options_.command_timeout + extra_timeout));
    auto reply = connection->run(args);
    if (reply) {
      if (extra_timeout.count() > 0)
        redisSetTimeout(connection->context, to_timeval(options_.command_timeout));
      release(std::move(connection));
      return std::move(*reply);
    }
    const std::string why = connection->error();
    connection.reset();
    drop_idle();  // they share the fate of this one (a restart, a network cut)
    if (!retry_safe || attempt > 0)
      unavailable("connection lost during " + args.at(0) + " (" + why + ")");
  }
}

std::vector<Value> Client::pipeline(const std::vector<std::vector<std::string>>& commands) {
  for (int attempt = 0;; ++attempt) {
    auto connection = acquire();
    std::vector<Value> replies;
    bool ok = true;
    for (const auto& args : commands) {
      std::vector<const char*> argv;
      std::vector<std::size_t> lengths;
      for (const auto& arg : args) {
        argv.push_back(arg.data());
        lengths.push_back(arg.size());
      }
      if (redisAppendCommandArgv(connection->context, static_cast<int>(argv.size()), argv.data(),
                                 lengths.data()) != REDIS_OK) {
        ok = false;
        break;
      }
    }
    for (std::size_t i = 0; ok && i < commands.size(); ++i) {
      void* reply = nullptr;
      if (redisGetReply(connection->context, &reply) != REDIS_OK || !reply) {
        ok = false;
        break;
      }
      replies.push_back(copy(static_cast<redisReply*>(reply)));
      freeReplyObject(reply);
    }
    if (ok) {
      connection->last_used = std::chrono::steady_clock::now();
      release(std::move(connection));
      return replies;
    }
    const std::string why = connection->error();
    connection.reset();
    drop_idle();
    if (attempt > 0) unavailable("connection lost (" + why + ")");
  }
}

}  // namespace twin::jobs::redis
