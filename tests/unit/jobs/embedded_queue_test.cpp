// The embedded queue: the contract suite (in memory and journaled), restarts, compaction on
// open, bad journal paths, and the durable submission rate.
#include "twin/jobs/embedded_queue.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <set>
#include <thread>

#include "queue_contract.hpp"
#include "test_paths.hpp"
#include "twin/data/error.hpp"

namespace twin::jobs::test {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

// A fresh journal per call, in "queue_contract/<pid>_<n>": ctest runs the tests of this
// binary in parallel processes, each counting from zero. Directories of processes that have
// ended are removed on the first call.
std::unique_ptr<Queue> journaled(bool fsync) {
  static const fs::path root = [] {
    const fs::path dir = fs::path(TWIN_BINARY_DIR) / "test-scratch" / "queue_contract";
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      const int pid = std::atoi(entry.path().filename().c_str());
      if (pid > 0 && ::kill(pid, 0) != 0 && errno == ESRCH) fs::remove_all(entry.path(), ec);
    }
    return dir;
  }();
  static std::atomic<int> count{0};
  const fs::path dir = root / (std::to_string(::getpid()) + "_" + std::to_string(count++));
  fs::remove_all(dir);
  EmbeddedQueueOptions options;
  options.journal = dir / "jobs.journal";
  options.fsync = fsync;
  return std::make_unique<EmbeddedQueue>(options);
}

INSTANTIATE_TEST_SUITE_P(
    Embedded, QueueContract,
    ::testing::Values(QueueFactory{"memory", [] { return std::make_unique<EmbeddedQueue>(); }},
                      QueueFactory{"journal", [] { return journaled(true); }},
                      QueueFactory{"journal_nosync", [] { return journaled(false); }}),
    factory_name);

EmbeddedQueueOptions options_in(const std::string& test) {
  EmbeddedQueueOptions options;
  options.journal = twin::test::scratch_dir(test) / "jobs.journal";
  return options;
}

std::size_t lines_in(const fs::path& path) {
  std::ifstream in(path);
  std::size_t n = 0;
  for (std::string line; std::getline(in, line);) ++n;
  return n;
}

TEST(FairScheduler, OrderByPriorityThenOwnerTurnsThenFifo) {
  struct Push {
    std::string id;
    int priority;
    std::string owner;
  };
  struct Case {
    const char* name;
    std::vector<Push> pushes;
    std::vector<std::string> erased;
    std::vector<std::string> expected;
  };
  const std::vector<Case> cases = {
      {"empty", {}, {}, {}},
      {"fifo for one owner",
       {{"a1", 0, "a"}, {"a2", 0, "a"}, {"a3", 0, "a"}},
       {},
       {"a1", "a2", "a3"}},
      {"priority beats order",
       {{"lo", 0, "a"}, {"hi", 7, "b"}, {"neg", -3, "a"}},
       {},
       {"hi", "lo", "neg"}},
      {"owners take turns",
       {{"a1", 0, "a"},
        {"a2", 0, "a"},
        {"a3", 0, "a"},
        {"b1", 0, "b"},
        {"c1", 0, "c"},
        {"b2", 0, "b"}},
       {},
       {"a1", "b1", "c1", "a2", "b2", "a3"}},
      {"erased jobs are skipped",
       {{"a1", 0, "a"}, {"a2", 0, "a"}, {"b1", 0, "b"}},
       {"a1"},
       {"a2", "b1"}},
      {"an owner with only erased jobs loses its turn",
       {{"a1", 0, "a"}, {"b1", 0, "b"}, {"b2", 0, "b"}},
       {"a1"},
       {"b1", "b2"}},
      {"erasing an unknown id changes nothing", {{"a1", 0, "a"}}, {"zz"}, {"a1"}},
      {"turns are per priority",
       {{"a1", 1, "a"}, {"b1", 0, "b"}, {"a2", 1, "a"}, {"b2", 1, "b"}},
       {},
       {"a1", "b2", "a2", "b1"}},
  };
  for (const auto& c : cases) {
    FairScheduler scheduler;
    for (const auto& p : c.pushes) scheduler.push(p.id, p.priority, p.owner);
    for (const auto& id : c.erased) scheduler.erase(id);
    EXPECT_EQ(scheduler.size(), c.expected.size()) << c.name;
    std::vector<std::string> popped;
    while (auto id = scheduler.pop()) popped.push_back(*id);
    EXPECT_EQ(popped, c.expected) << c.name;
    EXPECT_EQ(scheduler.size(), 0u) << c.name;
  }
}

