// The transport over real loopback sockets: requests, keep-alive, HEAD, file streaming,
// handler failures, metrics, the access log, and shutting down with clients connected.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "http_server_fixture.hpp"
#include "twin/data/error.hpp"

namespace twin::server::http_test {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

TEST_F(HttpServerTest, GetReturnsTheHandlersResponse) {
  auto client = connect();
  client->send(get("/hello"));
  const auto response = client->read_response();
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "hello");
  EXPECT_EQ(response.header("content-length"), "5");
  EXPECT_EQ(response.header("content-type"), "text/plain");
  EXPECT_EQ(response.header("server"), "twinsolve");
}

TEST_F(HttpServerTest, KeepAliveAndPipelinedRequestsShareOneConnection) {
  auto client = connect();
  for (int i = 0; i < 5; ++i) {
    client->send(get("/hello"));
    EXPECT_EQ(client->read_response().body, "hello") << "request " << i;
  }
  // Three requests in one write: answered one at a time, in order.
  std::string pipelined;
  for (const std::string body : {"one", "two", "three"})
    pipelined +=
        "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        "Content-Length: " +
        std::to_string(body.size()) + "\r\n\r\n" + body;
  client->send(pipelined);
  for (const std::string body : {"one", "two", "three"})
    EXPECT_EQ(client->read_response().body, body);
  EXPECT_FALSE(client->closed_within(200ms));
}

TEST_F(HttpServerTest, HeadSendsTheHeaderWithoutTheBody) {
  auto client = connect();
  client->send("HEAD /hello HTTP/1.1\r\nHost: x\r\n\r\n");
  auto response = client->read_response(/*head=*/true);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.header("content-length"), "5");
  client->send("HEAD /file HTTP/1.1\r\nHost: x\r\n\r\n");
  response = client->read_response(true);
  EXPECT_EQ(response.header("content-length"), std::to_string(file_size));
  client->send("HEAD /echo HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(client->read_response(true).header("x-method"), "GET");  // the handler saw GET
  // Had a body been sent, it would be read here as the next response's start.
  client->send(get("/hello"));
  response = client->read_response();
  EXPECT_EQ(response.body, "hello");
  EXPECT_TRUE(client->unread().empty());
}

TEST_F(HttpServerTest, FileBodiesAreStreamedWhole) {
  auto client = connect();
  client->send(get("/file"));
  const auto response = client->read_response(false, 30s);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.header("content-type"), "application/octet-stream");
  ASSERT_EQ(response.body.size(), file_size);
  EXPECT_TRUE(response.body == *file_bytes_);
  client->send(get("/hello"));  // and the connection goes on
  EXPECT_EQ(client->read_response().body, "hello");
}

TEST_F(HttpServerTest, HandlerExceptionIs500AndServingGoesOn) {
  auto client = connect();
  client->send(get("/throw"));
  expect_problem(client->read_response(), 500);
  client->send(get("/hello"));
  EXPECT_EQ(client->read_response().body, "hello");
  client->send(get("/missing-file"));
  expect_problem(client->read_response(), 500);

  const auto log = stopped_log();
  EXPECT_NE(log.find("\"msg\":\"handler failed\""), std::string::npos) << log;
  EXPECT_NE(log.find("boom from the handler"), std::string::npos);
  EXPECT_NE(log.find("does-not-exist.h5"), std::string::npos);
}

TEST_F(HttpServerTest, ConnectionCloseIsHonoured) {
  const struct {
    std::string request;
    std::string name;
  } cases[] = {
      {get("/hello", "Connection: close\r\n"), "client asks"},
      {get("/close"), "handler asks"},
      {"GET /hello HTTP/1.0\r\n\r\n", "HTTP/1.0 without keep-alive"},
  };
  for (const auto& c : cases) {
    auto client = connect();
    client->send(c.request);
    const auto response = client->read_response();
    EXPECT_EQ(response.status, 200) << c.name;
    EXPECT_TRUE(client->closed_within(2s)) << c.name;
  }
}

TEST_F(HttpServerTest, RepeatedHeaderFieldsReachTheHandlerCombinedAndLowerCase) {
  auto client = connect();
  client->send(get("/header", "X-A: first\r\nx-a: second\r\n"));
  EXPECT_EQ(client->read_response().body, "first, second");
}

