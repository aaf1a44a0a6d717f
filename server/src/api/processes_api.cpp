// Landing page, conformance, process list and descriptions, and execution (OGC API -
// Processes Part 1: Core, sections 7.2 to 7.11).
#include <thread>

#include "api_context.hpp"
#include "twin/jobs/edits.hpp"
#include "twin/jobs/job_id.hpp"
#include "twin/solvers/params.hpp"

namespace twin::server::api {
namespace {

constexpr std::string_view conformance_classes[] = {
    "http://www.opengis.net/spec/ogcapi-processes-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-processes-1/1.0/conf/json",
    "http://www.opengis.net/spec/ogcapi-processes-1/1.0/conf/job-list",
    "http://www.opengis.net/spec/ogcapi-processes-1/1.0/conf/dismiss",
};

HttpResponse landing(const Api& api) {
  nlohmann::json links = nlohmann::json::array({
      link(api.href("/"), "self", "application/json", "this document"),
      link(api.href("/conformance"), "http://www.opengis.net/def/rel/ogc/1.0/conformance", "application/json",
           "conformance classes"),
      link(api.href("/processes"), "http://www.opengis.net/def/rel/ogc/1.0/processes", "application/json",
           "processes"),
      link(api.href("/jobs"), "http://www.opengis.net/def/rel/ogc/1.0/job-list", "application/json", "jobs"),
      link(api.href("/scenarios"), "data", "application/json", "scenarios"),
      link("https://docs.ogc.org/is/18-062r2/18-062r2.html", "service-doc", "text/html",
           "OGC API - Processes - Part 1: Core"),
  });
  if (!api.options.web_root.empty())
    links.push_back(link(api.href("/viewer/"), "alternate", "text/html", "web viewer"));
  return json_response(200, {{"title", "twinsolve"},
                             {"description", "Nitrogen deposition, road traffic noise and heat stress for digital twins"},
                             {"links", links}});
}

nlohmann::json input_schema(const solvers::ParamInfo& param) {
  nlohmann::json schema;
  switch (param.type) {
    case solvers::ParamType::number: schema["type"] = "number"; break;
    case solvers::ParamType::integer: schema["type"] = "integer"; break;
    case solvers::ParamType::boolean: schema["type"] = "boolean"; break;
    case solvers::ParamType::text: schema["type"] = "string"; break;
    case solvers::ParamType::choice:
      schema["type"] = "string";
      schema["enum"] = param.choices;
      break;
  }
  if (param.minimum) schema["minimum"] = *param.minimum;
  if (param.maximum) schema["maximum"] = *param.maximum;
  if (!param.default_value.is_null()) schema["default"] = param.default_value;
  return schema;
}

nlohmann::json process_summary(const Api& api, const solvers::Solver& solver) {
  const std::string id(solver.name());
  return {{"id", id},
          {"title", solver.title()},
          {"version", solver.model_version()},
          {"jobControlOptions", {"async-execute", "sync-execute", "dismiss"}},
          {"outputTransmission", {"reference"}},
          {"links", {link(api.href("/processes/" + id), "self", "application/json", "process description"),
                     link(api.href("/processes/" + id + "/execution"),
                          "http://www.opengis.net/def/rel/ogc/1.0/execute", "application/json", "execute")}}};
}

HttpResponse process_description(const Api& api, const solvers::Solver& solver) {
  nlohmann::json inputs{
      {"scenario",
       {{"title", "Scenario"},
        {"description", "Id of the scenario to solve (see /scenarios)."},
        {"schema", {{"type", "string"}}},
        {"minOccurs", 1},
        {"maxOccurs", 1}}},
      {"reference",
       {{"title", "Reference"},
        {"description",
         "Optional scenario id (solved with the same parameters) or id of a successful job of this "
         "process; the results gain <layer>_diff = scenario minus reference."},
        {"schema", {{"type", "string"}}},
        {"minOccurs", 0},
        {"maxOccurs", 1}}},
      {"edits",
       {{"title", "What-if edits"},
        {"description", "Changes applied to a copy of the scenario before solving; see docs/api.md, Edits."},
        {"schema", {{"type", "array"}, {"items", {{"type", "object"}}}}},
        {"minOccurs", 0},
        {"maxOccurs", 1}}},
  };
  for (const auto& param : solver.params()) {
    nlohmann::json input{{"title", param.name},
                         {"description", param.help},
                         {"schema", input_schema(param)},
                         {"minOccurs", param.default_value.is_null() ? 1 : 0},
                         {"maxOccurs", 1}};
    if (!param.unit.empty()) input["unit"] = param.unit;
    inputs[param.name] = input;
  }
  auto body = process_summary(api, solver);
  body["description"] = solver.title();
  body["inputs"] = inputs;
  body["requiredInputs"] = solver.needs();  // layers and tables the scenario must have
  body["outputs"] = {{"layers",
                      {{"title", "Result layers"},
                       {"description", "Raster layers on the scenario grid; see GET /jobs/{jobId}/results."},
                       {"schema", {{"type", "string"}, {"contentMediaType", "application/x-hdf5"}}}}}};
  return json_response(200, body);
}

}  // namespace

jobs::JobRequest job_request_from_inputs(const Api& api, const Caller& caller, const solvers::Solver& solver,
                                         const nlohmann::json& inputs) {
  if (!inputs.is_object()) fail(400, "inputs must be an object with at least \"scenario\"");
  jobs::JobRequest job;
  job.process = std::string(solver.name());
  job.owner = caller.name;
  if (!inputs.contains("scenario") || !inputs["scenario"].is_string())
    fail(400, "inputs.scenario must be a scenario id (string)");
  job.scenario_id = inputs["scenario"].get<std::string>();
  const auto record = jobs::is_valid_id(job.scenario_id) ? api.services.catalog.get(job.scenario_id) : std::nullopt;
  if (!record || !caller.may_see(record->owner))
    fail(400, "inputs.scenario: there is no scenario '" + job.scenario_id + "'");
  job.cells = static_cast<std::uint64_t>(record->grid.cells());
  if (job.cells > api.options.limits.max_job_cells)
    fail(413, "the scenario has " + std::to_string(job.cells) + " cells; this server solves at most " +
                  std::to_string(api.options.limits.max_job_cells) + " per job");

  if (inputs.contains("reference")) {
    if (!inputs["reference"].is_string()) fail(400, "inputs.reference must be a scenario or job id (string)");
    job.reference_id = inputs["reference"].get<std::string>();
    const bool valid = jobs::is_valid_id(job.reference_id);
    const auto scenario = valid ? api.services.catalog.get(job.reference_id) : std::nullopt;
    const auto reference_job = valid && !scenario ? api.services.queue.get(job.reference_id) : std::nullopt;
    if (scenario && caller.may_see(scenario->owner)) {
      if (!(scenario->grid == record->grid))
        fail(422, "inputs.reference: scenario '" + job.reference_id + "' has another grid than the scenario");
    } else if (reference_job && caller.may_see(reference_job->request.owner)) {
      if (reference_job->status != jobs::JobStatus::successful || reference_job->request.process != job.process)
        fail(422, "inputs.reference: job '" + job.reference_id + "' is not a successful " + job.process + " job");
    } else {
      fail(400, "inputs.reference: there is no scenario or job '" + job.reference_id + "'");
    }
  }

  nlohmann::json parameters = nlohmann::json::object();
  for (const auto& [key, value] : inputs.items())
    if (key != "scenario" && key != "reference" && key != "edits") parameters[key] = value;
  try {
    job.parameters = solvers::resolve(solver.params(), parameters).json();
  } catch (const data::Error& e) {
    fail(400, std::string("inputs: ") + e.what());
  }

  if (inputs.contains("edits")) {
    if (!inputs["edits"].is_array()) fail(400, "inputs.edits must be an array of edit objects");
    if (!inputs["edits"].empty()) {
      // Edits are checked against the scenario's grid and tables now, so a bad edit is the
      // client's 400 and not a failed job later.
      const auto scenario = api.services.catalog.load(job.scenario_id, api.services.budget);
      try {
        job.edits = jobs::validate_edits(inputs["edits"], scenario);
      } catch (const data::Error& e) {
        Problem problem = problem_for(e);
        problem.status = 400;
        problem.detail = e.what();
        throw ApiError{problem};
      }
    }
  }
  return job;
}

int priority_header(const HttpRequest& request) {
  const auto priority = request.header("x-priority");
  if (!priority) return 0;
  try {
    return std::clamp(std::stoi(*priority), -100, 100);
  } catch (const std::exception&) {
    fail(400, "X-Priority must be an integer");
  }
}

std::string idempotency_header(const HttpRequest& request) {
  auto key = request.header("idempotency-key").value_or("");
  if (key.size() > 200) fail(400, "Idempotency-Key longer than 200 characters");
  return key;
}

const solvers::Solver& find_process(const Api& api, const std::string& id) {
  const auto* solver = api.services.registry.find(id);
  if (solver == nullptr)
    fail(404, "there is no process '" + id + "'; see /processes", problem_types::no_such_process);
  return *solver;
}

namespace {

// Checks the execute request and turns it into a job request; every failure is a 4xx that
// names the offending input.
jobs::JobRequest make_job_request(const Api& api, const Request& request, const solvers::Solver& solver) {
  const auto body = json_body(request.http);
  for (const auto& [key, value] : body.items())
    if (key != "inputs" && key != "outputs" && key != "response" && key != "subscriber")
      fail(400, "unknown member '" + key + "' in the execute request");
  if (!body.contains("inputs") || !body["inputs"].is_object())
    fail(400, "the execute request needs an \"inputs\" object with at least \"scenario\"");
  if (body.contains("response") && body["response"] != "document" && body["response"] != "raw")
    fail(400, "\"response\" must be \"document\" or \"raw\"");
  auto job = job_request_from_inputs(api, request.caller, solver, body["inputs"]);
  job.priority = priority_header(request.http);
  job.idempotency_key = idempotency_header(request.http);
  return job;
}

bool prefers_async(const HttpRequest& request) {
  const auto prefer = request.header("prefer");
  return prefer && prefer->find("respond-async") != std::string::npos;
}

HttpResponse accepted_response(const Api& api, const jobs::Job& job) {
  auto response = json_response(201, job_status_body(api, job));
  response.set_header("Location", api.href("/jobs/" + job.id));
  return response;
}

HttpResponse execute(const Api& api, const Request& request, const solvers::Solver& solver) {
  auto job_request = make_job_request(api, request, solver);
  const auto& limits = api.options.limits;
  {
    if (api.services.queue.active_jobs(job_request.owner) >= limits.max_active_jobs_per_key) {
      // A client repeating a submission (after a time-out, say) gets its job, not a 429.
      if (const auto earlier = api.services.queue.find_idempotent(job_request.owner, job_request.idempotency_key))
        return accepted_response(api, *earlier);
      auto response = problem_response(
          Problem{429, "", "", "this key already has " + std::to_string(limits.max_active_jobs_per_key) +
                                   " jobs accepted or running; retry later"});
      response.set_header("Retry-After", std::to_string(limits.retry_after_s));
      return response;
    }
  }
  const bool sync = !prefers_async(request.http) && job_request.cells <= limits.sync_max_cells;
  const auto submitted = api.services.queue.submit(std::move(job_request));
  if (!sync) return accepted_response(api, submitted.job);

  // Synchronous execution: wait for the job, within the limit; a job that takes longer is
  // answered as if asynchronous (201 + Location), which the standard allows clients to follow.
  const auto until = std::chrono::steady_clock::now() + limits.sync_wait;
  auto job = submitted.job;
  while (!jobs::is_final(job.status) && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    if (auto now = api.services.queue.get(job.id)) job = *now;
  }
  if (job.status == jobs::JobStatus::successful) {
    auto response = json_response(200, results_body(api, job));
    response.set_header("Location", api.href("/jobs/" + job.id));
    return response;
  }
  if (job.status == jobs::JobStatus::failed) return problem_response(failed_job_problem(job));
  return accepted_response(api, job);
}

}  // namespace

std::optional<HttpResponse> route_processes(const Api& api, const Request& request) {
  const auto& s = request.segments;
  const auto& method = request.http.method;
  if (s.empty()) {
    if (method != "GET") fail(405, "use GET on /");
    return landing(api);
  }
  if (s.size() == 1 && s[0] == "conformance") {
    if (method != "GET") fail(405, "use GET on /conformance");
    return json_response(200, {{"conformsTo", conformance_classes}});
  }
  if (s[0] != "processes") return std::nullopt;
  if (s.size() == 1) {
    if (method != "GET") fail(405, "use GET on /processes");
    nlohmann::json processes = nlohmann::json::array();
    for (const auto& name : api.services.registry.names())
      processes.push_back(process_summary(api, *api.services.registry.find(name)));
    return json_response(200, {{"processes", processes},
                               {"links", {link(api.href("/processes"), "self", "application/json")}}});
  }
  const auto& solver = find_process(api, s[1]);
  if (s.size() == 2) {
    if (method != "GET") fail(405, "use GET on /processes/{processId}");
    return process_description(api, solver);
  }
  if (s.size() == 3 && s[2] == "execution") {
    if (method != "POST") fail(405, "use POST on /processes/{processId}/execution");
    return execute(api, request, solver);
  }
  return std::nullopt;
}

}  // namespace twin::server::api
