// Failures of the process around the queue. kill -9 while jobs are being submitted and run: a
// forked child submits from several threads and writes each id to a pipe only after submit()
// returned (so the job was acknowledged), and runs jobs, reporting each claim and completion
// likewise. The parent kills it with SIGKILL, reopens the journal and checks that every
// acknowledged job is there.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "queue_contract.hpp"
#include "test_paths.hpp"
#include "twin/data/error.hpp"
#include "twin/jobs/embedded_queue.hpp"

namespace twin::jobs {
namespace {

using namespace std::chrono_literals;

// One line per write(): pipe writes up to PIPE_BUF bytes are atomic, so lines from several
// threads never interleave.
void say(int fd, char what, const std::string& id) {
  const std::string line = std::string(1, what) + ' ' + id + '\n';
  if (::write(fd, line.data(), line.size()) != static_cast<ssize_t>(line.size())) _exit(3);
}

[[noreturn]] void child(const std::filesystem::path& journal, int out) {
  try {
    EmbeddedQueueOptions options;
    options.journal = journal;
    EmbeddedQueue queue(options);
    say(out, 'O', "open");
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
      threads.emplace_back([&, t] {
        for (;;) say(out, 'S', queue.submit(test::request("owner" + std::to_string(t))).job.id);
      });
    threads.emplace_back([&] {
      for (;;) {
        const auto job = queue.claim(100ms);
        if (!job) continue;
        say(out, 'R', job->id);
        if (job->id.back() < 'n') {  // about half finish; the others stay running
          queue.complete(job->id);
          say(out, 'C', job->id);
        }
      }
    });
    for (auto& t : threads) t.join();
  } catch (const std::exception& e) {
    const std::string message = std::string("E ") + e.what() + "\n";
    (void)!::write(out, message.data(), message.size());
  }
  _exit(2);
}

TEST(QueueCrash, KillNineLosesNoAcknowledgedJob) {
  const auto journal = twin::test::scratch_dir("queue_crash") / "jobs.journal";
  for (int round = 0; round < 3; ++round) {  // each round also replays the previous crashes
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      ::close(fds[0]);
      child(journal, fds[1]);
    }
    ::close(fds[1]);
    // Read until the child has acknowledged a good number of jobs, then kill it mid-flight.
    std::string output;
    char buffer[4096];
    std::size_t acknowledged = 0;
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (acknowledged < 300 && std::chrono::steady_clock::now() < deadline) {
      const ssize_t n = ::read(fds[0], buffer, sizeof buffer);
      if (n <= 0) break;
      output.append(buffer, static_cast<std::size_t>(n));
      acknowledged = static_cast<std::size_t>(std::count(output.begin(), output.end(), 'S'));
    }
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << output.substr(0, 500);
    for (ssize_t n; (n = ::read(fds[0], buffer, sizeof buffer)) > 0;)
      output.append(buffer, static_cast<std::size_t>(n));
    ::close(fds[0]);

    std::set<std::string> submitted, completed;
    std::map<std::string, int> claimed;
    std::istringstream lines(output);
    for (std::string line; std::getline(lines, line);) {
      if (line.size() < 3) continue;
      ASSERT_NE(line[0], 'E') << line;
      const std::string id = line.substr(2);
      if (line[0] == 'S') submitted.insert(id);
      if (line[0] == 'R') ++claimed[id];
      if (line[0] == 'C') completed.insert(id);
    }
    ASSERT_GT(submitted.size(), 0u) << "round " << round << ": " << output.substr(0, 500);

    EmbeddedQueueOptions options;
    options.journal = journal;
    EmbeddedQueue queue(options);
    std::size_t still_accepted = 0;
    for (const auto& id : submitted) {
      const auto job = queue.get(id);
      ASSERT_TRUE(job) << "round " << round << ": acknowledged job " << id << " lost";
      if (completed.count(id)) {
        EXPECT_EQ(job->status, JobStatus::successful) << id;
      } else if (claimed.count(id)) {
        // Claimed, not known to be complete: back in the queue, unless complete() got its
        // record to disk just before the kill.
        EXPECT_TRUE(job->status == JobStatus::accepted || job->status == JobStatus::successful)
            << id << " is " << status_name(job->status);
      } else {
        EXPECT_EQ(job->status, JobStatus::accepted) << id;
        ++still_accepted;
      }
      EXPECT_NE(job->status, JobStatus::running) << "nothing runs right after a restart";
    }
    std::printf(
        "[ crash    ] round %d: %zu acknowledged, %zu claimed, %zu completed, %zu waiting\n", round,
        submitted.size(), claimed.size(), completed.size(), still_accepted);
  }
}

// A journal that cannot grow (the file size limit stands in for a full disk): the submit that
// hits it throws io_error naming the journal and is not kept; every later change is refused
// (fail-stop); after a restart every acknowledged job is there.
TEST(QueueCrash, FullDiskStopsChangesAndLosesNoAcknowledgedJob) {
  const auto journal = twin::test::scratch_dir("queue_full_disk") / "jobs.journal";
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::close(fds[0]);
    ::signal(SIGXFSZ, SIG_IGN);  // a write past the limit fails with EFBIG instead
    try {
      EmbeddedQueueOptions options;
      options.journal = journal;
      EmbeddedQueue queue(options);
      const rlimit limit{20'000, 20'000};
      ::setrlimit(RLIMIT_FSIZE, &limit);
      std::size_t acknowledged = 0;
      try {
        for (int i = 0; i < 1000; ++i) {
          say(fds[1], 'S', queue.submit(test::request()).job.id);
          ++acknowledged;
        }
      } catch (const data::Error& e) {
        say(fds[1], e.code() == data::ErrorCode::io_error ? 'E' : 'X', e.what());
      }
      try {
        queue.submit(test::request());
        say(fds[1], 'X', "a submit after the failure was accepted");
      } catch (const data::Error& e) {
        say(fds[1], 'F', e.what());
      }
      say(fds[1], 'D', std::to_string(queue.stats().depth) + " " + std::to_string(acknowledged));
    } catch (const std::exception& e) {
      say(fds[1], 'X', e.what());
    }
    _exit(0);
  }
  ::close(fds[1]);
  std::string output;
  char buffer[4096];
  for (ssize_t n; (n = ::read(fds[0], buffer, sizeof buffer)) > 0;)
    output.append(buffer, static_cast<std::size_t>(n));
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status)) << output;

  std::vector<std::string> submitted;
  std::map<char, std::string> said;
  std::istringstream lines(output);
  for (std::string line; std::getline(lines, line);) {
    ASSERT_GE(line.size(), 2u) << output;
    ASSERT_NE(line[0], 'X') << line;
    if (line[0] == 'S')
      submitted.push_back(line.substr(2));
    else
      said[line[0]] = line.substr(2);
  }
  ASSERT_GT(submitted.size(), 10u) << output;
  EXPECT_NE(said['E'].find(journal.string()), std::string::npos) << said['E'];
  EXPECT_NE(said['F'].find("until a restart"), std::string::npos) << said['F'];
  const std::string both = std::to_string(submitted.size());
  EXPECT_EQ(said['D'], both + " " + both) << "the failed submit was taken back out";

  EmbeddedQueueOptions options;
  options.journal = journal;
  EmbeddedQueue queue(options);
  EXPECT_EQ(queue.open_report().jobs, submitted.size());
  for (const auto& id : submitted) {
    const auto job = queue.get(id);
    ASSERT_TRUE(job) << "acknowledged job " << id << " lost";
    EXPECT_EQ(job->status, JobStatus::accepted);
  }
  EXPECT_TRUE(queue.submit(test::request()).created) << "after a restart changes work again";
}

}  // namespace
}  // namespace twin::jobs
