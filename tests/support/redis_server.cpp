#include "support/redis_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <csignal>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>

namespace twin::test {
namespace {

constexpr const char* binary = "/usr/bin/redis-server";

// A loopback port nobody listens on now, below Linux's ephemeral range (32768-60999) where
// the kernel's own choice (port 0) would fall: there the outgoing connections of the tests
// running alongside could take it before redis-server binds it (seen in CI). A random port of
// 20000-32767 that binds now (with SO_REUSEADDR, as redis-server binds).
std::uint16_t free_port() {
  static std::mt19937 rng(std::random_device{}());
  std::uniform_int_distribution<int> pick(20000, 32767);
  for (int attempt = 0; attempt < 100; ++attempt) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) break;
    const int on = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<std::uint16_t>(pick(rng)));
    const bool bound = ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    ::close(fd);
    if (bound) return ntohs(address.sin_port);
  }
  throw std::runtime_error("cannot find a free loopback port in 20000-32767");
}

}  // namespace

bool RedisServer::installed() { return ::access(binary, X_OK) == 0; }

RedisServer::RedisServer(std::filesystem::path dir, bool aof, std::optional<TestCertificates> tls)
    : dir_(std::move(dir)), aof_(aof), tls_(std::move(tls)) {
  std::filesystem::create_directories(dir_);
  // Another test may still take a port between the check and the bind: then other ports.
  for (int attempt = 1;; ++attempt) {
    port_ = free_port();
    if (tls_) tls_port_ = free_port();
    try {
      start();
      return;
    } catch (const std::runtime_error& error) {
      if (attempt == 3 ||
          std::string(error.what()).find("Address already in use") == std::string::npos)
        throw;
    }
  }
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
