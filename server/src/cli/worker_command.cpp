// twinsolve worker: a process that only runs jobs. It claims jobs from the Redis queue that
// `twinsolve serve --queue redis://…` API processes fill, runs them with the same executor as
// serve's local workers, and writes results into the shared data directory. It heartbeats, so
// that a worker that dies (kill -9, a lost node) has its jobs taken over by another after
// --reclaim-idle. SIGTERM/SIGINT: stop claiming, give running jobs --drain-seconds, exit; jobs
// still running then are taken over by another worker.
#include <iostream>

#include "cli/commands.hpp"
#include "cli/service_options.hpp"
#include "twin/data/error.hpp"
#include "twin/jobs/job_executor.hpp"
#include "twin/jobs/runner.hpp"
#include "twin/jobs/scenario_catalog.hpp"

namespace twin::server::cli {
namespace {

struct WorkerArgs {
  std::string data_dir = "twinsolve-data";
  int workers = 1;
  std::uint64_t tile_cells = 4'194'304;  // as serve's --tile-cells
  double drain_s = 30;
  std::string log_level = "info";
  QueueArgs queue;
};

void work(const WorkerArgs& args, const GlobalOptions& global) {
  const sigset_t stop_signals = block_stop_signals();
  Logger logger(std::cerr, parse_log_level(args.log_level));
  if (!args.queue.is_redis())
    throw data::Error(
        data::ErrorCode::invalid_argument,
        "twinsolve worker needs --queue redis://HOST:PORT (the embedded queue lives inside serve)");

  jobs::DataDir dir(args.data_dir);
  auto queue = open_redis_queue(args.queue);
  jobs::ScenarioCatalog catalog(dir);
  solvers::Registry registry;
  register_solvers(registry, global);
  jobs::JobExecutor executor(registry, catalog, dir, global.budget, global.threads, args.tile_cells);
  jobs::Runner runner(*queue, executor, jobs::RunnerOptions{args.workers},
                      [&logger](const jobs::Job& job, double seconds, std::uint64_t) {
                        logger.info("job ended", job_ended_fields(job, seconds));
                      });
  runner.start();
  std::cout << "twinsolve worker " << queue->consumer() << " on " << queue->endpoint() << std::endl;
  logger.info("worker started", {{"consumer", queue->consumer()},
                                 {"queue", queue->endpoint()},
                                 {"data_dir", args.data_dir},
                                 {"jobs_at_once", args.workers},
                                 {"reclaim_idle_s", args.queue.reclaim_idle_s}});

  int received = 0;
  sigwait(&stop_signals, &received);
  logger.info("stopping", {{"signal", received == SIGTERM ? "SIGTERM" : "SIGINT"},
                           {"drain_seconds", args.drain_s}});
  const auto interrupted = runner.stop(millis(args.drain_s));
  queue->close();
  logger.info("stopped", {{"jobs_left_to_other_workers", interrupted}});
}

}  // namespace

void add_worker_command(CLI::App& app, const GlobalOptions& global) {
  auto args = std::make_shared<WorkerArgs>();
  auto* cmd = app.add_subcommand(
      "worker", "Run jobs from a Redis queue (no HTTP); results go to the shared data directory");
  add_queue_options(*cmd, args->queue);
  cmd->add_option("--data-dir", args->data_dir,
                  "Scenarios and results, shared with the API processes")
      ->envname("TWINSOLVE_DATA_DIR")
      ->capture_default_str();
  cmd->add_option("--workers", args->workers,
                  "Jobs solved at the same time; --threads sets the threads of each")
      ->envname("TWINSOLVE_WORKERS")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  cmd->add_option("--tile-cells", args->tile_cells,
                  "A job whose grid has more cells runs as tiles of about this many (0 = never tiled)")
      ->envname("TWINSOLVE_TILE_CELLS")
      ->capture_default_str();
  cmd->add_option("--drain-seconds", args->drain_s, "On SIGTERM, how long running jobs may finish")
      ->envname("TWINSOLVE_DRAIN_SECONDS")
      ->capture_default_str();
  cmd->add_option("--log-level", args->log_level, "debug, info, warn or error")
      ->envname("TWINSOLVE_LOG_LEVEL")
      ->capture_default_str();
  cmd->callback([args, &global] { work(*args, global); });
}

}  // namespace twin::server::cli
