// TLS connections (rediss://): a Boost.Asio SSL stream with the server's certificate checked
// against the CA and the host name, hiredis's formatter for commands and its reader for
// replies. Every socket operation runs asynchronously on the connection's own io_context for
// at most its timeout, so a silent server cannot hang the caller; a timeout closes the socket
// and breaks the connection, as a hiredis timeout does.
#include <hiredis/hiredis.h>
#include <openssl/ssl.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>
#include <fstream>

#include "redis_connection.hpp"
#include "redis_reply.hpp"
#include "twin/data/error.hpp"

namespace twin::jobs::redis {

namespace asio = boost::asio;
namespace ssl = boost::asio::ssl;
using tcp = asio::ip::tcp;

struct TlsContext::Impl {
  ssl::context context{ssl::context::tls_client};
};

namespace {

void require_readable(const std::string& path, const char* option) {
  if (!std::ifstream(path))
    throw data::Error(data::ErrorCode::invalid_argument,
                      std::string(option) + " " + path + ": cannot be read");
}

// Says which option named the file OpenSSL refused, with OpenSSL's reason.
template <typename Load>
void load(const std::string& path, const char* option, Load&& load_file) {
  require_readable(path, option);
  boost::system::error_code error;
  load_file(error);
  if (error)
    throw data::Error(data::ErrorCode::invalid_argument,
                      std::string(option) + " " + path + ": " + error.message());
}

class TlsConnection final : public Connection {
 public:
  TlsConnection(ssl::context& context, std::chrono::milliseconds command_timeout)
      : stream_(io_, context), read_timeout_(command_timeout), reader_(redisReaderCreate()) {}
  ~TlsConnection() override { redisReaderFree(reader_); }

  void open(const Endpoint& endpoint, std::chrono::milliseconds timeout) {
    tcp::resolver resolver(io_);
    tcp::resolver::results_type addresses;
    boost::system::error_code error;
    bool done = false;
    resolver.async_resolve(endpoint.host, std::to_string(endpoint.port),
                           [&](boost::system::error_code e, tcp::resolver::results_type found) {
                             error = e;
                             addresses = std::move(found);
                             done = true;
                           });
    if (!finish(done, timeout, error, "resolving " + endpoint.host)) throw ConnectFailed(error_);

    done = false;
    asio::async_connect(stream_.lowest_layer(), addresses,
                        [&](boost::system::error_code e, const tcp::endpoint&) {
                          error = e;
                          done = true;
                        });
    if (!finish(done, timeout, error, "connecting")) throw ConnectFailed(error_);
    stream_.lowest_layer().set_option(asio::socket_base::keep_alive(true));
    stream_.lowest_layer().set_option(tcp::no_delay(true));

    // SNI names a host only (RFC 6066, section 3: no IP literals); the certificate must name
    // this host or IP address either way.
    boost::system::error_code not_ip;
    asio::ip::make_address(endpoint.host, not_ip);
    if (not_ip) SSL_set_tlsext_host_name(stream_.native_handle(), endpoint.host.c_str());
    stream_.set_verify_callback(ssl::host_name_verification(endpoint.host));
    done = false;
    stream_.async_handshake(ssl::stream_base::client, [&](boost::system::error_code e) {
      error = e;
      done = true;
    });
    if (!finish(done, timeout, error, "TLS handshake")) throw ConnectFailed(error_);
  }

  bool append(const std::vector<std::string>& args) override {
    if (!error_.empty()) return false;
    ArgumentVector argv(args);
    char* formatted = nullptr;
    const int length =
        redisFormatCommandArgv(&formatted, argv.count(), argv.pointers(), argv.lengths());
    if (length < 0) {
      error_ = "cannot format " + args.at(0);
      return false;
    }
    outgoing_.append(formatted, static_cast<std::size_t>(length));
    redisFreeCommand(formatted);
    return true;
  }

