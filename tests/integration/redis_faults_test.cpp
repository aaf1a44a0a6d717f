// Cluster faults as real processes (issue 6): a redis-server started here on a free loopback
// port, `twinsolve serve --workers 0 --queue redis://…` and `twinsolve worker`s sharing a data
// directory, all with --test-processes so that the `noop` process (a layer of zeros, or a
// SIGABRT with abort=true) is offered. Jobs go in as one POST /batches.
//  - 1,000 no-op jobs on 3 workers: every job completes exactly once (one "job ended" log line
//    per job over all workers, one attempt each, one result per job, no extra results).
//  - a poison job that aborts every worker that runs it: after --max-attempts deliveries it
//    fails with too-many-deliveries and sits in the dead-letter stream; the others complete.
//  - redis-server killed (AOF on) while a batch's jobs wait: after its restart every one runs.
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <csignal>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <thread>

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

// The poison job's aborts would otherwise leave core files behind.
void no_core_files() {
  const rlimit none{0, 0};
  setrlimit(RLIMIT_CORE, &none);
}

struct Cluster {
  Cluster(const std::string& name, bool aof, std::vector<std::string> serve_args = {})
      : root(scratch_dir(name)), redis(root / "redis", aof) {
    no_core_files();
    std::vector<std::string> args{"--test-processes", "--workers", "0", "--queue", redis.url(),
                                  "--max-jobs-per-key", "5000"};
    args.insert(args.end(), serve_args.begin(), serve_args.end());
    api = std::make_unique<ServeProcess>(TWINSOLVE_BIN, root / "data", root / "serve.log", args);
    const auto demo = api->post_json("/scenarios", {{"demo", {{"size_km", 1}, {"cell_m", 100}}}});
    EXPECT_EQ(demo.status, 201) << demo.body;
    scenario = demo.json().value("id", "");
  }

