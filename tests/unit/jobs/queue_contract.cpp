// The Queue contract suite; see queue_contract.hpp for how a back end runs it.
#include "queue_contract.hpp"

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "twin/data/error.hpp"

namespace twin::jobs::test {

using namespace std::chrono_literals;

JobRequest request(std::string owner, int priority, std::string process) {
  JobRequest r;
  r.process = std::move(process);
  r.scenario_id = "demo";
  r.parameters = {{"hour", 14}};
  r.priority = priority;
  r.owner = std::move(owner);
  r.cells = 100;
  return r;
}

namespace {

std::vector<std::string> ids_of(const std::vector<Job>& jobs) {
  std::vector<std::string> ids;
  for (const auto& job : jobs) ids.push_back(job.id);
  return ids;
}

JobFilter filter(std::optional<std::string> owner, std::vector<JobStatus> statuses,
                 std::vector<std::string> processes, std::size_t limit = 100,
                 std::size_t offset = 0) {
  JobFilter f;
  f.owner = std::move(owner);
  f.statuses = std::move(statuses);
  f.processes = std::move(processes);
  f.limit = limit;
  f.offset = offset;
  return f;
}

// Claims everything waiting (short waits), in claim order.
std::vector<Job> claim_all(Queue& queue) {
  std::vector<Job> claimed;
  while (auto job = queue.claim(50ms)) claimed.push_back(*job);
  return claimed;
}

}  // namespace

TEST_P(QueueContract, SubmitAssignsIdAndKeepsTheRequest) {
  JobRequest r = request("alice", 3, "heat");
  r.edits = nlohmann::json::array({{{"op", "add_building"}}});
  r.reference_id = "base";
  const auto before = now_millis();
  const SubmitResult result = queue->submit(r);
  EXPECT_TRUE(result.created);
  EXPECT_EQ(result.job.id.size(), 26u);
  EXPECT_EQ(result.job.status, JobStatus::accepted);
  EXPECT_GE(result.job.created, before);
  const auto got = queue->get(result.job.id);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->request.process, "heat");
  EXPECT_EQ(got->request.reference_id, "base");
  EXPECT_EQ(got->request.edits, r.edits);
  EXPECT_EQ(got->request.parameters, r.parameters);
  EXPECT_EQ(got->request.priority, 3);
  EXPECT_EQ(got->attempts, 0);
  EXPECT_FALSE(queue->get("aaaaaaaaaaaaaaaaaaaaaaaaaa"));
}

TEST_P(QueueContract, ListFiltersAndPagesNewestFirst) {
  std::vector<std::string> ids;  // submission order
  for (int i = 0; i < 6; ++i)
    ids.push_back(
        queue->submit(request(i % 2 ? "bob" : "alice", 0, i < 3 ? "noise" : "heat")).job.id);
  const auto claimed = queue->claim(1s);  // the first job (alice, noise) runs
  ASSERT_TRUE(claimed);
  EXPECT_EQ(claimed->id, ids[0]);

  struct Case {
    const char* name;
    JobFilter filter;
    std::vector<std::size_t> expected;  // indexes into ids, newest first
  };
  const std::optional<std::string> any;
  const std::vector<Case> cases = {
      {"all", filter(any, {}, {}), {5, 4, 3, 2, 1, 0}},
      {"owner", filter("bob", {}, {}), {5, 3, 1}},
      {"unknown owner", filter("carol", {}, {}), {}},
      {"status", filter(any, {JobStatus::running}, {}), {0}},
      {"two statuses",
       filter(any, {JobStatus::running, JobStatus::accepted}, {}),
       {5, 4, 3, 2, 1, 0}},
      {"process", filter(any, {}, {"heat"}), {5, 4, 3}},
      {"owner and process", filter("alice", {}, {"noise"}), {2, 0}},
      {"limit", filter(any, {}, {}, 2), {5, 4}},
      {"offset", filter(any, {}, {}, 2, 2), {3, 2}},
      {"offset past the end", filter(any, {}, {}, 100, 10), {}},
      {"limit zero", filter(any, {}, {}, 0), {}},
  };

  for (const auto& c : cases) {
    std::vector<std::string> expected;
    for (const auto i : c.expected) expected.push_back(ids[i]);
    EXPECT_EQ(ids_of(queue->list(c.filter)), expected) << c.name;
  }
}

TEST_P(QueueContract, HigherPriorityRunsFirst) {
  const auto low = queue->submit(request("alice", 0)).job.id;
  const auto high = queue->submit(request("alice", 9)).job.id;
  const auto middle = queue->submit(request("bob", 5)).job.id;
  const auto negative = queue->submit(request("carol", -1)).job.id;
  EXPECT_EQ(ids_of(claim_all(*queue)), (std::vector<std::string>{high, middle, low, negative}));
}

