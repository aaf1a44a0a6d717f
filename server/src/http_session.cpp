#include "http_session.hpp"

#include <algorithm>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "http_convert.hpp"
#include "twin/server/log.hpp"
#include "twin/server/metrics.hpp"
#include "twin/server/problem.hpp"

namespace twin::server::detail {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using error_code = beast::error_code;
using Clock = std::chrono::steady_clock;

// After a response that closes the connection, unread request bytes are read and dropped
// for this long before closing, so the kernel does not reset the connection and destroy
// the response before the client reads it.
constexpr std::chrono::seconds drain_time{2};
constexpr std::size_t read_chunk = 16 * 1024;

bool peer_went_away(const error_code& ec) {
  return ec == http::error::end_of_stream || ec == http::error::partial_message ||
         ec == net::error::eof || ec == net::error::connection_reset ||
         ec == net::error::operation_aborted || ec == net::error::bad_descriptor ||
         ec == beast::error::timeout;
}

std::string millis_text(std::chrono::milliseconds duration) {
  return std::to_string(duration.count()) + " ms";
}

}  // namespace

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(std::shared_ptr<ServerState> state, tcp::socket socket, bool counted, std::uint64_t id)
      : state_(std::move(state)),
        stream_(std::move(socket)),
        timer_(stream_.get_executor()),
        id_(id),
        counted_(counted) {
    error_code ec;
    const auto endpoint = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_ = endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
  }

  ~Session() {
    if (counted_) state_->active_connections.fetch_sub(1);
    const std::lock_guard lock(state_->sessions_mutex);
    state_->sessions.erase(id_);
  }

  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void start(bool reject) {
    net::dispatch(stream_.get_executor(), [self = shared_from_this(), reject] {
      if (reject) {
        self->begin_request();
        self->fail(503, "the server has " + std::to_string(self->state_->options.max_connections) +
                            " connections open; retry later");
      } else {
        self->wait_for_request();
      }
    });
  }

  // From HttpServer::stop() once no io thread runs.
  void close_now() {
    error_code ec;
    stream_.socket().close(ec);
    timer_.cancel();
  }

 private:
  const ServerOptions& options() const { return state_->options; }

  // A read deadline of our own rather than tcp_stream's: tcp_stream closes the socket on
  // expiry, and a 408 must still be written. The generation makes a timer that fired just
  // as the read completed harmless.
  void arm_timer(std::chrono::milliseconds duration) {
    timed_out_ = false;
    const auto generation = ++timer_generation_;
    timer_.expires_after(duration);
    timer_.async_wait([self = shared_from_this(), generation](const error_code& ec) {
      if (ec || generation != self->timer_generation_) return;
      self->timed_out_ = true;
      error_code ignored;
      self->stream_.socket().cancel(ignored);
    });
  }

  void disarm_timer() {
    ++timer_generation_;
    timer_.cancel();
  }

  void close_quietly() {
    disarm_timer();
    error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.socket().close(ec);
  }

  // Keep-alive: wait for the first byte of the next request under the idle timeout (the
  // read timeout for a new connection). Pipelined bytes already buffered skip the wait.
  void wait_for_request() {
    if (buffer_.size() > 0) {
      read_header();
      return;
    }
    stream_.expires_never();
    arm_timer(first_request_ ? options().read_timeout : options().idle_timeout);
    stream_.async_read_some(buffer_.prepare(read_chunk), [self = shared_from_this()](
                                                             const error_code& ec, std::size_t n) {
      self->disarm_timer();
      if (ec) {
        self->close_quietly();  // idle too long, client gone, or server stopping
        return;
      }
      self->buffer_.commit(n);
      self->read_header();
    });
  }

  void begin_request() {
    started_ = Clock::now();
    method_ = "other";
    target_.clear();
    route_.clear();
    head_ = false;
    version_ = 11;
    status_ = 0;
  }

  void read_header() {
    begin_request();
    parser_.emplace();
    parser_->header_limit(options().max_header_bytes);
    // The real limit depends on the Content-Type, known only once the header is read.
    parser_->body_limit(std::max(options().json_body_limit, options().upload_body_limit));
    stream_.expires_never();
    arm_timer(options().read_timeout);
    http::async_read_header(stream_, buffer_, *parser_,
                            [self = shared_from_this()](const error_code& ec, std::size_t) {
                              self->disarm_timer();
                              self->on_header(ec);
                            });
  }

  void on_header(const error_code& ec) {
    if (timed_out_) {
      fail(408, "the request header did not arrive within " + millis_text(options().read_timeout));
      return;
    }
    if (ec == http::error::header_limit) {
      fail(431, "the request header is larger than " + std::to_string(options().max_header_bytes) +
                    " bytes");
      return;
    }
    if (ec == http::error::body_limit) {
      fail(413,
           "the request body is larger than " +
               std::to_string(std::max(options().json_body_limit, options().upload_body_limit)) +
               " bytes");
      return;
    }
    if (ec) {
      if (peer_went_away(ec))
        close_quietly();
      else
        fail(400, "malformed HTTP request: " + ec.message());
      return;
    }
    const auto& request = parser_->get();
    method_ =
        request.method() == http::verb::unknown ? "other" : std::string(request.method_string());
    target_ = std::string(request.target());
    head_ = request.method() == http::verb::head;
    version_ = request.version();

    const bool json = is_json_media_type(view(request[http::field::content_type]));
    const std::uint64_t limit = json ? options().json_body_limit : options().upload_body_limit;
    body_limit_detail_ = "the request body is larger than " + std::to_string(limit) + " bytes, " +
                         (json ? "the limit for JSON" : "the limit for uploads");
    if (const auto length = parser_->content_length(); length && *length > limit) {
      fail(413, body_limit_detail_);
      return;
    }
    parser_->body_limit(limit);  // chunked bodies are checked as they arrive

    if (!parser_->is_done() && beast::iequals(request[http::field::expect], "100-continue")) {
      static constexpr std::string_view interim = "HTTP/1.1 100 Continue\r\n\r\n";
      stream_.expires_after(options().write_timeout);
      net::async_write(stream_, net::buffer(interim.data(), interim.size()),
                       [self = shared_from_this()](const error_code& write_ec, std::size_t) {
                         if (write_ec)
                           self->close_quietly();
                         else
                           self->read_body();
                       });
      return;
    }
    read_body();
  }

  // The body in pieces, each under the read timeout: a large upload may take long, but may
  // not stall.
  void read_body() {
    if (parser_->is_done()) {
      handle_request();
      return;
    }
    stream_.expires_never();
    arm_timer(options().read_timeout);
    http::async_read_some(stream_, buffer_, *parser_,
                          [self = shared_from_this()](const error_code& ec, std::size_t) {
                            self->disarm_timer();
                            self->on_body(ec);
                          });
  }

  void on_body(const error_code& ec) {
    if (timed_out_) {
      fail(408, "the request body stalled for more than " + millis_text(options().read_timeout));
      return;
    }
    if (ec == http::error::body_limit) {
      fail(413, body_limit_detail_);
      return;
    }
    if (ec) {
      if (peer_went_away(ec))
        close_quietly();
      else
        fail(400, "malformed HTTP request body: " + ec.message());
      return;
    }
    read_body();
  }

  void handle_request() {
    auto message = parser_->release();
    parser_.reset();
    const bool keep_alive = message.keep_alive();
    send(call_handler(to_http_request(std::move(message), head_, remote_)), !keep_alive);
  }

  HttpResponse call_handler(HttpRequest&& request) {
    std::string what;
    try {
      return state_->handler(std::move(request));
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
      what = "unknown exception";
    }
    state_->logger->error(
        "handler failed",
        {{"method", method_}, {"target", target_}, {"remote", remote_}, {"error", what}});
    return problem_response(500, "internal error while handling the request");
  }

  void fail(int status, const std::string& detail) {
    HttpResponse response = problem_response(status, detail);
    if (status == 503) response.set_header("Retry-After", "1");
    send(std::move(response), true);
  }

  void send(HttpResponse response, bool close) {
    if (const auto connection = response.header("connection");
        connection && beast::iequals(*connection, "close"))
      close = true;
    if (response.status < 100 || response.status > 999) {
      state_->logger->error("handler returned an invalid status",
                            {{"target", target_}, {"status", response.status}});
      response = problem_response(500, "internal error while handling the request");
    }
    std::optional<http::file_body::value_type> file;
    if (response.file) {
      error_code ec;
      file.emplace();
      file->open(response.file->c_str(), beast::file_mode::scan, ec);
      if (ec) {
        state_->logger->error(
            "response file cannot be opened",
            {{"target", target_}, {"file", response.file->string()}, {"error", ec.message()}});
        response = problem_response(500, "the response's file could not be read");
        file.reset();
      }
    }
    status_ = response.status;
    route_ = response.route;

    if (head_) {  // the GET response's header, no body
      auto message = to_beast_response<http::empty_body>(response, version_, !close);
      message->content_length(file ? file->size() : response.body.size());
      write(message, close);
    } else if (file) {
      auto message = to_beast_response<http::file_body>(response, version_, !close);
      message->body() = std::move(*file);
      message->prepare_payload();
      write(message, close);
    } else {
      auto message = to_beast_response<http::string_body>(response, version_, !close);
      message->body() = std::move(response.body);
      message->prepare_payload();
      write(message, close);
    }
  }

  template <class Body>
  void write(std::shared_ptr<http::response<Body>> message, bool close) {
    auto serializer = std::make_shared<http::response_serializer<Body>>(*message);
    write_some(std::move(message), std::move(serializer), close);
  }

  // Piece by piece, each under the write timeout: a large file to a slow client may take
  // long, but may not stall.
  template <class Body>
  void write_some(std::shared_ptr<http::response<Body>> message,
                  std::shared_ptr<http::response_serializer<Body>> serializer, bool close) {
    stream_.expires_after(options().write_timeout);
    auto& serializer_ref = *serializer;
    http::async_write_some(stream_, serializer_ref,
                           [self = shared_from_this(), message, serializer, close](
                               const error_code& ec, std::size_t) mutable {
                             if (!ec && !serializer->is_done()) {
                               self->write_some(std::move(message), std::move(serializer), close);
                               return;
                             }
                             self->finish_response(close, !ec);
                           });
  }

  void finish_response(bool close, bool written) {
    const double seconds = std::chrono::duration<double>(Clock::now() - started_).count();
    if (state_->metrics != nullptr)
      state_->metrics->record_http_request(route_, method_, status_, seconds);
    if (state_->logger->enabled(LogLevel::info)) {
      nlohmann::json fields = {{"method", method_},
                               {"target", target_},
                               {"route", route_.empty() ? std::string("unmatched") : route_},
                               {"status", status_},
                               {"duration_ms", std::round(seconds * 1e6) / 1e3},
                               {"remote", remote_}};
      if (!written) fields["error"] = "response not fully written";
      state_->logger->info("http request", fields);
    }
    if (!written) {
      close_quietly();
    } else if (close) {
      shutdown_and_drain();
    } else {
      first_request_ = false;
      wait_for_request();
    }
  }

  void shutdown_and_drain() {
    disarm_timer();
    error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    buffer_.clear();
    stream_.expires_after(drain_time);  // tcp_stream closes the socket when it expires
    drain();
  }

  void drain() {
    stream_.async_read_some(buffer_.prepare(read_chunk),
                            [self = shared_from_this()](const error_code& ec, std::size_t) {
                              if (ec)
                                self->close_quietly();
                              else
                                self->drain();
                            });
  }

  std::shared_ptr<ServerState> state_;
  beast::tcp_stream stream_;
  net::steady_timer timer_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::string remote_;
  std::uint64_t id_;
  bool counted_;
  std::uint64_t timer_generation_ = 0;
  bool timed_out_ = false;
  bool first_request_ = true;
  // The request being answered, for the response, the metrics and the access log.
  Clock::time_point started_ = Clock::now();
  std::string method_ = "other";
  std::string target_;
  std::string route_;
  std::string body_limit_detail_;
  bool head_ = false;
  unsigned version_ = 11;
  int status_ = 0;
};

void start_session(const std::shared_ptr<ServerState>& state, tcp::socket socket, bool reject) {
  std::uint64_t id = 0;
  {
    const std::lock_guard lock(state->sessions_mutex);
    id = state->next_session_id++;
  }
  if (!reject) state->active_connections.fetch_add(1);
  auto session = std::make_shared<Session>(state, std::move(socket), !reject, id);
  {
    const std::lock_guard lock(state->sessions_mutex);
    state->sessions.emplace(id, session);
  }
  session->start(reject);
}

void close_all_sessions(ServerState& state) {
  // Collected first: a session released here may be the last owner, and its destructor
  // takes the mutex.
  std::vector<std::shared_ptr<Session>> live;
  {
    const std::lock_guard lock(state.sessions_mutex);
    for (const auto& [id, weak] : state.sessions)
      if (auto session = weak.lock()) live.push_back(std::move(session));
  }
  for (const auto& session : live) session->close_now();
}

}  // namespace twin::server::detail
