// Job list, status, dismissal and results (OGC API - Processes Part 1, sections 7.12-7.13
// and the job-list and dismiss conformance classes), and result layers in four formats.
#include <filesystem>
#include <thread>

#include "api_context.hpp"
#include "result_files.hpp"
#include "twin/jobs/job_executor.hpp"
#include "twin/jobs/job_id.hpp"

namespace twin::server::api {
namespace {

HttpResponse job_list(const Api& api, const Request& request) {
  jobs::JobFilter filter;
  filter.owner = request.caller.owner_filter();
  for (const auto& name : request.query_values("status")) {
    const auto status = jobs::parse_status(name);
    if (!status) fail(400, "unknown status '" + name + "'; use accepted, running, successful, failed or dismissed");
    filter.statuses.push_back(*status);
  }
  filter.processes = request.query_values("processID");
  if (const auto type = request.query_value("type"); type && *type != "process")
    fail(400, "type must be 'process'");
  filter.limit = request.count_value("limit", 100, 10'000);
  filter.offset = request.count_value("offset", 0, std::numeric_limits<std::size_t>::max());
  nlohmann::json list = nlohmann::json::array();
  for (const auto& job : api.services.queue.list(filter)) list.push_back(job_status_body(api, job));
  nlohmann::json links = nlohmann::json::array({link(api.href(request.http.target), "self", "application/json")});
  if (list.size() == filter.limit) {
    links.push_back(link(api.href("/jobs?limit=" + std::to_string(filter.limit) +
                                  "&offset=" + std::to_string(filter.offset + filter.limit)),
                         "next", "application/json", "next page"));
  }
  return json_response(200, {{"jobs", list}, {"links", links}});
}

HttpResponse dismiss(const Api& api, const jobs::Job& job) {
  const bool was_final = jobs::is_final(job.status);
  auto changed = api.services.queue.dismiss(job.id);
  if (!changed) fail(404, "there is no job '" + job.id + "'", problem_types::no_such_job);
  // A running job stops at its next block; wait briefly so the answer can say "dismissed".
  const auto until = std::chrono::steady_clock::now() + api.options.limits.dismiss_wait;
  while (changed->status == jobs::JobStatus::running && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    if (auto now = api.services.queue.get(job.id)) changed = now;
  }
  if (was_final) remove_job_files(api.services.data_dir, job.id);
  return json_response(200, job_status_body(api, *changed));
}

// A job's results exist only when it succeeded; the standard's exceptions otherwise.
void require_results(const jobs::Job& job) {
  switch (job.status) {
    case jobs::JobStatus::successful: return;
    case jobs::JobStatus::accepted:
    case jobs::JobStatus::running:
      fail(404, "job '" + job.id + "' is " + std::string(jobs::status_name(job.status)) + "; results are not ready",
           problem_types::result_not_ready);
    case jobs::JobStatus::dismissed:
      fail(404, "job '" + job.id + "' was dismissed", problem_types::no_such_job);
    case jobs::JobStatus::failed:
      throw ApiError{failed_job_problem(job)};
  }
}

}  // namespace

Problem failed_job_problem(const jobs::Job& job) {
  const std::string code = job.error ? job.error->code : std::string("failed");
  Problem problem;
  problem.status = code == "internal" || code == "io-error" ? 500 : 422;
  problem.type = "/problems/" + code;
  problem.title = "Job failed";
  problem.detail = job.error ? job.error->message : "the job failed";
  problem.extra["jobID"] = job.id;
  return problem;
}

jobs::Job visible_job(const Api& api, const Request& request, const std::string& id) {
  auto job = jobs::is_valid_id(id) ? api.services.queue.get(id) : std::nullopt;
  // Another key's job answers exactly like a job that does not exist.
  if (!job || !request.caller.may_see(job->request.owner))
    fail(404, "there is no job '" + id + "'", problem_types::no_such_job);
  return std::move(*job);  // a Job copy holds its parameters and edits: do not copy twice
}

nlohmann::json job_status_body(const Api& api, const jobs::Job& job) {
  // Member by member rather than from an initializer list: the list form copies every value
  // once more, and this document is built for every status poll.
  nlohmann::json body = nlohmann::json::object();
  body["jobID"] = job.id;
  body["processID"] = job.request.process;
  body["type"] = "process";
  body["status"] = jobs::status_name(job.status);
  body["progress"] = static_cast<int>(job.progress + 0.5);
  body["created"] = jobs::iso8601(job.created);
  body["links"] = nlohmann::json::array();
  body["links"].push_back(link(api.href("/jobs/" + job.id), "self", "application/json", "job status"));
  body["updated"] = jobs::iso8601(std::max({job.created, job.started, job.finished}));
  if (job.started) body["started"] = jobs::iso8601(job.started);
  if (job.finished) body["finished"] = jobs::iso8601(job.finished);
  if (!job.message.empty()) body["message"] = job.message;
  if (job.error) {
    body["message"] = job.error->message;
    body["error"] = {{"code", job.error->code}, {"message", job.error->message}};
  }
  body["scenario"] = job.request.scenario_id;
  if (!job.request.reference_id.empty()) body["reference"] = job.request.reference_id;
  if (job.status == jobs::JobStatus::successful) {
    body["links"].push_back(link(api.href("/jobs/" + job.id + "/results"),
                                 "http://www.opengis.net/def/rel/ogc/1.0/results", "application/json", "results"));
  }
  return body;
}

nlohmann::json results_body(const Api& api, const jobs::Job& job) {
  const auto summary = jobs::read_result_summary(api.services.data_dir, job.id);
  if (!summary) fail(500, "the results of job '" + job.id + "' are missing from the data directory");
  nlohmann::json body = nlohmann::json::object();
  if (!summary->statistics.empty())
    body["statistics"] = {{"value", summary->statistics}, {"mediaType", "application/json"}};
  for (const auto& layer : summary->layers) {
    const std::string base = "/jobs/" + job.id + "/results/" + layer.name;
    nlohmann::json formats = nlohmann::json::object();
    for (const auto& format : result_formats())
      formats[std::string(format.name)] = {{"href", api.href(base + "?f=" + std::string(format.name))},
                                           {"type", format.media_type}};
    formats["png"]["legend"] = api.href(base + "/legend");
    body[layer.name] = {{"href", api.href(base + "?f=tiff")},
                        {"type", result_format("tiff").media_type},
                        {"title", layer.description},
                        {"units", layer.units},
                        {"formats", formats}};
  }
  return body;
}

std::optional<HttpResponse> route_jobs(const Api& api, const Request& request) {
  const auto& s = request.segments;
  const auto& method = request.http.method;
  if (s.empty() || s[0] != "jobs") return std::nullopt;
  if (s.size() == 1) {
    if (method != "GET") fail(405, "use GET on /jobs (jobs are created by POST /processes/{id}/execution)");
    return job_list(api, request);
  }
  const auto job = visible_job(api, request, s[1]);
  if (s.size() == 2) {
    if (method == "GET") return json_response(200, job_status_body(api, job));
    if (method == "DELETE") return dismiss(api, job);
    fail(405, "use GET or DELETE on /jobs/{jobId}");
  }
  if (s[2] != "results" || s.size() > 5) return std::nullopt;
  if (method != "GET") fail(405, "use GET on job results");
  require_results(job);
  if (s.size() == 3) return json_response(200, results_body(api, job));
  const auto summary = jobs::read_result_summary(api.services.data_dir, job.id);
  const std::string& layer = s[3];
  if (!summary || std::none_of(summary->layers.begin(), summary->layers.end(),
                               [&](const auto& l) { return l.name == layer; }))
    fail(404, "job '" + job.id + "' has no result layer '" + layer + "'");
  if (s.size() == 5) {
    if (s[4] == "legend") return legend_response(api.services, job, layer);
    if (s[4] == "value") return point_value_response(api.services, request, job.id, layer);
    return std::nullopt;
  }
  return layer_response(api.services, job, layer, request.query_value("f").value_or("tiff"));
}

}  // namespace twin::server::api
