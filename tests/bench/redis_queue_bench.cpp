// Throughput of the Redis queue itself (no solving): submissions per second from several
// threads, then claim + complete per second with 1, 2 and 3 workers, each worker a RedisQueue
// of its own (its own consumer and connections, as a worker process has). Run by
// tests/bench/redis_queue_bench.sh against a redis-server it starts; not part of CI.
//
//   redis_queue_bench URL [jobs per round, 3000]
#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "twin/jobs/redis_queue.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

twin::jobs::JobRequest request(int i) {
  twin::jobs::JobRequest r;
  r.process = "heat";
  r.scenario_id = "aaaaaaaaaaaaaaaaaaaaaaaaaa";
  r.parameters = {{"hours", "12"}, {"svf_radius_m", 100}};
  r.owner = "owner" + std::to_string(i % 4);
  r.cells = 40'000;
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: redis_queue_bench URL [jobs]\n");
    return 64;
  }
  const std::string url = argv[1];
  const int jobs = argc > 2 ? std::stoi(argv[2]) : 3000;
  constexpr int submitters = 8;
  std::printf(
      "| workers | jobs | submit /s (%d threads) | claim + complete /s |\n|---|---|---|---|\n",
      submitters);
  for (int workers = 1; workers <= 3; ++workers) {
    twin::jobs::RedisQueueOptions options;
    options.url = url;
    options.prefix = "bench" + std::to_string(workers);
    twin::jobs::RedisQueue api(options);

    auto start = Clock::now();
    std::vector<std::thread> threads;
    for (int s = 0; s < submitters; ++s)
      threads.emplace_back([&, s] {
        for (int i = s; i < jobs; i += submitters) api.submit(request(i));
      });
    for (auto& t : threads) t.join();
    const double submit_rate = jobs / seconds_since(start);

    threads.clear();
    std::atomic<int> done{0};
    start = Clock::now();
    for (int w = 0; w < workers; ++w)
      threads.emplace_back([&, w] {
        auto worker_options = options;
        worker_options.consumer = "bench-worker-" + std::to_string(w);
        twin::jobs::RedisQueue worker(worker_options);
        while (done.load() < jobs) {
          const auto job = worker.claim(std::chrono::milliseconds(100));
          if (!job) continue;
          worker.report_progress(job->id, 50, "solving");
          worker.complete(job->id);
          ++done;
        }
      });
    for (auto& t : threads) t.join();
    const double drain_rate = jobs / seconds_since(start);
    const auto stats = api.stats();
    std::printf("| %d | %d | %.0f | %.0f |\n", workers, jobs, submit_rate, drain_rate);
    if (stats.jobs_by_status.at(twin::jobs::JobStatus::successful) !=
        static_cast<std::size_t>(jobs)) {
      std::fprintf(stderr, "lost jobs: %zu successful of %d\n",
                   stats.jobs_by_status.at(twin::jobs::JobStatus::successful), jobs);
      return 1;
    }
  }
  return 0;
}
