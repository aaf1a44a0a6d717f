#include "support/redis_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <csignal>
#include <stdexcept>
#include <thread>

namespace twin::test {
namespace {

constexpr const char* binary = "/usr/bin/redis-server";

// A port nobody listens on now: bind to port 0 and let the kernel choose. Another process may
// take it before redis-server binds it; then start() fails and says so.
std::uint16_t free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0)
    throw std::runtime_error("cannot find a free loopback port");
  ::close(fd);
  return ntohs(address.sin_port);
}

}  // namespace

bool RedisServer::installed() { return ::access(binary, X_OK) == 0; }

RedisServer::RedisServer(std::filesystem::path dir, bool aof, std::optional<TestCertificates> tls)
    : dir_(std::move(dir)), aof_(aof), tls_(std::move(tls)) {
  std::filesystem::create_directories(dir_);
  port_ = free_port();
  if (tls_) tls_port_ = free_port();
  start();
}

RedisServer::~RedisServer() {
  process_.reset();  // SIGKILL
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

void RedisServer::start() {
  std::vector<std::string> args{binary,
                                "--port",
                                std::to_string(port_),
                                "--bind",
                                "127.0.0.1",
                                "--dir",
                                dir_.string(),
                                "--save",
                                "",
                                "--daemonize",
                                "no",
                                "--appendonly",
                                aof_ ? "yes" : "no",
                                "--appendfsync",
                                "always"};
  if (tls_)
    args.insert(args.end(), {"--tls-port", std::to_string(tls_port_), "--tls-cert-file",
                             tls_->server_cert.string(), "--tls-key-file",
                             tls_->server_key.string(), "--tls-ca-cert-file", tls_->ca.string()});
  process_ = std::make_unique<ChildProcess>(args, dir_ / "redis.log");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    if (answers()) return;
    if (!process_->running()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  throw std::runtime_error("redis-server did not start on port " + std::to_string(port_) + ":\n" +
                           process_->log());
}

void RedisServer::kill() {
  process_->send_signal(SIGKILL);
  process_->wait_exit(std::chrono::seconds(10));
}

void RedisServer::restart() {
  if (process_->running()) kill();
  start();
}

bool RedisServer::answers() const {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port_);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool pong = false;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      ::send(fd, "PING\r\n", 6, MSG_NOSIGNAL) == 6) {
    pollfd poll_fd{fd, POLLIN, 0};
    char reply[16] = {};
    if (::poll(&poll_fd, 1, 1000) == 1 && ::recv(fd, reply, sizeof reply - 1, 0) > 0)
      pong = std::string(reply).starts_with("+PONG");
  }
  ::close(fd);
  return pong;
}

}  // namespace twin::test