  // Worker `index` (re)started; its log goes to worker-<index>-<start>.log.
  void start_worker(std::size_t index, std::vector<std::string> extra = {}) {
    if (workers.size() <= index) workers.resize(index + 1);
    std::vector<std::string> argv{TWINSOLVE_BIN, "--test-processes", "--threads", "1", "worker",
                                  "--queue", redis.url(), "--data-dir", (root / "data").string(),
                                  "--reclaim-idle", "1"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    const auto log = root / ("worker-" + std::to_string(index) + "-" + std::to_string(starts++) + ".log");
    logs.push_back(log);
    workers[index] = std::make_unique<ChildProcess>(argv, log);
    EXPECT_TRUE(workers[index]->wait_for_log("twinsolve worker ", 30s)) << workers[index]->log();
  }

  std::string submit_batch(const std::vector<Json>& items) const {
    // A thousand submissions to Redis take a while on a loaded machine: a longer deadline.
    const auto response = api->request("POST", "/batches", Json{{"items", items}}.dump(),
                                       {{"Content-Type", "application/json"}}, 60s);
    EXPECT_EQ(response.status, 201) << response.body;
    return response.json().value("batchID", "");
  }

  Json noop(bool abort = false) const {
    return {{"process", "noop"}, {"inputs", {{"scenario", scenario}, {"abort", abort}}}};
  }

  Json batch(const std::string& id) const { return api->get("/batches/" + id).json(); }

  // LLEN of the backlog list KEDA's redis trigger reads (k8s/base/worker-scaling.yaml).
  long backlog() const {
    const auto reply = run_command("redis-cli -p " + std::to_string(redis.port()) + " LLEN twinsolve:backlog", 10, false);
    EXPECT_EQ(reply.status, 0) << reply.output;
    return std::stol(reply.output.empty() ? "-1" : reply.output);
  }

  // Polls the batch until no job is accepted or running; `between` runs after each poll.
  Json wait_batch(const std::string& id, std::chrono::seconds timeout,
                  const std::function<void()>& between = {}) const {
    const auto until = std::chrono::steady_clock::now() + timeout;
    Json body;
    do {
      body = batch(id);
      const auto status = body.value("status", "");
      if (status != "accepted" && status != "running") return body;
      if (between) between();
      std::this_thread::sleep_for(250ms);
    } while (std::chrono::steady_clock::now() < until);
    return body;
  }

  // job id -> the "job ended" log lines of every worker that ever ran, each parsed.
  std::map<std::string, std::vector<Json>> ended_jobs() const {
    std::map<std::string, std::vector<Json>> ended;
    for (const auto& log : logs) {
      std::ifstream file(log);
      for (std::string line; std::getline(file, line);) {
        const auto j = Json::parse(line, nullptr, false);
        if (j.is_discarded() || !j.is_object() || j.value("msg", "") != "job ended") continue;
        ended[j.value("job", "")].push_back(j);
      }
    }
    return ended;
  }

  fs::path root;
  RedisServer redis;
  std::unique_ptr<ServeProcess> api;
  std::string scenario;
  std::vector<std::unique_ptr<ChildProcess>> workers;
  std::vector<fs::path> logs;
  int starts = 0;
};

std::vector<std::string> job_ids(const Json& batch) {
  std::vector<std::string> ids;
  for (const auto& job : batch["jobs"]) ids.push_back(job.value("jobID", ""));
  return ids;
}

TEST(RedisFaults, AThousandJobsOnThreeWorkersEachCompleteExactlyOnce) {
  if (!RedisServer::installed()) GTEST_SKIP() << RedisServer::missing_message;
  Cluster cluster("redis_faults_thousand", /*aof=*/false);
  for (std::size_t w = 0; w < 3; ++w) cluster.start_worker(w);
  constexpr std::size_t jobs = 1000;
  const auto id = cluster.submit_batch(std::vector<Json>(jobs, cluster.noop()));
  ASSERT_FALSE(id.empty());

  const auto done = cluster.wait_batch(id, 120s);
  ASSERT_EQ(done.value("status", ""), "successful") << done["counts"].dump() << "\n" << cluster.api->log();
  EXPECT_EQ(done["counts"]["successful"], jobs);
  const auto ids = job_ids(done);
  ASSERT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), jobs) << "one distinct job per item";

  // Exactly once: each job ended once, on its first delivery, over all three workers ...
  const auto ended = cluster.ended_jobs();
  EXPECT_EQ(ended.size(), jobs);
  std::map<std::string, std::size_t> per_worker;
  std::size_t repeated = 0;
  for (const auto& job : ids) {
    const auto it = ended.find(job);
    ASSERT_NE(it, ended.end()) << job << " has no \"job ended\" line";
    if (it->second.size() != 1) ++repeated;
    EXPECT_EQ(it->second.front().value("attempts", 0), 1) << it->second.front().dump();
    EXPECT_EQ(it->second.front().value("status", ""), "successful") << it->second.front().dump();
  }
  EXPECT_EQ(repeated, 0u) << "jobs that ended more than once";
  for (std::size_t w = 0; w < 3; ++w) {
    std::ifstream file(cluster.logs[w]);
    std::stringstream text;
    text << file.rdbuf();
    std::size_t count = 0;
    for (auto at = text.str().find("\"job ended\""); at != std::string::npos;
         at = text.str().find("\"job ended\"", at + 1))
      ++count;
    per_worker["worker " + std::to_string(w)] = count;
    EXPECT_GT(count, 0u) << "worker " << w << " ran nothing";
  }
  // ... and left one whole result, and nothing else, in the data directory.
  std::size_t results = 0, leftovers = 0;
  for (const auto& dir : fs::directory_iterator(cluster.root / "data" / "jobs")) {
    for (const auto& file : fs::directory_iterator(dir.path())) {
      const auto name = file.path().filename().string();
      if (name == "result.h5") ++results;
      else if (name != "result.json") ++leftovers;
    }
  }
  EXPECT_EQ(results, jobs);
  EXPECT_EQ(leftovers, 0u) << "temporary files left behind";
  EXPECT_EQ(cluster.backlog(), 0) << "no job waits, so the backlog list is empty";
  for (const auto& [worker, count] : per_worker) std::cout << "[ share    ] " << worker << ": " << count << " jobs\n";
  // What a status poll of a 1000-job batch costs (one queue read per job), printed, not asserted.
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(cluster.api->get("/batches/" + id).status, 200);
  std::cout << "[ poll     ] GET /batches/{id} of " << jobs << " jobs: "
            << std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count() << " ms\n";
}

