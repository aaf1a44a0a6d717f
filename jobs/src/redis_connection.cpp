// Plain connections: a hiredis context with its own socket, timeouts and keep-alive.
#include "redis_connection.hpp"

#include <hiredis/hiredis.h>

#include "redis_reply.hpp"

namespace twin::jobs::redis {
namespace {

timeval to_timeval(std::chrono::milliseconds ms) {
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(ms.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((ms.count() % 1000) * 1000);
  return tv;
}

class PlainConnection final : public Connection {
 public:
  explicit PlainConnection(redisContext* context) : context_(context) {}
  ~PlainConnection() override { redisFree(context_); }

  bool append(const std::vector<std::string>& args) override {
    ArgumentVector argv(args);
    return redisAppendCommandArgv(context_, argv.count(), argv.pointers(), argv.lengths()) ==
           REDIS_OK;
  }

  std::optional<Value> next_reply() override {
    void* reply = nullptr;
    if (redisGetReply(context_, &reply) != REDIS_OK || !reply) return std::nullopt;
    return take_reply(reply);
  }

  void set_read_timeout(std::chrono::milliseconds timeout) override {
    redisSetTimeout(context_, to_timeval(timeout));
  }

  std::string error() const override { return context_->errstr; }

 private:
  redisContext* context_;
};

}  // namespace

std::optional<Value> Connection::run(const std::vector<std::string>& args) {
  if (!append(args)) return std::nullopt;
  auto reply = next_reply();
  if (reply) last_used = std::chrono::steady_clock::now();
  return reply;
}

std::unique_ptr<Connection> connect_plain(const Endpoint& endpoint,
                                          std::chrono::milliseconds connect_timeout,
                                          std::chrono::milliseconds command_timeout) {
  redisContext* context =
      redisConnectWithTimeout(endpoint.host.c_str(), endpoint.port, to_timeval(connect_timeout));
  if (!context) throw ConnectFailed("cannot allocate a connection");
  if (context->err != 0) {
    const std::string why = context->errstr;
    redisFree(context);
    throw ConnectFailed(why);
  }
  auto connection = std::make_unique<PlainConnection>(context);
  connection->set_read_timeout(command_timeout);
  redisEnableKeepAlive(context);
  return connection;
}

}  // namespace twin::jobs::redis
