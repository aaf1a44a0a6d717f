#pragma once
// A real server on 127.0.0.1 with a tiny handler, shared by the transport tests.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <system_error>

#include "http_test_client.hpp"
#include "test_paths.hpp"
#include "twin/server/http_server.hpp"
#include "twin/server/log.hpp"
#include "twin/server/metrics.hpp"
#include "twin/server/problem.hpp"

namespace twin::server::http_test {

inline HttpResponse tiny_handler(HttpRequest&& request, const std::filesystem::path& file) {
  HttpResponse response;
  const std::string& target = request.target;
  if (target == "/hello") {
    response.route = "/hello";
    response.set_header("Content-Type", "text/plain");
    response.body = "hello";
  } else if (target == "/echo") {
    response.route = "/echo";
    response.set_header("X-Method", request.method);
    response.body = request.body;
  } else if (target == "/header") {  // the value of X-A as the handler sees it
    response.route = "/header";
    response.body = request.header("x-a").value_or("<none>");
  } else if (target == "/file") {
    response.route = "/file";
    response.set_header("Content-Type", "application/octet-stream");
    response.file = file;
  } else if (target == "/missing-file") {
    response.file = file.parent_path() / "does-not-exist.h5";
  } else if (target == "/close") {
    response.set_header("Connection", "close");
    response.body = "bye";
  } else if (target == "/throw") {
    throw std::runtime_error("boom from the handler");
  } else {
    response = problem_response(404, "no such thing: " + target);
  }
  return response;
}

class HttpServerTest : public ::testing::Test {
 protected:
  static constexpr std::size_t file_size = 20 * 1024 * 1024;

  static void SetUpTestSuite() {
    // One directory per process: ctest runs test cases in parallel processes.
    directory_ = new std::filesystem::path(
        twin::test::scratch_dir("http_server_test_" + std::to_string(::getpid())));
    file_ = new std::filesystem::path(*directory_ / "result.bin");
    std::string bytes(file_size, '\0');
    std::mt19937 random(42);
    for (auto& byte : bytes) byte = static_cast<char>(random());
    std::ofstream(*file_, std::ios::binary)
        .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    file_bytes_ = new std::string(std::move(bytes));
  }
  static void TearDownTestSuite() {
    std::error_code ignored;
    std::filesystem::remove_all(*directory_, ignored);
    delete file_bytes_;
    delete file_;
    delete directory_;
  }

  ServerOptions test_options() {
    ServerOptions options;
    options.io_threads = 1;  // one thread: proves slow clients do not hold it
    options.read_timeout = std::chrono::seconds(1);
    options.idle_timeout = std::chrono::seconds(5);
    options.json_body_limit = 1024;
    options.upload_body_limit = 64 * 1024;
    options.logger = &logger_;
    return options;
  }

  void SetUp() override { start(test_options()); }
  void TearDown() override {
    if (server_) server_->stop();
  }

  void start(ServerOptions options) {
    if (server_) server_->stop();
    const auto file = *file_;
    server_ = std::make_unique<HttpServer>(
        std::move(options),
        [file](HttpRequest&& request) { return tiny_handler(std::move(request), file); },
        &metrics_);
    server_->start();
  }

  std::unique_ptr<TestClient> connect() { return std::make_unique<TestClient>(server_->port()); }
  // The log, read only once the server has stopped (the stream is not read concurrently).
  std::string stopped_log() {
    server_->stop();
    return log_.str();
  }

  static std::filesystem::path* directory_;
  static std::filesystem::path* file_;
  static std::string* file_bytes_;
  std::ostringstream log_;
  Logger logger_{log_, LogLevel::info};
  Metrics metrics_;
  std::unique_ptr<HttpServer> server_;
};

inline std::filesystem::path* HttpServerTest::directory_ = nullptr;
inline std::filesystem::path* HttpServerTest::file_ = nullptr;
inline std::string* HttpServerTest::file_bytes_ = nullptr;

// The response is an RFC 7807 problem with this status.
inline void expect_problem(const ClientResponse& response, int status) {
  EXPECT_EQ(response.status, status);
  EXPECT_EQ(response.header("content-type"), "application/problem+json");
  const auto body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body.at("status"), status);
  EXPECT_TRUE(body.at("detail").is_string());
}

}  // namespace twin::server::http_test
