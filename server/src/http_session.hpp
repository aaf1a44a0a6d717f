#pragma once
// Internal to the transport: the state the listener shares with its connections, and the
// connection (session) itself.
#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "twin/server/http_server.hpp"

namespace twin::server::detail {

class Session;

struct ServerState {
  ServerOptions options;
  HttpServer::Handler handler;
  Metrics* metrics = nullptr;  // may be null
  Logger* logger = nullptr;    // never null

  std::atomic<std::size_t> active_connections{0};  // counted sessions only (not 503 ones)

  // Every live session, so stop() can close them all.
  std::mutex sessions_mutex;
  std::unordered_map<std::uint64_t, std::weak_ptr<Session>> sessions;
  std::uint64_t next_session_id = 0;
};

// Takes over an accepted socket (whose executor must be a strand). With `reject`, answers
// 503 and closes without reading a request.
void start_session(const std::shared_ptr<ServerState>& state, boost::asio::ip::tcp::socket socket,
                   bool reject);

// Closes every session's socket. Only while no io thread runs.
void close_all_sessions(ServerState& state);

}  // namespace twin::server::detail
