#pragma once
// Everything the API needs, wired as `serve` wires it, in a scratch data directory: an
// in-memory embedded queue, the catalog, a registry with the test solver, one runner and
// the request handler. Tests call handler->handle() directly: no sockets.
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "twin/jobs/embedded_queue.hpp"
#include "twin/jobs/job_executor.hpp"
#include "twin/jobs/runner.hpp"
#include "twin/jobs/scenario_catalog.hpp"
#include "twin/server/request_handler.hpp"
#include "twin/solvers/registry.hpp"

namespace twin::test {

struct ApiFixtureOptions {
  std::string keys_json;  // empty: open API
  server::HandlerLimits limits;
  int workers = 1;
  std::filesystem::path web_root;  // the viewer's files; empty: no viewer
};

class ApiFixture {
 public:
  ApiFixture(const std::string& name, ApiFixtureOptions options = {});
  ~ApiFixture();

  server::HttpResponse request(const std::string& method, const std::string& target,
                               const std::string& body = {}, const std::string& token = {},
                               std::map<std::string, std::string> headers = {});
  nlohmann::json json(const server::HttpResponse& response) const { return nlohmann::json::parse(response.body); }
  // Adds small_scenario() to the catalog for `owner` and returns its id.
  std::string add_scenario(const std::string& owner = "", std::int64_t nx = 20, std::int64_t ny = 20);
  // Polls GET /jobs/{id} until the status is final or `seconds` pass; returns the last body.
  nlohmann::json wait_final(const std::string& job_id, double seconds = 20, const std::string& token = {});

  std::filesystem::path root;
  std::unique_ptr<jobs::DataDir> dir;
  std::unique_ptr<jobs::EmbeddedQueue> queue;
  std::unique_ptr<jobs::ScenarioCatalog> catalog;
  solvers::Registry registry;
  std::unique_ptr<jobs::JobExecutor> executor;
  std::unique_ptr<jobs::Runner> runner;
  std::unique_ptr<server::RequestHandler> handler;
};

}  // namespace twin::test
