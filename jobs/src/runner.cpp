#include "twin/jobs/runner.hpp"

#include <algorithm>
#include <condition_variable>
#include <new>

#include "tile_coordinator.hpp"
#include "twin/data/error.hpp"
#include "twin/solvers/solver.hpp"

namespace twin::jobs {
namespace {

// A queue that cannot be asked right now (Redis down) has not asked to cancel; the next poll
// asks again.
bool cancel_requested(const Queue& queue, const std::string& id) {
  try {
    return queue.cancel_requested(id);
  } catch (const std::exception&) {
    return false;
  }
}

// Polls the queue's cancel flag (and the runner's interrupt) while a job runs, and raises
// the flag the solver checks once per block.
class CancelWatch {
 public:
  CancelWatch(const Queue& queue, std::string id, const std::atomic<bool>& interrupt,
              std::chrono::milliseconds poll)
      : thread_([this, &queue, id = std::move(id), &interrupt, poll] {
          std::unique_lock lock(mutex_);
          while (!done_) {
            if (interrupt.load() || cancel_requested(queue, id)) {
              cancel_.store(true);
              return;
            }
            wake_.wait_for(lock, poll);
          }
        }) {}
  ~CancelWatch() {
    {
      std::lock_guard lock(mutex_);
      done_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }
  const std::atomic<bool>& flag() const { return cancel_; }

 private:
  std::atomic<bool> cancel_{false};
  std::mutex mutex_;
  std::condition_variable wake_;
  bool done_ = false;
  std::thread thread_;  // last: starts after the members it uses exist
};

}  // namespace

Runner::Runner(Queue& queue, const JobExecutor& executor, RunnerOptions options, JobEndedCallback ended)
    : queue_(queue), executor_(executor), options_(options), ended_(std::move(ended)) {}

Runner::~Runner() { stop(std::chrono::milliseconds(0)); }

void Runner::start() {
  for (int i = 0; i < std::max(1, options_.workers); ++i) threads_.emplace_back([this] { work(); });
}

std::size_t Runner::stop(std::chrono::milliseconds deadline) {
  stopping_.store(true);
  const auto until = std::chrono::steady_clock::now() + deadline;
  while (running_.load() > 0 && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  interrupt_.store(true);
  for (auto& thread : threads_)
    if (thread.joinable()) thread.join();
  threads_.clear();
  return interrupted_.load();
}

void Runner::work() {
  // A queue that fails (Redis unreachable, journal no longer writable) is asked again after a
  // pause that doubles up to 5 s, so that a worker outlives an outage without spinning.
  auto pause = std::chrono::milliseconds(0);
  while (!stopping_.load()) {
    std::optional<Job> job;
    try {
      job = queue_.claim(options_.claim_wait);
      pause = std::chrono::milliseconds(0);
    } catch (const std::exception&) {
      pause = std::clamp(pause * 2, std::chrono::milliseconds(100), std::chrono::milliseconds(5000));
      const auto until = std::chrono::steady_clock::now() + pause;
      while (!stopping_.load() && std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      continue;
    }
    if (!job) continue;
    ++running_;
    run(*job);
    --running_;
  }
}

void Runner::run(const Job& job) {
  const auto started = std::chrono::steady_clock::now();
  std::uint64_t cells = 0;
  auto seconds = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  };
  auto ended = [&] {
    if (!ended_) return;
    if (auto record = queue_.get(job.id)) ended_(*record, seconds(), cells);
  };

  CancelWatch watch(queue_, job.id, interrupt_, options_.cancel_poll);
  // The queue itself can fail (a journal that can no longer be written): then the job keeps
  // its last durable state, runs again after a restart, and this worker goes on.
  try {
    if (finish_job(job, watch.flag(), cells)) ended();
  } catch (const std::exception&) {
    ++interrupted_;
  }
}

bool Runner::finish_job(const Job& job, const std::atomic<bool>& cancel, std::uint64_t& cells) {
  const auto progress = [&](double percent, const std::string& message) {
    queue_.report_progress(job.id, percent, message);
  };
  try {
    if (job.request.tile) {
      cells = executor_.execute_tile(job, cancel, progress);
    } else if (const auto tiles = executor_.plan(job); tiles.size() > 1) {
      // Tiles solved by other workers are counted by them.
      cells = TileCoordinator(queue_, executor_, options_.claim_wait).run(job, tiles, cancel, interrupt_);
    } else {
      cells = executor_.execute(job, cancel, progress).cells;
    }
    queue_.complete(job.id);
  } catch (const QueueUnavailable&) {
    throw;  // the job's outcome is not stored: it runs again, it did not fail
  } catch (const solvers::Cancelled&) {
    if (interrupt_.load()) {
      // Shutdown, not a user's cancel: leave the job running in the queue's record so it
      // runs again after the restart.
      ++interrupted_;
      return false;
    }
    queue_.mark_dismissed(job.id);
  } catch (const TileFailed& e) {
    queue_.fail(job.id, e.error);
  } catch (const data::Error& e) {
    queue_.fail(job.id, JobError{std::string(data::error_code_name(e.code())), e.what()});
  } catch (const std::bad_alloc&) {
    queue_.fail(job.id, JobError{"out-of-memory", "the job needed more memory than the machine has"});
  } catch (const std::exception& e) {
    queue_.fail(job.id, JobError{"internal", e.what()});
  }
  return true;
}

}  // namespace twin::jobs