TEST(RedisFaults, APoisonJobEndsInTheDeadLetterStreamAndTheOthersComplete) {
  if (!RedisServer::installed()) GTEST_SKIP() << RedisServer::missing_message;
  Cluster cluster("redis_faults_poison", /*aof=*/false, {"--max-attempts", "3"});
  const std::vector<std::string> attempts{"--max-attempts", "3"};
  for (std::size_t w = 0; w < 3; ++w) cluster.start_worker(w, attempts);
  std::vector<Json> items(30, cluster.noop());
  items[7] = cluster.noop(/*abort=*/true);
  const auto id = cluster.submit_batch(items);
  ASSERT_FALSE(id.empty());

  // As Kubernetes restarts a crashed container: a worker that died is started again.
  int deaths = 0;
  const auto done = cluster.wait_batch(id, 90s, [&] {
    for (std::size_t w = 0; w < cluster.workers.size(); ++w) {
      if (cluster.workers[w]->running()) continue;
      EXPECT_EQ(cluster.workers[w]->wait_exit(1s), 128 + SIGABRT) << cluster.workers[w]->log();
      ++deaths;
      cluster.start_worker(w, attempts);
    }
  });
  ASSERT_EQ(done.value("status", ""), "failed") << done["counts"].dump();
  EXPECT_EQ(done["counts"]["successful"], 29);
  EXPECT_EQ(done["counts"]["failed"], 1);
  EXPECT_EQ(deaths, 3) << "one death per delivery, --max-attempts deliveries";

  const auto& poison = done["jobs"][7];
  EXPECT_EQ(poison["status"], "failed");
  EXPECT_EQ(poison["error"]["code"], "too-many-deliveries") << poison.dump();
  const auto message = poison["error"]["message"].get<std::string>();
  EXPECT_NE(message.find("3"), std::string::npos) << "the message says how often: " << message;

  // The dead-letter stream holds the poison job, and only it.
  const auto dead = run_command("redis-cli -p " + std::to_string(cluster.redis.port()) +
                                    " XRANGE twinsolve:dead - +",
                                10, false);
  ASSERT_EQ(dead.status, 0) << dead.output;
  EXPECT_NE(dead.output.find(poison["jobID"].get<std::string>()), std::string::npos) << dead.output;
  std::size_t entries = 0;
  for (auto at = dead.output.find("job\n"); at != std::string::npos; at = dead.output.find("job\n", at + 1)) ++entries;
  EXPECT_EQ(entries, 1u) << dead.output;
  EXPECT_EQ(cluster.backlog(), 0);

  // The others each ran once, on their first delivery, although three workers died.
  const auto ended = cluster.ended_jobs();
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i == 7) continue;
    const auto job = done["jobs"][i].value("jobID", "");
    ASSERT_EQ(ended.count(job), 1u) << job;
    EXPECT_EQ(ended.at(job).size(), 1u) << job;
  }
}

TEST(RedisFaults, ARedisRestartLosesNoneOfABatchsWaitingJobs) {
  if (!RedisServer::installed()) GTEST_SKIP() << RedisServer::missing_message;
  Cluster cluster("redis_faults_restart", /*aof=*/true);
  constexpr std::size_t jobs = 100;
  const auto id = cluster.submit_batch(std::vector<Json>(jobs, cluster.noop()));  // no worker yet: all wait
  ASSERT_FALSE(id.empty());
  EXPECT_EQ(cluster.batch(id)["counts"]["accepted"], jobs);
  EXPECT_EQ(cluster.backlog(), static_cast<long>(jobs)) << "one backlog token per waiting job";

  cluster.redis.kill();
  EXPECT_EQ(cluster.api->get("/batches/" + id).status, 503) << "the batch's jobs are in Redis";
  cluster.redis.restart();
  Json after;
  for (int i = 0; i < 100; ++i) {
    const auto response = cluster.api->get("/batches/" + id);
    if (response.status == 200) {
      after = response.json();
      break;
    }
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_EQ(after.value("status", ""), "accepted") << after.dump();
  EXPECT_EQ(after["counts"]["accepted"], jobs);
  EXPECT_EQ(cluster.backlog(), static_cast<long>(jobs)) << "the backlog survived the restart too";

  cluster.start_worker(0);
  cluster.start_worker(1);
  const auto done = cluster.wait_batch(id, 60s);
  EXPECT_EQ(done.value("status", ""), "successful") << done["counts"].dump();
  EXPECT_EQ(done["counts"]["successful"], jobs);
  EXPECT_EQ(cluster.backlog(), 0);
  const auto ended = cluster.ended_jobs();
  for (const auto& job : job_ids(done)) EXPECT_EQ(ended.count(job) ? ended.at(job).size() : 0, 1u) << job;
}

}  // namespace
}  // namespace twin::test
