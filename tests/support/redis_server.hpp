#pragma once
// A real redis-server for tests: on a free loopback port, with its files in a scratch
// directory, killed when the test ends. Tests call `installed()` first and skip with a clear
// message when the Debian package redis-server is missing (scripts/setup installs it).
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "support/child_process.hpp"
#include "support/test_certificates.hpp"

namespace twin::test {

class RedisServer {
 public:
  static bool installed();
  static constexpr const char* missing_message =
      "redis-server is not installed (Debian package redis-server; scripts/setup installs it)";

  // Starts redis-server and waits until it answers PING. With `aof`, every write is appended
  // and fsynced (appendfsync always), so a kill -9 and restart keep the data.
  // With `tls`, it also listens for TLS on tls_port() with the server certificate, and asks
  // clients for a certificate signed by the test CA (Redis's default tls-auth-clients yes).
  RedisServer(std::filesystem::path dir, bool aof = false,
              std::optional<TestCertificates> tls = std::nullopt);
  ~RedisServer();  // kills it and removes the directory

  std::uint16_t port() const { return port_; }
  std::string url() const { return "redis://127.0.0.1:" + std::to_string(port_); }
  std::uint16_t tls_port() const { return tls_port_; }
  std::string tls_url() const { return "rediss://127.0.0.1:" + std::to_string(tls_port_); }
  void kill();           // SIGKILL, as a crash
  void restart();        // starts again on the same port and directory
  bool answers() const;  // PING gets PONG

 private:
  void start();

  std::filesystem::path dir_;
  bool aof_ = false;
  std::uint16_t port_ = 0;
  std::optional<TestCertificates> tls_;
  std::uint16_t tls_port_ = 0;
  std::unique_ptr<ChildProcess> process_;
};

}  // namespace twin::test
