// Cluster mode as real processes: a redis-server started here on a free loopback port, one
// `twinsolve serve --workers 0 --queue redis://…` API process and `twinsolve worker`s sharing
// a data directory. A worker killed with SIGKILL in the middle of a job: another takes the job
// over after the reclaim idle time and the result equals an undisturbed run. Redis killed
// while the API runs: requests fail with 503 problem bodies, then recover, and the waiting job
// (AOF on) is still there and runs.
#include <gtest/gtest.h>

#include <csignal>
#include <thread>

#include "integration/cluster_processes.hpp"
#include "integration/serve_process.hpp"
#include "support/child_process.hpp"
#include "support/redis_server.hpp"
#include "test_paths.hpp"

namespace twin::test {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using Json = nlohmann::json;

// The heat process on a 1 km demo at 5 m: about 2 s with one thread on an idle machine, with
// progress per block, so a worker can be killed while it runs.
const Json job_inputs = {{"svf_radius_m", 100}, {"hours", "10,11,12,13,14,15"}};
constexpr const char* reclaim_idle_s = "1.5";

std::unique_ptr<ChildProcess> start_worker(const std::string& url, const fs::path& root,
                                           const std::string& name) {
  return twin::test::start_worker(TWINSOLVE_BIN, url, root, name,
                                  {"--reclaim-idle", reclaim_idle_s});
}

std::string submit(const ServeProcess& api, const std::string& scenario) {
  return submit_heat(api, scenario, job_inputs);
}

void expect_problem_503(const HttpResult& response) {
  EXPECT_EQ(response.status, 503) << response.body;
  EXPECT_FALSE(response.header("retry-after").empty());
  const auto body = response.json();
  EXPECT_EQ(body.value("status", 0), 503) << response.body;
  EXPECT_FALSE(body.value("title", "").empty()) << response.body;
}

TEST(RedisCluster, KilledWorkersJobIsCompletedByAnotherWithTheSameResult) {
  if (!RedisServer::installed()) GTEST_SKIP() << RedisServer::missing_message;
  const auto root = scratch_dir("redis_cluster_kill");
  RedisServer redis(root / "redis");
  ServeProcess api(TWINSOLVE_BIN, root / "data", root / "serve.log",
                   {"--workers", "0", "--queue", redis.url()});
  const auto scenario = create_demo(api);

  // Both workers are up before the job exists; the second is stopped (SIGSTOP) so that the
  // first takes the job, and continued at the moment the first is killed.
  auto doomed = start_worker(redis.url(), root, "worker-a");
  auto survivor = start_worker(redis.url(), root, "worker-b");
  survivor->send_signal(SIGSTOP);
  const auto id = submit(api, scenario);
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  Json status;
  while (std::chrono::steady_clock::now() < deadline) {
    status = api.get("/jobs/" + id).json();
    if (status.value("status", "") != "accepted" && status.value("status", "") != "running") break;
    if (status.value("status", "") == "running" && status.value("progress", 0) >= 10) break;
    std::this_thread::sleep_for(50ms);
  }
  ASSERT_EQ(status.value("status", ""), "running") << status.dump() << "\n" << doomed->log();
  doomed->send_signal(SIGKILL);
  survivor->send_signal(SIGCONT);
  ASSERT_TRUE(doomed->wait_exit(10s));
  EXPECT_EQ(doomed->log().find("job ended"), std::string::npos) << "killed before it finished";

  const auto taken_over = wait_for_status(api, id, {"successful", "failed", "dismissed"}, 180s);
  ASSERT_EQ(taken_over.value("status", ""), "successful") << taken_over.dump() << "\n"
                                                          << survivor->log();
  // The "job ended" log line follows the final status by a moment.
  EXPECT_TRUE(survivor->wait_for_log("\"job\":\"" + id + "\"", 10s)) << "the second worker ran it\n"
                                                                     << survivor->log();
  EXPECT_NE(survivor->log().find("\"attempts\":2"), std::string::npos) << survivor->log();

  const auto undisturbed = submit(api, scenario);
  ASSERT_EQ(wait_for_status(api, undisturbed, {"successful", "failed"}, 180s).value("status", ""),
            "successful");
  expect_same_layers(root / "data" / "jobs" / id / "result.h5",
                     root / "data" / "jobs" / undisturbed / "result.h5", "the undisturbed run");
}

TEST(RedisCluster, RedisDownMeans503AndNothingIsLost) {
  if (!RedisServer::installed()) GTEST_SKIP() << RedisServer::missing_message;
  const auto root = scratch_dir("redis_cluster_restart");
  RedisServer redis(root / "redis", /*aof=*/true);
  ServeProcess api(TWINSOLVE_BIN, root / "data", root / "serve.log",
                   {"--workers", "0", "--queue", redis.url()});
  const auto scenario = create_demo(api);
  const auto id = submit(api, scenario);  // no worker yet: it waits
  EXPECT_EQ(api.get("/readyz").status, 200);

  redis.kill();
  expect_problem_503(api.get("/jobs/" + id));
  expect_problem_503(api.get("/jobs"));
  Json inputs = job_inputs;
  inputs["scenario"] = scenario;
  expect_problem_503(api.post_json("/processes/heat/execution", {{"inputs", inputs}},
                                   {{"Prefer", "respond-async"}}));
  EXPECT_EQ(api.get("/readyz").status, 503) << "not ready without its queue";
  EXPECT_EQ(api.get("/healthz").status, 200) << "but alive: no restart needed";
  EXPECT_EQ(api.get("/metrics").status, 200) << "metrics without the queue gauges";

  redis.restart();
  // The API reconnects once its backoff (at most 2 s) has passed.
  int status = 0;
  for (int i = 0; i < 100 && status != 200; ++i) {
    status = api.get("/jobs/" + id).status;
    if (status != 200) std::this_thread::sleep_for(100ms);
  }
  ASSERT_EQ(status, 200) << api.log();
  EXPECT_EQ(api.get("/jobs/" + id).json().value("status", ""), "accepted")
      << "the waiting job survived";
  EXPECT_EQ(api.get("/readyz").status, 200);

  auto worker = start_worker(redis.url(), root, "worker");
  EXPECT_EQ(wait_for_status(api, id, {"successful", "failed"}, 180s).value("status", ""),
            "successful")
      << worker->log();
}

}  // namespace
}  // namespace twin::test
