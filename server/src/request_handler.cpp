#include "twin/server/request_handler.hpp"

#include <new>

#include "api/api_context.hpp"
#include "twin/jobs/queue.hpp"
#include "api/static_files.hpp"

namespace twin::server {
namespace {

// The route template for metrics and logs: ids replaced by their names.
std::string route_template(const std::vector<std::string>& s) {
  if (s.empty()) return "/";
  std::string route = "/" + s[0];
  for (std::size_t i = 1; i < s.size(); ++i) {
    if (i == 1 && s[0] == "batches")
      route += "/{batchId}";
    else if (i == 1 && (s[0] == "jobs" || s[0] == "scenarios" || s[0] == "processes"))
      route += s[0] == "jobs" ? "/{jobId}" : s[0] == "scenarios" ? "/{scenarioId}" : "/{processId}";
    else if (i == 3 && (s[0] == "jobs" || (s[0] == "scenarios" && s[2] == "layers")))
      route += "/{layer}";
    else if (i == 3 && s[0] == "scenarios" && s[2] == "tables")
      route += "/{table}";
    else if (s[0] == "viewer")
      return "/viewer/{file}";  // one series for all static files, not one per file name
    else
      route += "/" + s[i];
  }
  return route;
}

bool is_public(const std::vector<std::string>& s) {
  return s.empty() || s[0] == "conformance" || s[0] == "healthz" || s[0] == "readyz" || s[0] == "metrics";
}

}  // namespace

struct RequestHandler::Impl {
  Services services;
  HandlerOptions options;

  HttpResponse operations(const api::Request& request) const {
    const auto& name = request.segments[0];
    if (request.http.method != "GET" && request.http.method != "HEAD") api::fail(405, "use GET on /" + name);
    if (name == "healthz") return api::json_response(200, {{"status", "ok"}});
    if (name == "readyz") {
      const bool ready = !services.ready || services.ready();
      return api::json_response(ready ? 200 : 503, {{"status", ready ? "ready" : "not ready"}});
    }
    HttpResponse response;
    response.set_header("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
    response.body = services.metrics_text ? services.metrics_text() : std::string();
    return response;
  }

  HttpResponse dispatch(api::Request& request) const {
    const api::Api api{const_cast<Services&>(services), options};
    const auto& s = request.segments;
    if (!s.empty() && (s[0] == "healthz" || s[0] == "readyz" || s[0] == "metrics") && s.size() == 1)
      return operations(request);
    // The viewer's files need no key: the page asks for one itself when the API wants it.
    if (auto redirect = api::viewer_redirect(api, request)) return std::move(*redirect);
    if (auto file = api::route_viewer(api, request)) return std::move(*file);
    if (!is_public(s)) {
      const auto caller = services.keys.authenticate(request.http.header("authorization"));
      if (!caller) {
        auto response = problem_response(401, "this server needs an API key: Authorization: Bearer <token>");
        response.set_header("WWW-Authenticate", "Bearer realm=\"twinsolve\"");
        return response;
      }
      request.caller = *caller;
    }
    for (auto* route : {api::route_processes, api::route_jobs, api::route_batches, api::route_scenarios})
      if (auto response = route(api, request)) return std::move(*response);
    api::fail(404, "no resource at " + request.path);
  }

  void add_cors(HttpResponse& response) const {
    if (options.cors_origin.empty()) return;
    response.set_header("Access-Control-Allow-Origin", options.cors_origin);
    response.set_header("Access-Control-Expose-Headers", "Location, Retry-After");
    if (options.cors_origin != "*") response.set_header("Vary", "Origin");
  }
};

RequestHandler::RequestHandler(Services services, HandlerOptions options)
    : impl_(std::make_unique<Impl>(Impl{std::move(services), std::move(options)})) {}

RequestHandler::~RequestHandler() = default;

HttpResponse RequestHandler::handle(HttpRequest http) {
  api::Request request{http, {}, {}, {}, {}};
  HttpResponse response;
  try {
    api::parse_target(request);
    response.route = route_template(request.segments);
    if (http.method == "OPTIONS" && !impl_->options.cors_origin.empty()) {
      response.status = 204;
      response.set_header("Access-Control-Allow-Methods", "GET, POST, DELETE, OPTIONS");
      response.set_header("Access-Control-Allow-Headers", "Authorization, Content-Type, Prefer, Idempotency-Key");
      response.set_header("Access-Control-Max-Age", "600");
    } else {
      auto route = response.route;
      response = impl_->dispatch(request);
      response.route = std::move(route);
      // "/" answers a browser with a redirect to the viewer, an API client with JSON: caches
      // must keep the two apart.
      if (request.segments.empty() && !impl_->options.web_root.empty()) response.set_header("Vary", "Accept");
    }
  } catch (const api::ApiError& e) {
    auto route = response.route;
    response = problem_response(e.problem);
    response.route = std::move(route);
  } catch (const jobs::QueueUnavailable&) {
    // Redis restarting or out of reach: nothing is wrong with the request, so it may be
    // retried (a submission whose connection broke may have been stored: retry it with the
    // same Idempotency-Key to be sure of one job).
    auto route = response.route;
    response = problem_response(503, "the job queue is unavailable; retry shortly");
    response.set_header("Retry-After", "2");
    response.route = std::move(route);
  } catch (const data::Error& e) {
    auto route = response.route;
    auto problem = api::problem_for(e);
    // Server-side failures do not show paths of the data directory to clients.
    if (problem.status >= 500) problem.detail = "the server could not complete the request; see its log";
    response = problem_response(problem);
    response.route = std::move(route);
  } catch (const std::bad_alloc&) {
    auto route = response.route;
    response = problem_response(503, "the server is out of memory; retry later");
    response.route = std::move(route);
  } catch (const std::exception&) {
    auto route = response.route;
    response = problem_response(500, "the server could not complete the request; see its log");
    response.route = std::move(route);
  }
  impl_->add_cors(response);
  return response;
}

}  // namespace twin::server
