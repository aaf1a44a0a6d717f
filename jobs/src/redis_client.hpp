#pragma once
// A small synchronous Redis client for the Redis queue: a pool of connections (one caller
// at a time each), commands as argument vectors, replies copied into plain values; plain
// connections are hiredis contexts, TLS ones an Asio SSL stream (redis_connection.hpp). A connection that breaks is dropped; new connections are made with
// exponential backoff, and while Redis cannot be reached every call fails at once with
// QueueUnavailable instead of hanging the caller.
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

struct redisContext;

namespace twin::jobs::redis {

// Where Redis is, from redis[s]://[[user]:password@]host[:port][/db], and for rediss:// (TLS)
// the PEM files: the CA that signs the server's certificate (empty = the system's CAs) and an
// optional client certificate with its key.
struct Endpoint {
  std::string host = "127.0.0.1";
  int port = 6379;
  std::string user;
  std::string password;
  int db = 0;
  bool tls = false;
  std::string tls_ca;
  std::string tls_cert;
  std::string tls_key;
  std::string display() const;  // "redis[s]://host:port/db", never the password
};

// Throws data::Error(invalid_argument) for anything else.
Endpoint parse_url(std::string_view url);

class Connection;
class TlsContext;

struct Value {
  enum class Type { nil, string, integer, array, status, error };
  Type type = Type::nil;
  std::string text;  // string, status, error
  long long integer = 0;
  std::vector<Value> elements;

  bool is_nil() const { return type == Type::nil; }
  bool is_error() const { return type == Type::error; }
};

struct ClientOptions {
  std::chrono::milliseconds connect_timeout{1000};
  std::chrono::milliseconds command_timeout{5000};
  std::chrono::milliseconds backoff_min{50};    // first wait after a failed connect
  std::chrono::milliseconds backoff_max{2000};  // the wait doubles up to this
};

class Client {
 public:
  Client(Endpoint endpoint, ClientOptions options);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // One command. An error reply comes back as a Value of type error. Throws QueueUnavailable
  // when Redis cannot be reached, or the connection breaks while the command is under way (then
  // whether it took effect is unknown; `retry_safe` commands, which change nothing, are retried
  // once on a fresh connection). `extra_timeout` lengthens the read timeout of blocking commands.
  Value command(const std::vector<std::string>& args, bool retry_safe = false,
                std::chrono::milliseconds extra_timeout = std::chrono::milliseconds(0));
  // Several commands in one round trip (pipelined), replies in order; changes nothing, so it is
  // retried like a retry_safe command.
  std::vector<Value> pipeline(const std::vector<std::vector<std::string>>& commands);

  const Endpoint& endpoint() const { return endpoint_; }

 private:
  std::unique_ptr<Connection> acquire();
  void release(std::unique_ptr<Connection> connection);
  std::unique_ptr<Connection> connect();
  void drop_idle();
  [[noreturn]] void unavailable(const std::string& what) const;

  Endpoint endpoint_;
  ClientOptions options_;
  std::unique_ptr<TlsContext> tls_;  // rediss:// only
  std::mutex mutex_;
  std::vector<std::unique_ptr<Connection>> idle_;
  std::chrono::steady_clock::time_point next_connect_{};
  std::chrono::milliseconds backoff_{0};
};

}  // namespace twin::jobs::redis
