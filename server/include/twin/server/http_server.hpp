#pragma once
// The HTTP/1.1 transport: Boost.Beast, fully asynchronous, running any handler that maps an
// HttpRequest to an HttpResponse. It owns everything about connections — limits, timeouts,
// keep-alive, HEAD, streaming file bodies, errors the handler never sees — and records every
// response in the metrics and the access log. Boost stays out of this header.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "twin/server/http_types.hpp"

namespace twin::server {

class Logger;
class Metrics;

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;                          // 0 = a free port, see HttpServer::port()
  unsigned io_threads = 0;                         // 0 = std::thread::hardware_concurrency()
  std::uint32_t max_header_bytes = 16 * 1024;      // request line + fields; over -> 431
  std::uint64_t json_body_limit = 1024 * 1024;     // JSON or no Content-Type; over -> 413
  std::uint64_t upload_body_limit = 512ULL << 20;  // any other Content-Type; over -> 413
  // The whole header must arrive within this; the body may not stall for longer than this
  // between two reads. Over -> 408 and close.
  std::chrono::milliseconds read_timeout{30'000};
  std::chrono::milliseconds idle_timeout{60'000};   // keep-alive wait for the next request
  std::chrono::milliseconds write_timeout{30'000};  // a response may not stall longer
  std::size_t max_connections = 1024;               // beyond -> 503 and close
  Logger* logger = nullptr;                         // nullptr = default_logger()
};

class HttpServer {
 public:
  // Called on an io thread, one request at a time per connection; may block briefly. The
  // handler sees HEAD requests as GET: the transport drops the body, keeps the headers.
  // An exception escaping it becomes a 500 problem response (and an error log line).
  using Handler = std::function<HttpResponse(HttpRequest&&)>;

  HttpServer(ServerOptions options, Handler handler, Metrics* metrics = nullptr);
  ~HttpServer();  // stop()s
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds, listens, starts the io threads and returns. Throws data::Error(io_error) naming
  // host:port when the address cannot be resolved or bound.
  void start();
  std::uint16_t port() const;  // the bound port (useful with port 0)
  // No new connections; open ones are served on (graceful drain).
  void stop_accepting();
  // Closes the listener and every connection, joins the io threads. Idempotent.
  void stop();
  std::size_t active_connections() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace twin::server
