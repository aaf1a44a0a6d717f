#include "redis_client.hpp"

#include <signal.h>

#include <algorithm>
#include <charconv>
#include <csignal>
#include <optional>
#include <thread>

#include "redis_connection.hpp"
#include "twin/data/error.hpp"
#include "twin/jobs/queue.hpp"

namespace twin::jobs::redis {
namespace {

// The URL as shown in messages: without the password.
std::string shown(std::string_view url) {
  const auto at = url.rfind('@');
  if (at == std::string_view::npos) return std::string(url);
  const auto scheme = url.find("://");
  return std::string(url.substr(0, scheme == std::string_view::npos ? 0 : scheme + 3)) + "…@" +
         std::string(url.substr(at + 1));
}

[[noreturn]] void bad_url(std::string_view url, const std::string& why) {
  throw data::Error(data::ErrorCode::invalid_argument,
                    "--queue " + shown(url) + ": " + why +
                        " (expected redis[s]://[[user]:password@]host[:port][/db])");
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
  return (tls ? "rediss://" : "redis://") + host + ":" + std::to_string(port) + "/" +
         std::to_string(db);
}

Endpoint parse_url(std::string_view url) {
  Endpoint endpoint;
  if (url.starts_with("rediss://")) {
    endpoint.tls = true;
  } else if (!url.starts_with("redis://")) {
    bad_url(url, "not a redis:// or rediss:// URL");
  }
  std::string_view rest = url.substr(endpoint.tls ? 9 : 8);
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
  if (endpoint_.tls) tls_ = std::make_unique<TlsContext>(endpoint_);
}

Client::~Client() = default;

void Client::unavailable(const std::string& what) const {
  throw QueueUnavailable("the job queue at " + endpoint_.display() + " is unavailable: " + what);
}

std::unique_ptr<Connection> Client::connect() {
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
  std::unique_ptr<Connection> connection;
  try {
    connection = tls_ ? connect_tls(endpoint_, *tls_, options_.connect_timeout,
                                    options_.command_timeout)
                      : connect_plain(endpoint_, options_.connect_timeout,
                                      options_.command_timeout);
  } catch (const ConnectFailed& e) {
    failed(e.what());
  }
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

std::unique_ptr<Connection> Client::acquire() {
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
      connection->set_read_timeout(options_.command_timeout + extra_timeout);
    auto reply = connection->run(args);
    if (reply) {
      if (extra_timeout.count() > 0) connection->set_read_timeout(options_.command_timeout);
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
      if (!connection->append(args)) {
        ok = false;
        break;
      }
    }
    for (std::size_t i = 0; ok && i < commands.size(); ++i) {
      auto reply = connection->next_reply();
      if (!reply) {
        ok = false;
        break;
      }
      replies.push_back(std::move(*reply));
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