TEST_P(QueueContract, OwnersTakeTurnsWithinAPriority) {
  // alice submits a batch first; bob and carol's jobs must not wait behind all of it.
  std::map<std::string, std::vector<std::string>> submitted;
  for (int i = 0; i < 4; ++i) submitted["alice"].push_back(queue->submit(request("alice")).job.id);
  for (int i = 0; i < 2; ++i) submitted["bob"].push_back(queue->submit(request("bob")).job.id);
  submitted["carol"].push_back(queue->submit(request("carol")).job.id);
  const auto urgent = queue->submit(request("alice", 1)).job.id;

  const auto claimed = claim_all(*queue);
  ASSERT_EQ(claimed.size(), 8u);
  EXPECT_EQ(claimed[0].id, urgent);
  std::set<std::string> first_round;
  for (int i = 1; i <= 3; ++i)
    first_round.insert(claimed[static_cast<std::size_t>(i)].request.owner);
  EXPECT_EQ(first_round, (std::set<std::string>{"alice", "bob", "carol"}));
  std::map<std::string, std::vector<std::string>> per_owner;  // FIFO within an owner
  for (std::size_t i = 1; i < claimed.size(); ++i)
    per_owner[claimed[i].request.owner].push_back(claimed[i].id);
  EXPECT_EQ(per_owner, submitted);
  // Rounds continue while several owners wait: the 4th and 5th claims are alice and bob.
  EXPECT_EQ((std::set<std::string>{claimed[4].request.owner, claimed[5].request.owner}),
            (std::set<std::string>{"alice", "bob"}));
}

TEST_P(QueueContract, ClaimTimesOutWhenNothingWaits) {
  const auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(queue->claim(100ms));
  const auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_GE(waited, 90ms);
  EXPECT_LT(waited, 5s);
}

TEST_P(QueueContract, ClaimWakesForANewJob) {
  std::optional<Job> claimed;
  std::thread worker([&] { claimed = queue->claim(10s); });
  std::this_thread::sleep_for(50ms);
  const auto id = queue->submit(request()).job.id;
  worker.join();
  ASSERT_TRUE(claimed);
  EXPECT_EQ(claimed->id, id);
}

TEST_P(QueueContract, CloseWakesWaitingClaims) {
  std::atomic<int> returned{0};
  std::vector<std::thread> workers;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 3; ++i)
    workers.emplace_back([&] {
      if (!queue->claim(30s)) ++returned;
    });
  std::this_thread::sleep_for(50ms);
  queue->close();
  for (auto& w : workers) w.join();
  EXPECT_EQ(returned, 3);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 10s);
  queue->submit(request());
  EXPECT_FALSE(queue->claim(10ms)) << "a closed queue hands out no jobs";
}

TEST_P(QueueContract, RunningJobReportsAndCompletes) {
  const auto id = queue->submit(request()).job.id;
  const auto claimed = queue->claim(1s);
  ASSERT_TRUE(claimed);
  EXPECT_EQ(claimed->status, JobStatus::running);
  EXPECT_EQ(claimed->attempts, 1);
  EXPECT_GT(claimed->started, 0);
  queue->report_progress(id, 42.5, "solving");
  auto job = queue->get(id);
  EXPECT_DOUBLE_EQ(job->progress, 42.5);
  EXPECT_EQ(job->message, "solving");
  queue->complete(id);
  job = queue->get(id);
  EXPECT_EQ(job->status, JobStatus::successful);
  EXPECT_DOUBLE_EQ(job->progress, 100);
  EXPECT_GE(job->finished, job->started);
  EXPECT_FALSE(job->error);
  EXPECT_THROW(queue->complete(id), data::Error) << "complete twice";
  EXPECT_THROW(queue->fail("aaaaaaaaaaaaaaaaaaaaaaaaaa", {"internal", "x"}), data::Error);
}

TEST_P(QueueContract, FailKeepsTheError) {
  const auto id = queue->submit(request()).job.id;
  EXPECT_THROW(queue->fail(id, {"internal", "not running yet"}), data::Error);
  ASSERT_TRUE(queue->claim(1s));
  queue->fail(id, {"missing-layer", "layer dtm is absent"});
  const auto job = queue->get(id);
  EXPECT_EQ(job->status, JobStatus::failed);
  ASSERT_TRUE(job->error);
  EXPECT_EQ(job->error->code, "missing-layer");
  EXPECT_EQ(job->error->message, "layer dtm is absent");
}

