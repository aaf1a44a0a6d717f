#include "support/api_fixture.hpp"

#include <chrono>
#include <thread>

#include "support/test_solver.hpp"
#include "test_paths.hpp"

namespace twin::test {

ApiFixture::ApiFixture(const std::string& name, ApiFixtureOptions options) {
  root = scratch_dir(name);
  dir = std::make_unique<jobs::DataDir>(root / "data");
  queue = std::make_unique<jobs::EmbeddedQueue>(jobs::EmbeddedQueueOptions{});
  catalog = std::make_unique<jobs::ScenarioCatalog>(*dir);
  registry.add(std::make_unique<ScaleSolver>());
  executor = std::make_unique<jobs::JobExecutor>(registry, *catalog, *dir, data::MemoryBudget{}, 1);
  runner = std::make_unique<jobs::Runner>(*queue, *executor, jobs::RunnerOptions{options.workers});
  runner->start();
  server::Services services{*queue, *catalog, registry, *dir, {}, {}, {}, {}};
  if (!options.keys_json.empty()) services.keys = server::ApiKeys::from_json_text(options.keys_json, "test keys");
  services.metrics_text = [] { return std::string("# test metrics\n"); };
  server::HandlerOptions handler_options;
  handler_options.limits = options.limits;
  handler_options.web_root = options.web_root;
  handler = std::make_unique<server::RequestHandler>(std::move(services), handler_options);
}

ApiFixture::~ApiFixture() {
  runner->stop(std::chrono::milliseconds(2000));
  queue->close();
}

server::HttpResponse ApiFixture::request(const std::string& method, const std::string& target,
                                         const std::string& body, const std::string& token,
                                         std::map<std::string, std::string> headers) {
  server::HttpRequest request;
  request.method = method;
  request.target = target;
  request.body = body;
  request.headers = std::move(headers);
  if (!body.empty() && !request.headers.count("content-type")) request.headers["content-type"] = "application/json";
  if (!token.empty()) request.headers["authorization"] = "Bearer " + token;
  return handler->handle(std::move(request));
}

std::string ApiFixture::add_scenario(const std::string& owner, std::int64_t nx, std::int64_t ny) {
  return catalog->add(small_scenario(nx, ny), owner, "test").id;
}

nlohmann::json ApiFixture::wait_final(const std::string& job_id, double seconds, const std::string& token) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  nlohmann::json body;
  do {
    body = json(request("GET", "/jobs/" + job_id, {}, token));
    const auto status = body.value("status", "");
    if (status == "successful" || status == "failed" || status == "dismissed") return body;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  } while (std::chrono::steady_clock::now() < until);
  return body;
}

}  // namespace twin::test