TEST(EmbeddedQueue, RestartKeepsEveryJobInItsState) {
  const auto options = options_in("queue_restart");
  std::string accepted1, accepted2, running, succeeded, failed, dismissed, keyed;
  {
    EmbeddedQueue queue(options);
    running = queue.submit(request("alice", 5)).job.id;
    succeeded = queue.submit(request("alice", 4)).job.id;
    failed = queue.submit(request("bob", 3)).job.id;
    accepted1 = queue.submit(request("alice")).job.id;
    dismissed = queue.submit(request("bob")).job.id;
    JobRequest with_key = request("bob");
    with_key.idempotency_key = "once";
    keyed = queue.submit(with_key).job.id;
    accepted2 = queue.submit(request("carol")).job.id;
    ASSERT_EQ(queue.claim(1s)->id, running);
    ASSERT_EQ(queue.claim(1s)->id, succeeded);
    ASSERT_EQ(queue.claim(1s)->id, failed);
    queue.report_progress(running, 50, "half way");
    queue.complete(succeeded);
    queue.fail(failed, {"invalid-value", "negative height"});
    queue.dismiss(dismissed);
  }  // the running job was never finished: as if the server stopped
  EmbeddedQueue queue(options);
  EXPECT_EQ(queue.open_report().jobs, 7u);
  EXPECT_EQ(queue.open_report().requeued, 1u);
  const auto back = queue.get(running);
  EXPECT_EQ(back->status, JobStatus::accepted);
  EXPECT_EQ(back->attempts, 1) << "attempts survive the restart";
  EXPECT_EQ(queue.get(succeeded)->status, JobStatus::successful);
  EXPECT_EQ(queue.get(failed)->status, JobStatus::failed);
  EXPECT_EQ(queue.get(failed)->error->message, "negative height");
  EXPECT_EQ(queue.get(dismissed)->status, JobStatus::dismissed);
  EXPECT_EQ(queue.get(accepted1)->status, JobStatus::accepted);
  // Same order as before: the interrupted job (priority 5) first, then the fair rounds.
  std::vector<std::string> order;
  while (auto job = queue.claim(20ms)) order.push_back(job->id);
  EXPECT_EQ(order, (std::vector<std::string>{running, accepted1, keyed, accepted2}));
  EXPECT_EQ(queue.get(running)->attempts, 2);
  JobRequest with_key = request("bob");
  with_key.idempotency_key = "once";
  const auto again = queue.submit(with_key);
  EXPECT_FALSE(again.created) << "Idempotency-Keys survive a restart";
  EXPECT_EQ(again.job.id, keyed);
}

TEST(EmbeddedQueue, JobDismissedWhileRunningStaysDismissedAfterACrash) {
  const auto options = options_in("queue_restart_cancel");
  std::string id;
  {
    EmbeddedQueue queue(options);
    id = queue.submit(request()).job.id;
    ASSERT_TRUE(queue.claim(1s));
    queue.dismiss(id);  // the runner never got to mark_dismissed
  }
  EmbeddedQueue queue(options);
  EXPECT_EQ(queue.get(id)->status, JobStatus::dismissed);
  EXPECT_FALSE(queue.claim(10ms));
}

TEST(EmbeddedQueue, JobThatKeepsCrashingTheServerFails) {
  auto options = options_in("queue_max_attempts");
  options.max_attempts = 2;
  std::string id;
  for (int restart = 0; restart < 2; ++restart) {
    EmbeddedQueue queue(options);
    if (id.empty()) id = queue.submit(request()).job.id;
    ASSERT_EQ(queue.claim(1s)->id, id);  // and the server dies while it runs
  }
  {
    EmbeddedQueue queue(options);
    EXPECT_EQ(queue.open_report().gave_up, 1u);
    const auto job = queue.get(id);
    EXPECT_EQ(job->status, JobStatus::failed);
    EXPECT_EQ(job->error->code, "too-many-deliveries");
    EXPECT_FALSE(queue.claim(10ms));
  }
  EmbeddedQueue queue(options);
  EXPECT_EQ(queue.get(id)->status, JobStatus::failed) << "the verdict is journaled";
}

TEST(EmbeddedQueue, CompactionOnOpenKeepsState) {
  auto options = options_in("queue_compaction");
  options.compaction_threshold = 20;
  std::vector<std::string> done, waiting;
  std::string cancelled;
  {
    EmbeddedQueue queue(options);
    for (int i = 0; i < 15; ++i) done.push_back(queue.submit(request("alice")).job.id);
    for (int i = 0; i < 15; ++i) {
      const auto job = queue.claim(1s);
      queue.complete(job->id);
    }
    for (int i = 0; i < 3; ++i)
      waiting.push_back(queue.submit(request(i ? "bob" : "carol")).job.id);
    cancelled = waiting.back();
    queue.dismiss(cancelled);
    waiting.pop_back();
  }
  const fs::path path = options.journal;
  EXPECT_EQ(lines_in(path), 15u * 3 + 3 + 1);
  {
    EmbeddedQueue queue(options);
    EXPECT_TRUE(queue.open_report().compacted);
    EXPECT_EQ(lines_in(path), 18u) << "one record per job";
    EXPECT_FALSE(fs::exists(path.string() + ".compact"));
  }
  EmbeddedQueue queue(options);
  EXPECT_FALSE(queue.open_report().compacted) << "nothing superseded any more";
  for (const auto& id : done) EXPECT_EQ(queue.get(id)->status, JobStatus::successful) << id;
  EXPECT_EQ(queue.get(cancelled)->status, JobStatus::dismissed);
  std::vector<std::string> order;
  while (auto job = queue.claim(20ms)) order.push_back(job->id);
  EXPECT_EQ(order, waiting);
  JobFilter newest;
  newest.limit = 1;
  EXPECT_EQ(queue.list(newest).front().id, cancelled) << "newest first after compaction";
}