TEST_P(QueueContract, DismissAcceptedJobAtOnce) {
  const auto id = queue->submit(request()).job.id;
  const auto dismissed = queue->dismiss(id);
  ASSERT_TRUE(dismissed);
  EXPECT_EQ(dismissed->status, JobStatus::dismissed);
  EXPECT_EQ(queue->get(id)->status, JobStatus::dismissed);
  EXPECT_FALSE(queue->claim(20ms)) << "a dismissed job never runs";
  EXPECT_FALSE(queue->dismiss("aaaaaaaaaaaaaaaaaaaaaaaaaa"));
}

TEST_P(QueueContract, DismissRunningJobSetsTheCancelFlag) {
  const auto id = queue->submit(request()).job.id;
  ASSERT_TRUE(queue->claim(1s));
  EXPECT_FALSE(queue->cancel_requested(id));
  const auto after = queue->dismiss(id);
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, JobStatus::running) << "the runner has not stopped yet";
  EXPECT_TRUE(queue->cancel_requested(id));
  queue->mark_dismissed(id);
  EXPECT_EQ(queue->get(id)->status, JobStatus::dismissed);
  EXPECT_FALSE(queue->cancel_requested("aaaaaaaaaaaaaaaaaaaaaaaaaa"));
}

TEST_P(QueueContract, DismissFinishedJob) {
  const auto id = queue->submit(request()).job.id;
  ASSERT_TRUE(queue->claim(1s));
  queue->complete(id);
  const auto finished = queue->get(id)->finished;
  EXPECT_EQ(queue->dismiss(id)->status, JobStatus::dismissed);
  EXPECT_EQ(queue->get(id)->finished, finished);
  EXPECT_EQ(queue->dismiss(id)->status, JobStatus::dismissed) << "dismissing twice is harmless";
}

TEST_P(QueueContract, IdempotencyKeyReturnsTheFirstJob) {
  JobRequest r = request("alice");
  r.idempotency_key = "k-1";
  const auto first = queue->submit(r);
  EXPECT_TRUE(first.created);
  const auto again = queue->submit(r);
  EXPECT_FALSE(again.created);
  EXPECT_EQ(again.job.id, first.job.id);
  JobRequest other_owner = r;
  other_owner.owner = "bob";
  EXPECT_TRUE(queue->submit(other_owner).created) << "keys are per owner";
  JobRequest no_key = request("alice");
  EXPECT_NE(queue->submit(no_key).job.id, queue->submit(no_key).job.id);
  // Still the same job once it has finished.
  while (auto job = queue->claim(20ms)) queue->complete(job->id);
  const auto later = queue->submit(r);
  EXPECT_FALSE(later.created);
  EXPECT_EQ(later.job.status, JobStatus::successful);
}

TEST_P(QueueContract, FindIdempotentLooksUpPerOwner) {
  JobRequest r = request("alice");
  r.idempotency_key = "k-2";
  const auto id = queue->submit(r).job.id;
  queue->submit(request("alice"));  // no key
  const auto found = queue->find_idempotent("alice", "k-2");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, id);
  EXPECT_FALSE(queue->find_idempotent("bob", "k-2")) << "keys are per owner";
  EXPECT_FALSE(queue->find_idempotent("alice", "k-3"));
  EXPECT_FALSE(queue->find_idempotent("alice", "")) << "no key, no match";
}

TEST_P(QueueContract, StatsAndActiveJobs) {
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(queue->submit(request(i < 3 ? "alice" : "bob")).job.id);
  auto a = queue->claim(1s);  // alice
  auto b = queue->claim(1s);  // bob
  auto c = queue->claim(1s);  // alice
  ASSERT_TRUE(a && b && c);
  // Active = accepted or running: alice has 2 running and 1 waiting, bob 1 and 1.
  EXPECT_EQ(queue->active_jobs("alice"), 3u);
  EXPECT_EQ(queue->active_jobs("bob"), 2u);
  EXPECT_EQ(queue->active_jobs("carol"), 0u);
  queue->complete(a->id);
  queue->fail(b->id, {"internal", "boom"});
  queue->dismiss(ids[4]);
  QueueStats stats = queue->stats();
  EXPECT_EQ(stats.jobs_by_status[JobStatus::accepted], 1u);
  EXPECT_EQ(stats.jobs_by_status[JobStatus::running], 1u);
  EXPECT_EQ(stats.jobs_by_status[JobStatus::successful], 1u);
  EXPECT_EQ(stats.jobs_by_status[JobStatus::failed], 1u);
  EXPECT_EQ(stats.jobs_by_status[JobStatus::dismissed], 1u);
  EXPECT_EQ(stats.depth, 1u);
  EXPECT_EQ(queue->active_jobs("alice"), 2u);
  EXPECT_EQ(queue->active_jobs("bob"), 0u);
}

