#pragma once
// Worker threads that claim jobs from a Queue and run them with a JobExecutor. Each worker
// watches its job's cancel flag in the queue (DELETE /jobs/{id} from any API process) and
// turns it into the solver's cancellation flag, so a job stops within a second.
#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "twin/jobs/job_executor.hpp"
#include "twin/jobs/queue.hpp"

namespace twin::jobs {

struct RunnerOptions {
  int workers = 1;  // jobs run at the same time
  std::chrono::milliseconds claim_wait{200};
  std::chrono::milliseconds cancel_poll{100};
};

// Told about every job a worker ended (successful, failed or dismissed), for metrics and logs.
using JobEndedCallback = std::function<void(const Job& job, double seconds, std::uint64_t cells)>;

class Runner {
 public:
  Runner(Queue& queue, const JobExecutor& executor, RunnerOptions options, JobEndedCallback ended = {});
  ~Runner();
  Runner(const Runner&) = delete;
  Runner& operator=(const Runner&) = delete;

  void start();
  // Stops claiming; waits up to `deadline` for running jobs to finish. Jobs still running then
  // are interrupted without a final status, so the queue runs them again after a restart.
  // Returns the number of jobs interrupted.
  std::size_t stop(std::chrono::milliseconds deadline);
  std::size_t running() const { return running_.load(); }

 private:
  void work();
  void run(const Job& job);
  // Executes and records the outcome in the queue; false when interrupted by shutdown.
  // Failures of the queue itself propagate.
  bool finish_job(const Job& job, const std::atomic<bool>& cancel, std::uint64_t& cells);

  Queue& queue_;
  const JobExecutor& executor_;
  RunnerOptions options_;
  JobEndedCallback ended_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> interrupt_{false};  // shutdown past the deadline: abandon running jobs
  std::atomic<std::size_t> running_{0};
  std::atomic<std::size_t> interrupted_{0};
  std::vector<std::thread> threads_;
};

}  // namespace twin::jobs
