// Tiled jobs across real processes: a redis-server on a free loopback port, `twinsolve serve
// --workers 0` and two `twinsolve worker`s with a small --tile-cells. The tiles of one heat job
// are shared by both workers and the merged result equals an untiled `twinsolve run` bit for
// bit; with the coordinating worker killed (SIGKILL) in the middle of a tile, the other worker
// takes the job and the interrupted tile over and the result is still the same.
#include <gtest/gtest.h>

#include <csignal>
#include <fstream>
#include <thread>

#include "integration/cluster_processes.hpp"
#include "integration/serve_process.hpp"
#include "run_command.hpp"
#include "support/child_process.hpp"
#include "support/redis_server.hpp"
#include "test_paths.hpp"

namespace twin::test {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using Json = nlohmann::json;

// The heat process on a 1 km demo at 5 m (200 x 200 cells) in 4 tiles of 100 x 100.
const Json job_inputs = {{"svf_radius_m", 100}, {"hours", "10,13,16"}};
constexpr const char* tile_cells = "10000";
constexpr const char* reclaim_idle_s = "1.5";

std::unique_ptr<ChildProcess> start_worker(const std::string& url, const fs::path& root,
                                           const std::string& name) {
  return twin::test::start_worker(TWINSOLVE_BIN, url, root, name,
                                  {"--reclaim-idle", reclaim_idle_s, "--tile-cells", tile_cells});
}

std::string submit(const ServeProcess& api, const std::string& scenario) {
  return submit_heat(api, scenario, job_inputs);
}

// The same request solved whole by `twinsolve run`.
fs::path untiled_run(const fs::path& root, const std::string& scenario) {
  const fs::path params = root / "params.json", out = root / "untiled.h5";
  std::ofstream(params) << job_inputs.dump();
  const auto result = run_command(std::string(TWINSOLVE_BIN) + " --quiet --threads 1 run --process heat --scenario " +
                                      (root / "data" / "scenarios" / (scenario + ".h5")).string() + " --params " +
                                      params.string() + " --out " + out.string(),
                                  300, true);
  EXPECT_EQ(result.status, 0) << result.output;
  return out;
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(RedisTiles, TwoWorkersShareTheTilesAndTheMergeEqualsTheUntiledRun) {
  if (!RedisServer::installed()) GTEST_SKIP() << RedisServer::missing_message;
  const auto root = scratch_dir("redis_tiles_share");
  RedisServer redis(root / "redis");
  ServeProcess api(TWINSOLVE_BIN, root / "data", root / "serve.log", {"--workers", "0", "--queue", redis.url()});
  const auto scenario = create_demo(api);
  auto a = start_worker(redis.url(), root, "worker-a");
  auto b = start_worker(redis.url(), root, "worker-b");
  const auto id = submit(api, scenario);
  const auto done = wait_for_status(api, id, {"successful", "failed", "dismissed"}, 240s);
  ASSERT_EQ(done.value("status", ""), "successful") << done.dump() << "\n" << a->log() << "\n" << b->log();
  // One worker coordinated (its log ends the job); the other took tiles through claim().
  EXPECT_TRUE(a->wait_for_log("\"job\":\"" + id + "\"", 1s) || b->wait_for_log("\"job\":\"" + id + "\"", 10s));
  const std::string logs = a->log() + b->log();
  EXPECT_EQ(count(logs, "\"job\":\"" + id + "\""), 1u) << logs;
  EXPECT_GE(count(a->log(), "job ended") + count(b->log(), "job ended"), 2u) << logs;
  EXPECT_GE(count(a->log(), "job ended"), 1u) << "worker a solved nothing\n" << logs;
  EXPECT_GE(count(b->log(), "job ended"), 1u) << "worker b solved nothing\n" << logs;
  EXPECT_FALSE(fs::exists(root / "data" / "jobs" / id / "tiles"));
  expect_same_layers(root / "data" / "jobs" / id / "result.h5", untiled_run(root, scenario),
                     "the untiled run");
}

TEST(RedisTiles, KilledCoordinatorMidTileTheOtherWorkerCompletesTheSameResult) {
  if (!RedisServer::installed()) GTEST_SKIP() << RedisServer::missing_message;
  const auto root = scratch_dir("redis_tiles_kill");
  RedisServer redis(root / "redis");
  ServeProcess api(TWINSOLVE_BIN, root / "data", root / "serve.log", {"--workers", "0", "--queue", redis.url()});
  const auto scenario = create_demo(api);
  // The second worker is held (SIGSTOP) so that the first coordinates and solves tiles alone,
  // and continued the moment the first is killed in the middle of a tile.
  auto doomed = start_worker(redis.url(), root, "worker-a");
  auto survivor = start_worker(redis.url(), root, "worker-b");
  survivor->send_signal(SIGSTOP);
  const auto id = submit(api, scenario);
  const auto deadline = std::chrono::steady_clock::now() + 120s;
  Json status;
  bool mid_tile = false;
  while (std::chrono::steady_clock::now() < deadline) {
    status = api.get("/jobs/" + id).json();
    const double progress = status.value("progress", 0.0);
    // Past the first tile (22.5 %) and into the second one.
    if (status.value("status", "") == "running" && progress > 25 && progress < 40) {
      mid_tile = true;
      break;
    }
    if (status.value("status", "") != "accepted" && status.value("status", "") != "running") break;
    std::this_thread::sleep_for(20ms);
  }
  ASSERT_TRUE(mid_tile) << status.dump() << "\n" << doomed->log();
  doomed->send_signal(SIGKILL);
  survivor->send_signal(SIGCONT);
  ASSERT_TRUE(doomed->wait_exit(10s));

  const auto done = wait_for_status(api, id, {"successful", "failed", "dismissed"}, 240s);
  ASSERT_EQ(done.value("status", ""), "successful") << done.dump() << "\n" << survivor->log();
  // The log line follows the final status by a moment.
  EXPECT_TRUE(survivor->wait_for_log("\"job\":\"" + id + "\"", 10s)) << survivor->log();
  EXPECT_NE(survivor->log().find("\"attempts\":2"), std::string::npos) << survivor->log();
  expect_same_layers(root / "data" / "jobs" / id / "result.h5", untiled_run(root, scenario),
                     "the untiled run");
}

}  // namespace
}  // namespace twin::test