TEST_P(QueueContract, TileTaskIsKeptWithTheRequest) {
  JobRequest r = request("alice");
  r.tile = TileTask{"01jparentparentparentparent", 3, 8, data::Window{256, 512, 256, 100}};
  const auto id = queue->submit(r).job.id;
  const auto got = queue->get(id);
  ASSERT_TRUE(got);
  ASSERT_TRUE(got->request.tile);
  EXPECT_EQ(*got->request.tile, *r.tile);
  const auto claimed = queue->claim(1s);
  ASSERT_TRUE(claimed);
  EXPECT_EQ(claimed->request.tile, r.tile);
  EXPECT_FALSE(queue->get(queue->submit(request("alice")).job.id)->request.tile);
}

TEST_P(QueueContract, ClaimJobTakesThatJobOutOfTheWaitingOrder) {
  const auto first = queue->submit(request("alice")).job.id;
  const auto second = queue->submit(request("alice")).job.id;
  const auto third = queue->submit(request("bob")).job.id;
  const auto claimed = queue->claim_job(second);
  ASSERT_TRUE(claimed);
  EXPECT_EQ(claimed->id, second);
  EXPECT_EQ(claimed->status, JobStatus::running);
  EXPECT_EQ(claimed->attempts, 1);
  EXPECT_EQ(queue->get(second)->status, JobStatus::running);
  EXPECT_EQ(queue->stats().depth, 2u);
  // Running, finished or unknown: not claimed again.
  EXPECT_FALSE(queue->claim_job(second));
  EXPECT_FALSE(queue->claim_job("aaaaaaaaaaaaaaaaaaaaaaaaaa"));
  queue->report_progress(second, 50, "half");
  queue->complete(second);
  EXPECT_FALSE(queue->claim_job(second));
  EXPECT_EQ(queue->get(second)->status, JobStatus::successful);
  // The others are handed out by claim() as before, and only once.
  EXPECT_EQ(ids_of(claim_all(*queue)), (std::vector<std::string>{first, third}));
  EXPECT_FALSE(queue->claim_job(first));
}

TEST_P(QueueContract, ClaimJobOfTheLastWaitingJobOfAnOwnerKeepsTurns) {
  const auto a1 = queue->submit(request("alice")).job.id;
  const auto b1 = queue->submit(request("bob")).job.id;
  const auto a2 = queue->submit(request("alice")).job.id;
  ASSERT_TRUE(queue->claim_job(b1));  // bob has nothing left waiting
  const auto b2 = queue->submit(request("bob")).job.id;
  EXPECT_EQ(ids_of(claim_all(*queue)), (std::vector<std::string>{a1, b2, a2}));
}

TEST_P(QueueContract, ClaimJobAfterCloseClaimsNothing) {
  const auto id = queue->submit(request("alice")).job.id;
  queue->close();
  EXPECT_FALSE(queue->claim_job(id));
}

TEST_P(QueueContract, ConcurrentSubmittersAndClaimersLoseNothing) {
  constexpr int submitters = 8;
  constexpr int per_submitter = 40;
  constexpr int total = submitters * per_submitter;
  std::mutex mutex;
  std::set<std::string> submitted;
  std::map<std::string, int> claimed;  // id -> times claimed
  std::atomic<int> done{0};
  std::vector<std::thread> threads;
  for (int s = 0; s < submitters; ++s)
    threads.emplace_back([&, s] {
      for (int i = 0; i < per_submitter; ++i) {
        const auto id = queue->submit(request("owner" + std::to_string(s % 3), i % 2)).job.id;
        std::lock_guard lock(mutex);
        submitted.insert(id);
      }
    });
  for (int w = 0; w < 4; ++w)
    threads.emplace_back([&] {
      while (done < total) {
        const auto job = queue->claim(20ms);
        if (!job) continue;
        {
          std::lock_guard lock(mutex);
          ++claimed[job->id];
        }
        (void)queue->get(job->id);  // reads interleave with changes
        queue->complete(job->id);
        ++done;
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(submitted.size(), static_cast<std::size_t>(total));
  EXPECT_EQ(claimed.size(), submitted.size());
  for (const auto& [id, times] : claimed) {
    EXPECT_EQ(times, 1) << id;
    EXPECT_TRUE(submitted.count(id)) << id;
  }
  EXPECT_EQ(queue->stats().jobs_by_status[JobStatus::successful], static_cast<std::size_t>(total));
  EXPECT_EQ(queue->stats().depth, 0u);
}

}  // namespace twin::jobs::test