TEST(EmbeddedQueue, CompactNowShrinksTheJournal) {
  const auto options = options_in("queue_compact_now");
  EmbeddedQueue queue(options);
  for (int i = 0; i < 10; ++i) queue.submit(request());
  while (auto job = queue.claim(10ms)) queue.complete(job->id);
  EXPECT_EQ(lines_in(options.journal), 30u);
  queue.compact();
  EXPECT_EQ(lines_in(options.journal), 10u);
  const auto id = queue.submit(request()).job.id;  // appends go to the new file
  EXPECT_EQ(lines_in(options.journal), 11u);
  EXPECT_EQ(queue.get(id)->status, JobStatus::accepted);
}

TEST(EmbeddedQueue, JournalPathThatCannotBeCreatedNamesThePath) {
  const fs::path dir = twin::test::scratch_dir("queue_bad_path");
  std::ofstream(dir / "plain_file") << "x";
  for (const fs::path& bad : {dir / "plain_file" / "jobs.journal", dir}) {
    EmbeddedQueueOptions options;
    options.journal = bad;
    try {
      EmbeddedQueue queue(options);
      ADD_FAILURE() << "opened " << bad;
    } catch (const data::Error& e) {
      EXPECT_EQ(e.code(), data::ErrorCode::io_error) << e.what();
      EXPECT_NE(std::string(e.what()).find(bad.string()), std::string::npos) << e.what();
    }
  }
}

TEST(EmbeddedQueue, SecondQueueOnTheSameJournalIsRefused) {
  const auto options = options_in("queue_locked");
  EmbeddedQueue first(options);
  try {
    EmbeddedQueue second(options);
    ADD_FAILURE() << "two queues on one journal";
  } catch (const data::Error& e) {
    EXPECT_EQ(e.code(), data::ErrorCode::io_error);
    EXPECT_NE(std::string(e.what()).find("locked"), std::string::npos) << e.what();
  }
}

// The durable submission rate with 16 concurrent submitters (fsync on). Prints the rate;
// asserts only correctness, because the machine's disk decides the time.
TEST(EmbeddedQueue, ManyConcurrentDurableSubmissions) {
  const auto options = options_in("queue_rate");
  constexpr int threads = 16;
  constexpr int per_thread = 250;
  std::vector<std::vector<std::string>> ids(threads);
  {
    EmbeddedQueue queue(options);
    const auto start = std::chrono::steady_clock::now();
    std::vector<std::thread> submitters;
    for (int t = 0; t < threads; ++t)
      submitters.emplace_back([&, t] {
        for (int i = 0; i < per_thread; ++i)
          ids[static_cast<std::size_t>(t)].push_back(
              queue.submit(request("owner" + std::to_string(t))).job.id);
      });
    for (auto& s : submitters) s.join();
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf(
        "[ rate     ] %d durable submissions from %d threads in %.3f s: %.0f/s, %llu syncs\n",
        threads * per_thread, threads, seconds, threads * per_thread / seconds,
        static_cast<unsigned long long>(queue.journal_write_calls()));

    const auto read_start = std::chrono::steady_clock::now();
    constexpr int reads = 100'000;
    std::size_t found = 0;
    for (int i = 0; i < reads; ++i)
      found += queue
                   .get(ids[static_cast<std::size_t>(i % threads)]
                           [static_cast<std::size_t>(i % per_thread)])
                   .has_value();
    const double read_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - read_start).count();
    std::printf("[ rate     ] %d get() calls in %.3f s: %.0f/s\n", reads, read_seconds,
                reads / read_seconds);
    EXPECT_EQ(found, static_cast<std::size_t>(reads));
  }
  EmbeddedQueue reopened(options);
  std::set<std::string> distinct;
  for (const auto& per : ids)
    for (const auto& id : per) {
      distinct.insert(id);
      ASSERT_TRUE(reopened.get(id)) << id;
    }
  EXPECT_EQ(distinct.size(), static_cast<std::size_t>(threads * per_thread));
  EXPECT_EQ(reopened.stats().depth, distinct.size());
}

}  // namespace
}  // namespace twin::jobs::test
