#include "twin/server/http_server.hpp"

#include <algorithm>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "http_session.hpp"
#include "twin/data/error.hpp"
#include "twin/server/log.hpp"

namespace twin::server {
namespace {
namespace net = boost::asio;
using tcp = net::ip::tcp;
using error_code = boost::system::error_code;

unsigned thread_count(unsigned requested) {
  if (requested > 0) return requested;
  return std::max(1u, std::thread::hardware_concurrency());
}
}  // namespace

struct HttpServer::Impl {
  Impl(ServerOptions options, Handler handler, Metrics* metrics)
      : state(std::make_shared<detail::ServerState>()),
        threads_wanted(thread_count(options.io_threads)),
        ioc(static_cast<int>(threads_wanted)),
        acceptor(net::make_strand(ioc)),
        accept_retry(acceptor.get_executor()) {
    state->logger = options.logger != nullptr ? options.logger : &default_logger();
    state->options = std::move(options);
    state->handler = std::move(handler);
    state->metrics = metrics;
  }

  void accept() {
    acceptor.async_accept(net::make_strand(ioc), [this](const error_code& ec, tcp::socket socket) {
      if (!acceptor.is_open() || ec == net::error::operation_aborted) return;
      if (ec) {
        // E.g. out of file descriptors: retry shortly rather than spin.
        state->logger->warn("accept failed", {{"error", ec.message()}});
        accept_retry.expires_after(std::chrono::milliseconds(50));
        accept_retry.async_wait([this](const error_code& wait_ec) {
          if (!wait_ec) accept();
        });
        return;
      }
      error_code ignored;
      socket.set_option(tcp::no_delay(true), ignored);
      const bool reject = state->active_connections.load() >= state->options.max_connections;
      detail::start_session(state, std::move(socket), reject);
      accept();
    });
  }

  std::shared_ptr<detail::ServerState> state;
  unsigned threads_wanted;
  net::io_context ioc;
  tcp::acceptor acceptor;
  net::steady_timer accept_retry;
  std::optional<net::executor_work_guard<net::io_context::executor_type>> work;
  std::vector<std::thread> threads;
  std::uint16_t port = 0;
  std::mutex lifecycle_mutex;
  bool started = false;
  bool stopped = false;
};

HttpServer::HttpServer(ServerOptions options, Handler handler, Metrics* metrics)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler), metrics)) {}

HttpServer::~HttpServer() { stop(); }

void HttpServer::start() {
  Impl& impl = *impl_;
  const std::lock_guard lock(impl.lifecycle_mutex);
  const ServerOptions& options = impl.state->options;
  const std::string where = options.host + ":" + std::to_string(options.port);
  if (impl.started)
    throw data::Error(data::ErrorCode::invalid_argument, "server on " + where + " started twice");
  try {
    tcp::resolver resolver(impl.ioc);
    const auto endpoints =
        resolver.resolve(options.host, std::to_string(options.port),
                         tcp::resolver::passive | tcp::resolver::numeric_service);
    const tcp::endpoint endpoint = endpoints.begin()->endpoint();
    impl.acceptor.open(endpoint.protocol());
    impl.acceptor.set_option(net::socket_base::reuse_address(true));
    impl.acceptor.bind(endpoint);
    impl.acceptor.listen(net::socket_base::max_listen_connections);
    impl.port = impl.acceptor.local_endpoint().port();
  } catch (const boost::system::system_error& e) {
    error_code ignored;
    impl.acceptor.close(ignored);
    throw data::Error(data::ErrorCode::io_error,
                      "cannot listen on " + where + ": " + e.code().message());
  }
  impl.work.emplace(impl.ioc.get_executor());
  impl.accept();
  for (unsigned i = 0; i < impl.threads_wanted; ++i)
    impl.threads.emplace_back([&impl] { impl.ioc.run(); });
  impl.started = true;
  impl.state->logger->info(
      "listening",
      {{"host", options.host}, {"port", impl.port}, {"io_threads", impl.threads_wanted}});
}

std::uint16_t HttpServer::port() const { return impl_->port; }

void HttpServer::stop_accepting() {
  Impl& impl = *impl_;
  const std::lock_guard lock(impl.lifecycle_mutex);
  if (!impl.started || impl.stopped) return;
  net::post(impl.acceptor.get_executor(), [&impl] {
    error_code ignored;
    impl.acceptor.close(ignored);
    impl.accept_retry.cancel();
  });
}

void HttpServer::stop() {
  Impl& impl = *impl_;
  const std::lock_guard lock(impl.lifecycle_mutex);
  if (!impl.started || impl.stopped) return;
  impl.stopped = true;
  // Handlers running now finish; nothing else starts. Then, with no io thread left, every
  // socket is closed from here; the sessions themselves go with the io_context.
  impl.work.reset();
  impl.ioc.stop();
  for (auto& thread : impl.threads) thread.join();
  impl.threads.clear();
  error_code ignored;
  impl.acceptor.close(ignored);
  detail::close_all_sessions(*impl.state);
  impl.state->logger->info("stopped", {{"port", impl.port}});
}

std::size_t HttpServer::active_connections() const {
  return impl_->state->active_connections.load();
}

}  // namespace twin::server
