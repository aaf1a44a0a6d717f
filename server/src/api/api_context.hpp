#pragma once
// What every route function shares: the parsed request, the caller, the services, and the
// helpers that build JSON responses and problems. Private to the server module.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "twin/data/error.hpp"
#include "twin/server/api_keys.hpp"
#include "twin/server/http_types.hpp"
#include "twin/server/problem.hpp"
#include "twin/server/request_handler.hpp"

namespace twin::server::api {

// Thrown inside a route; the handler turns it into the problem response.
struct ApiError {
  Problem problem;
};
[[noreturn]] void fail(int status, std::string detail, std::string_view type = {});

// The HTTP status and problem for a data::Error that reached the API: the one error table.
Problem problem_for(const data::Error& error);

struct Request {
  const HttpRequest& http;
  Caller caller;
  std::string path;                      // percent-decoded, without the query
  std::vector<std::string> segments;     // path split at '/', empty ones dropped
  std::multimap<std::string, std::string> query;  // decoded

  std::optional<std::string> query_value(const std::string& name) const;
  std::vector<std::string> query_values(const std::string& name) const;  // also comma lists
  // A count such as limit or offset: `fallback` when absent, at most `max`; 400 when not a
  // non-negative integer.
  std::size_t count_value(const std::string& name, std::size_t fallback, std::size_t max) const;
};

// Splits target into path, segments and query; throws ApiError(400) on bad percent-encoding.
void parse_target(Request& request);

struct Api {
  Services& services;
  const HandlerOptions& options;
  std::string href(std::string_view path) const { return options.base_url + std::string(path); }
};

HttpResponse json_response(int status, const nlohmann::json& body);
nlohmann::json link(std::string href, std::string_view rel, std::string_view type,
                    std::string_view title = {});
// The body as a JSON object; 415 unless Content-Type is JSON, 400 on malformed JSON.
nlohmann::json json_body(const HttpRequest& request);

// Route families. Each returns nullopt when the path is not its own.
std::optional<HttpResponse> route_processes(const Api& api, const Request& request);
std::optional<HttpResponse> route_jobs(const Api& api, const Request& request);
std::optional<HttpResponse> route_scenarios(const Api& api, const Request& request);

std::optional<HttpResponse> route_batches(const Api& api, const Request& request);

// The execute request's inputs (scenario, reference, edits, process parameters) checked and
// turned into a job request of `caller`; every failure is an ApiError (4xx) naming the input.
// Priority and Idempotency-Key come from headers: priority_header, idempotency_header.
jobs::JobRequest job_request_from_inputs(const Api& api, const Caller& caller, const solvers::Solver& solver,
                                         const nlohmann::json& inputs);
int priority_header(const HttpRequest& request);               // X-Priority, clamped; 400 if not a number
std::string idempotency_header(const HttpRequest& request);    // Idempotency-Key; 400 if too long
const solvers::Solver& find_process(const Api& api, const std::string& id);  // 404 no-such-process

// Helpers shared by the job routes and the execute route.
nlohmann::json job_status_body(const Api& api, const jobs::Job& job);
nlohmann::json results_body(const Api& api, const jobs::Job& job);
jobs::Job visible_job(const Api& api, const Request& request, const std::string& id);  // 404 otherwise
// A failed job's error as the problem its results (or a synchronous execute) answer with:
// 500 for internal and I/O failures, else 422, the job's error code as type, its jobID.
Problem failed_job_problem(const jobs::Job& job);

}  // namespace twin::server::api
