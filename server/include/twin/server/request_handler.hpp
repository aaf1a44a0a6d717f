#pragma once
// The API: maps an HttpRequest to an HttpResponse (OGC API - Processes Part 1 with the JSON,
// job-list and dismiss classes, plus scenarios, result layers and operations endpoints).
// No sockets here: the transport calls handle() and every route is tested without a network.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "twin/data/memory_budget.hpp"
#include "twin/jobs/data_dir.hpp"
#include "twin/jobs/queue.hpp"
#include "twin/jobs/scenario_catalog.hpp"
#include "twin/server/api_keys.hpp"
#include "twin/server/http_types.hpp"
#include "twin/solvers/registry.hpp"

namespace twin::server {

struct HandlerLimits {
  std::uint64_t max_job_cells = 25'000'000;    // grid cells of a job's scenario
  std::size_t max_active_jobs_per_key = 8;     // accepted + running; more -> 429
  std::size_t max_batch_items = 1000;          // POST /batches; more -> 413
  std::uint64_t max_demo_cells = 25'000'000;   // POST /scenarios with a demo
  std::uint64_t sync_max_cells = 250'000;      // larger jobs always run asynchronously
  std::chrono::milliseconds sync_wait{30'000};  // then a synchronous request answers 201
  std::chrono::milliseconds dismiss_wait{1'500};  // DELETE waits this long for a running job
  int retry_after_s = 5;
};

// What the handler uses; owned elsewhere (by `serve` or a test).
struct Services {
  jobs::Queue& queue;
  jobs::ScenarioCatalog& catalog;
  const solvers::Registry& registry;
  jobs::DataDir data_dir;
  ApiKeys keys;
  data::MemoryBudget budget;
  std::function<std::string()> metrics_text;  // Prometheus exposition; may be empty
  std::function<bool()> ready;                // /readyz; empty = always ready
};

struct HandlerOptions {
  HandlerLimits limits;
  std::string cors_origin;  // empty = no CORS headers; "*" or one origin
  std::string base_url;     // prefix for absolute links; empty = relative links
  std::filesystem::path web_root;  // the built web viewer (web/dist), served at /viewer/; empty = none
};

class RequestHandler {
 public:
  RequestHandler(Services services, HandlerOptions options);
  ~RequestHandler();
  RequestHandler(const RequestHandler&) = delete;
  RequestHandler& operator=(const RequestHandler&) = delete;

  // Never throws: every failure becomes a problem response.
  HttpResponse handle(HttpRequest request);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace twin::server
