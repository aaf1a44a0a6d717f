// POST /batches through `twinsolve serve` on a loopback port: with the embedded queue a batch
// runs and is still there after a restart; with Redis, a batch created through one API
// process is read, and its Idempotency-Key honoured, through another that shares the data
// directory (as two API pods do).
#include <gtest/gtest.h>

#include <csignal>
#include <thread>

#include "integration/serve_process.hpp"
#include "support/redis_server.hpp"
#include "test_paths.hpp"

namespace twin::test {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using Json = nlohmann::json;

std::string demo(const ServeProcess& server) {
  const auto response = server.post_json("/scenarios", {{"demo", {{"size_km", 1}, {"cell_m", 100}}}});
  EXPECT_EQ(response.status, 201) << response.body;
  return response.json().value("id", "");
}

Json batch_of(const std::string& scenario, int jobs) {
  Json items = Json::array();
  for (int i = 0; i < jobs; ++i)
    items.push_back({{"process", "noop"}, {"inputs", {{"scenario", scenario}, {"sleep_ms", 10 * i}}}});
  return {{"name", "loopback"}, {"items", items}};
}

Json wait_batch(const ServeProcess& server, const std::string& location) {
  const auto until = std::chrono::steady_clock::now() + 60s;
  Json body;
  do {
    body = server.get(location).json();
    if (body.value("status", "") != "accepted" && body.value("status", "") != "running") break;
    std::this_thread::sleep_for(50ms);
  } while (std::chrono::steady_clock::now() < until);
  return body;
}

TEST(ServeBatches, ABatchRunsAndOutlivesARestart) {
  const auto root = scratch_dir("serve_batches_embedded");
  auto server = std::make_unique<ServeProcess>(TWINSOLVE_BIN, root / "data", root / "serve1.log",
                                               std::vector<std::string>{"--test-processes", "--workers", "2"});
  const auto scenario = demo(*server);
  const auto created = server->post_json("/batches", batch_of(scenario, 4));
  ASSERT_EQ(created.status, 201) << created.body;
  const auto location = created.header("location");
  ASSERT_EQ(location, "/batches/" + created.json().value("batchID", ""));
  const auto done = wait_batch(*server, location);
  ASSERT_EQ(done.value("status", ""), "successful") << done.dump();
  EXPECT_EQ(done["counts"]["successful"], 4);
  const auto results = done["jobs"][3]["links"][1]["href"].get<std::string>();
  EXPECT_EQ(server->get(results).status, 200);
  EXPECT_TRUE(server->get(results).json().contains("zero"));

  server->send_signal(SIGTERM);
  ASSERT_TRUE(server->wait_exit(30s));
  server = std::make_unique<ServeProcess>(TWINSOLVE_BIN, root / "data", root / "serve2.log",
                                          std::vector<std::string>{"--test-processes"});
  const auto again = server->get(location).json();
  EXPECT_EQ(again["status"], "successful") << again.dump();
  EXPECT_EQ(again["jobs"], done["jobs"]);
  const auto list = server->get("/batches").json();
  ASSERT_EQ(list["batches"].size(), 1u) << list.dump();
  EXPECT_EQ(list["batches"][0]["name"], "loopback");
}

TEST(ServeBatches, EveryApiProcessSeesEveryBatch) {
  if (!RedisServer::installed()) GTEST_SKIP() << RedisServer::missing_message;
  const auto root = scratch_dir("serve_batches_two_apis");
  RedisServer redis(root / "redis");
  const std::vector<std::string> args{"--test-processes", "--workers", "0", "--queue", redis.url()};
  ServeProcess first(TWINSOLVE_BIN, root / "data", root / "api1.log", args);
  ServeProcess second(TWINSOLVE_BIN, root / "data", root / "api2.log", args);
  const auto scenario = demo(first);
  const std::map<std::string, std::string> key{{"Idempotency-Key", "national-2030"}};
  const auto created = first.post_json("/batches", batch_of(scenario, 3), key);
  ASSERT_EQ(created.status, 201) << created.body;
  const auto id = created.json().value("batchID", "");

  const auto seen = second.get("/batches/" + id);
  ASSERT_EQ(seen.status, 200) << seen.body;
  EXPECT_EQ(seen.json()["jobs"], created.json()["jobs"]);
  EXPECT_EQ(seen.json()["status"], "accepted") << "no worker runs here";
  const auto repeated = second.post_json("/batches", batch_of(scenario, 3), key);
  EXPECT_EQ(repeated.status, 201);
  EXPECT_EQ(repeated.json().value("batchID", ""), id) << "the key made one batch, whichever API got it";
  EXPECT_EQ(second.get("/batches").json()["batches"].size(), 1u);
  EXPECT_EQ(first.get("/jobs").json()["jobs"].size(), 3u) << "and three jobs";
}

}  // namespace
}  // namespace twin::test