  std::optional<Value> next_reply() override {
    if (!error_.empty() || !flush()) return std::nullopt;
    for (;;) {
      void* reply = nullptr;
      if (redisReaderGetReply(reader_, &reply) != REDIS_OK) {
        error_ = std::string("protocol error: ") + reader_->errstr;
        return std::nullopt;
      }
      if (reply) return take_reply(reply);
      std::size_t received = 0;
      boost::system::error_code error;
      bool done = false;
      stream_.async_read_some(asio::buffer(buffer_),
                              [&](boost::system::error_code e, std::size_t count) {
                                error = e;
                                received = count;
                                done = true;
                              });
      if (!finish(done, read_timeout_, error, "reading")) return std::nullopt;
      if (redisReaderFeed(reader_, buffer_.data(), received) != REDIS_OK) {
        error_ = std::string("protocol error: ") + reader_->errstr;
        return std::nullopt;
      }
    }
  }

  void set_read_timeout(std::chrono::milliseconds timeout) override { read_timeout_ = timeout; }
  std::string error() const override { return error_; }

 private:
  bool flush() {
    if (outgoing_.empty()) return true;
    boost::system::error_code error;
    bool done = false;
    asio::async_write(stream_, asio::buffer(outgoing_),
                      [&](boost::system::error_code e, std::size_t) {
                        error = e;
                        done = true;
                      });
    outgoing_.clear();  // sent or not, the connection is unusable after a failed write
    return finish(done, read_timeout_, error, "writing");
  }

  // Runs the io_context until the started operation completes or the timeout passes. On a
  // timeout the socket is closed, which makes the operation complete with an error; the
  // context then runs until it has, so no handler refers to a dead stack frame.
  bool finish(const bool& done, std::chrono::milliseconds timeout,
              const boost::system::error_code& error, const std::string& what) {
    io_.restart();
    io_.run_for(timeout);
    if (!done) {
      boost::system::error_code ignored;
      stream_.lowest_layer().close(ignored);
      io_.restart();
      io_.run();
      error_ = what + ": timed out after " + std::to_string(timeout.count()) + " ms";
      return false;
    }
    if (error) {
      error_ = what + ": " + error.message();
      return false;
    }
    return true;
  }

  asio::io_context io_;
  ssl::stream<tcp::socket> stream_;
  std::chrono::milliseconds read_timeout_;
  redisReader* reader_;
  std::string outgoing_;
  std::array<char, 16 * 1024> buffer_{};
  std::string error_;
};

}  // namespace

TlsContext::TlsContext(const Endpoint& endpoint) : impl_(std::make_unique<Impl>()) {
  auto& context = impl_->context;
  context.set_verify_mode(ssl::verify_peer);
  if (endpoint.tls_ca.empty()) {
    context.set_default_verify_paths();  // the system's CAs, for a managed Redis
  } else {
    load(endpoint.tls_ca, "--queue-tls-ca",
         [&](boost::system::error_code& e) { context.load_verify_file(endpoint.tls_ca, e); });
  }
  if (endpoint.tls_cert.empty() != endpoint.tls_key.empty())
    throw data::Error(data::ErrorCode::invalid_argument,
                      "--queue-tls-cert and --queue-tls-key go together (the client certificate "
                      "and its private key)");
  if (!endpoint.tls_cert.empty()) {
    load(endpoint.tls_cert, "--queue-tls-cert", [&](boost::system::error_code& e) {
      context.use_certificate_chain_file(endpoint.tls_cert, e);
    });
    load(endpoint.tls_key, "--queue-tls-key", [&](boost::system::error_code& e) {
      context.use_private_key_file(endpoint.tls_key, ssl::context::pem, e);
    });
  }
}

TlsContext::~TlsContext() = default;

std::unique_ptr<Connection> connect_tls(const Endpoint& endpoint, TlsContext& tls,
                                        std::chrono::milliseconds connect_timeout,
                                        std::chrono::milliseconds command_timeout) {
  auto connection = std::make_unique<TlsConnection>(tls.impl().context, command_timeout);
  connection->open(endpoint, connect_timeout);
  return connection;
}

}  // namespace twin::jobs::redis
