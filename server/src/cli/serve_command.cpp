// twinsolve serve: the job service — the HTTP API (OGC API - Processes), the job queue (the
// embedded durable queue, or Redis shared with other API processes and `twinsolve worker`s)
// and its local workers. Stops on SIGTERM/SIGINT: no new requests, running
// jobs get the drain deadline to finish, the rest run again after the next start.
#include <csignal>
#include <iostream>
#include <memory>
#include <optional>

#include "cli/commands.hpp"
#include "cli/web_root.hpp"
#include "cli/service_options.hpp"
#include "twin/data/error.hpp"
#include "twin/jobs/embedded_queue.hpp"
#include "twin/jobs/job_executor.hpp"
#include "twin/jobs/runner.hpp"
#include "twin/jobs/scenario_catalog.hpp"
#include "twin/server/http_server.hpp"
#include "twin/server/log.hpp"
#include "twin/server/metrics.hpp"
#include "twin/server/request_handler.hpp"

namespace twin::server::cli {
namespace {

struct ServeArgs {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;
  std::string data_dir = "twinsolve-data";
  std::string api_keys;
  int workers = 1;
  unsigned io_threads = 0;
  std::string cors_origin;
  std::uint64_t max_job_cells = 25'000'000;
  std::size_t max_jobs_per_key = 8;
  std::uint64_t tile_cells = 4'194'304;  // 2048 x 2048: the demo scenarios are not tiled
  std::size_t max_batch_items = 1000;
  std::uint64_t json_limit = 1 << 20;
  std::uint64_t upload_limit = 512ull << 20;
  double read_timeout_s = 30;
  double drain_s = 30;
  bool no_fsync = false;
  std::string log_level = "info";
  QueueArgs queue;
  std::string web_root;  // empty: found next to the binary or in the working directory
};

void serve(const ServeArgs& args, const GlobalOptions& global) {
  const sigset_t stop_signals = block_stop_signals();
  Logger logger(std::cerr, parse_log_level(args.log_level));

  jobs::DataDir dir(args.data_dir);
  std::unique_ptr<jobs::Queue> queue_holder;
  jobs::RedisQueue* redis = nullptr;  // set when the queue is in Redis, for /readyz
  if (args.queue.is_redis()) {
    auto opened = open_redis_queue(args.queue);
    redis = opened.get();
    logger.info("redis queue", {{"url", opened->endpoint()}, {"consumer", opened->consumer()}});
    queue_holder = std::move(opened);
  } else {
    jobs::EmbeddedQueueOptions queue_options;
    queue_options.journal = dir.journal();
    queue_options.fsync = !args.no_fsync;
    auto opened = std::make_unique<jobs::EmbeddedQueue>(queue_options);
    const auto& report = opened->open_report();
    logger.info("journal replayed", {{"path", dir.journal().string()},
                                     {"jobs", report.jobs},
                                     {"requeued", report.requeued},
                                     {"gave_up", report.gave_up},
                                     {"torn_bytes", report.torn_bytes}});
    queue_holder = std::move(opened);
  }
  jobs::Queue& queue = *queue_holder;
  jobs::ScenarioCatalog catalog(dir);
  for (const auto& skipped : catalog.skipped()) logger.warn("unreadable scenario record skipped", {{"path", skipped.string()}});

  solvers::Registry registry;
  register_solvers(registry, global);
  Metrics metrics;
  // A queue that cannot be read right now (Redis down) leaves its gauges out of /metrics
  // rather than failing the scrape.
  auto stats_or_none = [&queue]() -> std::optional<jobs::QueueStats> {
    try {
      return queue.stats();
    } catch (const jobs::QueueUnavailable&) {
      return std::nullopt;
    }
  };
  metrics.add_gauge_callback("twinsolve_jobs", "Jobs known to this server by state", [stats_or_none] {
    GaugeSamples samples;
    const auto known = stats_or_none();
    if (!known) return samples;
    const auto& stats = *known;
    for (auto status : {jobs::JobStatus::accepted, jobs::JobStatus::running, jobs::JobStatus::successful,
                        jobs::JobStatus::failed, jobs::JobStatus::dismissed}) {
      const auto it = stats.jobs_by_status.find(status);
      samples.push_back({{{"state", std::string(jobs::status_name(status))}},
                         static_cast<double>(it == stats.jobs_by_status.end() ? 0 : it->second)});
    }
    return samples;
  });
  metrics.add_gauge_callback("twinsolve_queue_depth", "Accepted jobs waiting for a worker", [stats_or_none] {
    const auto known = stats_or_none();
    return known ? GaugeSamples{{{}, static_cast<double>(known->depth)}} : GaugeSamples{};
  });

  jobs::JobExecutor executor(registry, catalog, dir, global.budget, global.threads, args.tile_cells);
  jobs::Runner runner(queue, executor, jobs::RunnerOptions{args.workers},
                      [&](const jobs::Job& job, double seconds, std::uint64_t cells) {
                        metrics.observe_job_duration(job.request.process, seconds);
                        metrics.add_cells_computed(cells);
                        logger.info("job ended", job_ended_fields(job, seconds));
                      });

  std::atomic<bool> draining{false};
  Services services{queue, catalog, registry, dir, {}, global.budget, {}, {}};
  if (!args.api_keys.empty()) services.keys = ApiKeys::load(args.api_keys);
  services.metrics_text = [&metrics] { return metrics.render(); };
  services.ready = [&draining, redis] { return !draining.load() && (!redis || redis->reachable()); };
  HandlerOptions handler_options;
  handler_options.cors_origin = args.cors_origin;
  handler_options.limits.max_job_cells = args.max_job_cells;
  handler_options.limits.max_demo_cells = args.max_job_cells;
  handler_options.limits.max_active_jobs_per_key = args.max_jobs_per_key;
  handler_options.limits.max_batch_items = args.max_batch_items;
  handler_options.web_root = find_web_root(args.web_root);
  RequestHandler handler(std::move(services), handler_options);

  ServerOptions server_options;
  server_options.host = args.host;
  server_options.port = args.port;
  server_options.io_threads = args.io_threads;
  server_options.json_body_limit = args.json_limit;
  server_options.upload_body_limit = args.upload_limit;
  server_options.read_timeout = millis(args.read_timeout_s);
  server_options.logger = &logger;
  HttpServer server(server_options, [&handler](HttpRequest&& request) { return handler.handle(std::move(request)); },
                    &metrics);
  server.start();
  if (args.workers > 0) runner.start();
  const std::string address = "http://" + args.host + ":" + std::to_string(server.port());
  std::cout << "twinsolve listening on " << address << std::endl;
  const auto& web_root = handler_options.web_root;
  if (!web_root.empty()) std::cout << "web viewer: " << address << "/viewer/" << std::endl;
  logger.info("listening", {{"address", address}, {"data_dir", args.data_dir}, {"workers", args.workers},
                            {"api_keys", !args.api_keys.empty()},
                            {"web_root", web_root.empty() ? std::string("none (the viewer is not built)") : web_root.string()}});

  int received = 0;
  sigwait(&stop_signals, &received);
  logger.info("stopping", {{"signal", received == SIGTERM ? "SIGTERM" : "SIGINT"}, {"drain_seconds", args.drain_s}});
  draining.store(true);
  server.stop_accepting();
  const auto interrupted = runner.stop(millis(args.drain_s));
  server.stop();
  queue.close();
  logger.info("stopped", {{"jobs_to_rerun", interrupted}});
}

}  // namespace

void add_serve_command(CLI::App& app, const GlobalOptions& global) {
  auto args = std::make_shared<ServeArgs>();
  auto* cmd = app.add_subcommand("serve", "Run the job service: HTTP API, job queue (embedded or Redis) and workers");
  cmd->add_option("--host", args->host, "Address to listen on")->envname("TWINSOLVE_HOST")->capture_default_str();
  cmd->add_option("--port", args->port, "Port (0 = any free port)")->envname("TWINSOLVE_PORT")->capture_default_str();
  cmd->add_option("--data-dir", args->data_dir, "Scenarios, results and the job journal")
      ->envname("TWINSOLVE_DATA_DIR")
      ->capture_default_str();
  cmd->add_option("--api-keys", args->api_keys, "JSON file of API keys; without it the API is open")
      ->envname("TWINSOLVE_API_KEYS");
  cmd->add_option("--workers", args->workers, "Jobs solved at the same time (0 = API only, no local workers)")
      ->envname("TWINSOLVE_WORKERS")
      ->check(CLI::Range(0, 64))
      ->capture_default_str();
  cmd->add_option("--io-threads", args->io_threads,
                  "HTTP threads (0 = one per core); a submission holds one until its journal record is on disk")
      ->envname("TWINSOLVE_IO_THREADS")
      ->check(CLI::Range(0u, 256u))
      ->capture_default_str();
  cmd->add_option("--cors-origin", args->cors_origin, "Allowed browser origin ('*' or one origin)")
      ->envname("TWINSOLVE_CORS_ORIGIN");
  cmd->add_option("--max-job-cells", args->max_job_cells, "Most grid cells one job may solve")
      ->envname("TWINSOLVE_MAX_JOB_CELLS")
      ->capture_default_str();
  cmd->add_option("--max-jobs-per-key", args->max_jobs_per_key, "Accepted plus running jobs per API key")
      ->envname("TWINSOLVE_MAX_JOBS_PER_KEY")
      ->capture_default_str();
  cmd->add_option("--max-batch-items", args->max_batch_items,
                  "Jobs one POST /batches may hold (all must also fit --max-jobs-per-key)")
      ->envname("TWINSOLVE_MAX_BATCH_ITEMS")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  cmd->add_option("--tile-cells", args->tile_cells,
                  "A job whose grid has more cells runs as tiles of about this many, shared by the workers "
                  "(0 = never tiled)")
      ->envname("TWINSOLVE_TILE_CELLS")
      ->capture_default_str();
  cmd->add_option("--json-body-limit", args->json_limit, "Largest JSON request body, bytes")
      ->envname("TWINSOLVE_JSON_BODY_LIMIT")
      ->capture_default_str();
  cmd->add_option("--upload-limit", args->upload_limit, "Largest scenario upload, bytes")
      ->envname("TWINSOLVE_UPLOAD_LIMIT")
      ->capture_default_str();
  cmd->add_option("--read-timeout", args->read_timeout_s, "Seconds a client may take to send a request")
      ->envname("TWINSOLVE_READ_TIMEOUT")
      ->capture_default_str();
  cmd->add_option("--drain-seconds", args->drain_s, "On SIGTERM, how long running jobs may finish")
      ->envname("TWINSOLVE_DRAIN_SECONDS")
      ->capture_default_str();
  add_queue_options(*cmd, args->queue);
  cmd->add_flag("--no-fsync", args->no_fsync, "Do not fsync the journal (throwaway runs only: a crash may lose jobs)")
      ->envname("TWINSOLVE_NO_FSYNC");
  cmd->add_option("--web-root", args->web_root,
                  "The built web viewer (web/dist), served at /viewer/; default: web/dist found from the binary "
                  "or the working directory")
      ->envname("TWINSOLVE_WEB_ROOT");
  cmd->add_option("--log-level", args->log_level, "debug, info, warn or error")
      ->envname("TWINSOLVE_LOG_LEVEL")
      ->capture_default_str();
  cmd->callback([args, &global] { serve(*args, global); });
}

}  // namespace twin::server::cli
