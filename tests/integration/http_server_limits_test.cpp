// The transport's limits over real loopback sockets: body and header sizes, malformed
// requests, slow clients and the connection cap. Each error is a problem response and the
// connection is closed.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "http_server_fixture.hpp"

namespace twin::server::http_test {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

TEST_F(HttpServerTest, BodyLimitsDependOnTheContentType) {
  // The fixture's limits: 1024 bytes of JSON, 64 KiB of upload.
  const struct {
    std::string content_type;  // empty = no Content-Type header
    std::size_t size;
    bool chunked;
    int status;
  } cases[] = {
      {"application/json", 1024, false, 200},
      {"application/json", 1025, false, 413},
      {"", 1025, false, 413},
      {"application/problem+json; charset=utf-8", 2000, false, 413},
      {"application/json", 2000, true, 413},
      {"application/json", 1000, true, 200},
      {"application/x-hdf5", 2000, false, 200},
      {"application/octet-stream", 64 * 1024, false, 200},
      {"application/octet-stream", 64 * 1024 + 1, false, 413},
      {"application/octet-stream", 70 * 1024, true, 413},
  };
  for (const auto& c : cases) {
    const std::string name =
        c.content_type + " " + std::to_string(c.size) + (c.chunked ? " chunked" : "");
    const std::string body(c.size, 'x');
    std::string request = "POST /echo HTTP/1.1\r\nHost: x\r\n";
    if (!c.content_type.empty()) request += "Content-Type: " + c.content_type + "\r\n";
    if (c.chunked) {
      request += "Transfer-Encoding: chunked\r\n\r\n";
      for (std::size_t at = 0; at < body.size(); at += 500) {
        const auto piece = body.substr(at, 500);
        std::ostringstream size;
        size << std::hex << piece.size();
        request += size.str() + "\r\n" + piece + "\r\n";
      }
      request += "0\r\n\r\n";
    } else {
      request += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    }
    auto client = connect();
    client->send(request);
    const auto response = client->read_response();
    if (c.status == 200) {
      EXPECT_EQ(response.status, 200) << name;
      EXPECT_EQ(response.body.size(), c.size) << name;
    } else {
      expect_problem(response, c.status);
      EXPECT_NE(response.body.find(c.size > 2000 ? "65536" : "1024"), std::string::npos)
          << name << ": " << response.body;
      EXPECT_TRUE(client->closed_within(3s)) << name;
    }
  }
}

TEST_F(HttpServerTest, OversizedBodyIsRefusedBeforeItIsSent) {
  auto client = connect();
  client->send(
      "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Content-Length: 999999999\r\n\r\n");
  expect_problem(client->read_response(), 413);
}

TEST_F(HttpServerTest, OverlongHeaderIs431) {
  auto client = connect();
  client->send(get("/hello", "X-Padding: " + std::string(20 * 1024, 'p') + "\r\n"));
  expect_problem(client->read_response(), 431);
  EXPECT_TRUE(client->closed_within(3s));
}

TEST_F(HttpServerTest, MalformedRequestsAre400) {
  const std::string cases[] = {
      "NOT HTTP AT ALL\r\n\r\n",
      "GET /hello HTTP/1.1\r\nHeader Without Colon\r\n\r\n",
      "POST /echo HTTP/1.1\r\nContent-Length: abc\r\n\r\n",
      "POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
      "GET /hello HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
  };
  for (const auto& request : cases) {
    auto client = connect();
    client->send(request);
    expect_problem(client->read_response(), 400);
    EXPECT_TRUE(client->closed_within(3s)) << request;
  }
}

TEST_F(HttpServerTest, SlowClientIsCutOffWhileOthersAreServed) {
  // The fixture runs one io thread and a 1 s read timeout.
  auto slow = connect();
  const auto start = Clock::now();
  slow->send("GET /hello HTTP/1.1\r\nHost: x\r\nX-Wait: ");  // and nothing more

  auto other = connect();
  for (int i = 0; i < 5; ++i) {
    const auto before = Clock::now();
    other->send(get("/hello"));
    EXPECT_EQ(other->read_response().body, "hello");
    EXPECT_LT(Clock::now() - before, 300ms) << "request " << i << " waited for the slow client";
    std::this_thread::sleep_for(100ms);
  }
  EXPECT_LT(Clock::now() - start, 1s) << "the others were not served while the slow one waited";

  const auto response = slow->read_response(false, 5s);
  const auto waited = Clock::now() - start;
  expect_problem(response, 408);
  EXPECT_GE(waited, 900ms);
  EXPECT_LT(waited, 3s);
  EXPECT_TRUE(slow->closed_within(3s));
}

TEST_F(HttpServerTest, StalledBodyIs408) {
  auto client = connect();
  client->send(
      "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Content-Length: 100\r\n\r\nonly part");
  expect_problem(client->read_response(false, 5s), 408);
}

TEST_F(HttpServerTest, IdleKeepAliveConnectionsAreClosed) {
  ServerOptions options = test_options();
  options.idle_timeout = 300ms;
  start(options);
  auto client = connect();
  client->send(get("/hello"));
  client->read_response();
  EXPECT_TRUE(client->closed_within(2s));
  EXPECT_TRUE(client->unread().empty());  // closed quietly: nothing was asked
}

TEST_F(HttpServerTest, ConnectionsBeyondTheCapGet503) {
  ServerOptions options = test_options();
  options.max_connections = 2;
  start(options);
  auto first = connect();
  auto second = connect();
  for (auto* client : {first.get(), second.get()}) {  // both accepted and counted
    client->send(get("/hello"));
    EXPECT_EQ(client->read_response().status, 200);
  }
  EXPECT_EQ(server_->active_connections(), 2u);

  auto third = connect();
  const auto refused = third->read_response();
  expect_problem(refused, 503);
  EXPECT_EQ(refused.header("retry-after"), "1");
  EXPECT_TRUE(third->closed_within(3s));

  first.reset();  // a slot frees up
  const auto deadline = Clock::now() + 2s;
  while (server_->active_connections() > 1 && Clock::now() < deadline)
    std::this_thread::sleep_for(10ms);
  auto fourth = connect();
  fourth->send(get("/hello"));
  EXPECT_EQ(fourth->read_response().status, 200);
}

}  // namespace
}  // namespace twin::server::http_test