TEST_F(HttpServerTest, ExpectContinueGetsAnInterimResponse) {
  auto client = connect();
  client->send(
      "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-hdf5\r\n"
      "Content-Length: 4\r\nExpect: 100-continue\r\n\r\n");
  EXPECT_EQ(client->read_response().status, 100);
  client->send("HDF5");
  const auto response = client->read_response();
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "HDF5");
}

TEST_F(HttpServerTest, EveryResponseIsCountedAndLogged) {
  auto client = connect();
  client->send(get("/hello"));
  client->read_response();
  client->send(get("/hello"));
  client->read_response();
  client->send(get("/nowhere"));
  EXPECT_EQ(client->read_response().status, 404);
  client->send("BAD\r\n\r\n");
  EXPECT_EQ(client->read_response().status, 400);
  // Recorded once the response is out, before the close: seeing the close means recorded.
  EXPECT_TRUE(client->closed_within(3s));

  const auto log = stopped_log();
  const auto page = metrics_.render();
  for (const std::string series :
       {"twinsolve_http_requests_total{route=\"/hello\",method=\"GET\",status=\"200\"} 2\n",
        "twinsolve_http_requests_total{route=\"unmatched\",method=\"GET\",status=\"404\"} 1\n",
        "twinsolve_http_requests_total{route=\"unmatched\",method=\"other\",status=\"400\"} 1\n",
        "twinsolve_http_request_duration_seconds_count{route=\"/hello\"} 2\n"})
    EXPECT_NE(page.find(series), std::string::npos) << series << page;

  int access_lines = 0;
  std::istringstream lines(log);
  std::string line;
  while (std::getline(lines, line)) {
    const auto json = nlohmann::json::parse(line);
    if (json.at("msg") != "http request") continue;
    ++access_lines;
    EXPECT_EQ(json.at("level"), "info");
    for (const char* field : {"method", "target", "route", "status", "duration_ms", "remote"})
      EXPECT_TRUE(json.contains(field)) << field << " in " << line;
    EXPECT_EQ(json.at("remote").get<std::string>().rfind("127.0.0.1:", 0), 0u);
  }
  EXPECT_EQ(access_lines, 4);
}

TEST_F(HttpServerTest, StopWithClientsConnectedReturnsPromptly) {
  std::vector<std::unique_ptr<TestClient>> clients;
  for (int i = 0; i < 3; ++i) {
    clients.push_back(connect());
    clients.back()->send(get("/hello"));
    clients.back()->read_response();  // now idle on keep-alive
  }
  clients.push_back(connect());
  clients.back()->send("GET /hello HTTP/1.1\r\nHo");  // half a header
  std::this_thread::sleep_for(100ms);

  const auto start = Clock::now();
  server_->stop();
  EXPECT_LT(Clock::now() - start, 1s);
  for (auto& client : clients) EXPECT_TRUE(client->closed_within(1s));
  EXPECT_THROW(TestClient{server_->port()}, std::runtime_error);  // no longer listening
}

TEST_F(HttpServerTest, StopAcceptingKeepsServingOpenConnections) {
  auto client = connect();
  client->send(get("/hello"));
  client->read_response();
  server_->stop_accepting();
  std::this_thread::sleep_for(100ms);
  EXPECT_THROW(TestClient{server_->port()}, std::runtime_error);
  client->send(get("/hello"));
  EXPECT_EQ(client->read_response().body, "hello");
}

TEST_F(HttpServerTest, BindErrorNamesTheAddress) {
  ServerOptions options = test_options();
  options.port = server_->port();  // taken by the fixture's server
  HttpServer second(options, [](HttpRequest&&) { return HttpResponse{}; });
  try {
    second.start();
    FAIL() << "bound a port already in use";
  } catch (const data::Error& e) {
    EXPECT_EQ(e.code(), data::ErrorCode::io_error);
    EXPECT_NE(std::string(e.what()).find("127.0.0.1:" + std::to_string(server_->port())),
              std::string::npos)
        << e.what();
  }
  options.port = 0;
  options.host = "not an address";
  HttpServer third(options, [](HttpRequest&&) { return HttpResponse{}; });
  EXPECT_THROW(third.start(), data::Error);
}

}  // namespace
}  // namespace twin::server::http_test
