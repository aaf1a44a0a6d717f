#pragma once
// One connection to Redis, plain or TLS, behind one small interface the client's pool uses.
// Plain connections are hiredis contexts. TLS connections (rediss://) speak through a
// Boost.Asio SSL stream and use hiredis only to format commands and parse replies, because
// Debian 12's hiredis 0.14 has no TLS of its own.
#include <chrono>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "redis_client.hpp"

namespace twin::jobs::redis {

// Connecting failed: Redis is down, unreachable, or the TLS handshake was refused.
struct ConnectFailed : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Connection {
 public:
  virtual ~Connection() = default;

  // Queues a command; it is sent with the next next_reply(). False when the connection broke.
  virtual bool append(const std::vector<std::string>& args) = 0;
  // The next reply; nullopt when the connection broke (drop it; error() says why).
  virtual std::optional<Value> next_reply() = 0;
  virtual void set_read_timeout(std::chrono::milliseconds timeout) = 0;
  virtual std::string error() const = 0;

  // One command, one reply.
  std::optional<Value> run(const std::vector<std::string>& args);

  std::chrono::steady_clock::time_point last_used;
};

// TLS settings, loaded once per client: the CA that signs the server's certificate and, for
// servers that ask for it (Redis's default tls-auth-clients yes), the client's certificate.
class TlsContext {
 public:
  // Throws data::Error(invalid_argument) naming the file that cannot be read.
  explicit TlsContext(const Endpoint& endpoint);
  ~TlsContext();
  struct Impl;
  Impl& impl() { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

// Both throw ConnectFailed.
std::unique_ptr<Connection> connect_plain(const Endpoint& endpoint,
                                          std::chrono::milliseconds connect_timeout,
                                          std::chrono::milliseconds command_timeout);
std::unique_ptr<Connection> connect_tls(const Endpoint& endpoint, TlsContext& tls,
                                        std::chrono::milliseconds connect_timeout,
                                        std::chrono::milliseconds command_timeout);

}  // namespace twin::jobs::redis
