// Batches: many execute requests in one (national reporting: every province and year),
// followed with one status. POST /batches, GET /batches, GET /batches/{batchId}. Each item
// becomes an ordinary job; the batch record (jobs::BatchStore, in the shared data directory)
// only lists them, so every API process answers for every batch.
#include <limits>
#include <map>

#include "api_context.hpp"
#include "twin/jobs/batch_store.hpp"
#include "twin/jobs/job_id.hpp"

namespace twin::server::api {
namespace {

jobs::BatchStore batch_store(const Api& api) { return jobs::BatchStore(api.services.data_dir.root() / "batches"); }

// One item of the body, checked as POST /processes/{id}/execution checks its request. A
// problem keeps its status (400, or 413/422 as execute answers) and names the item.
jobs::JobRequest item_request(const Api& api, const Request& request, const nlohmann::json& item, std::size_t i) {
  const std::string where = "items[" + std::to_string(i) + "]";
  try {
    if (!item.is_object()) fail(400, "must be an object with \"process\" and \"inputs\"");
    for (const auto& [key, value] : item.items())
      if (key != "process" && key != "inputs") fail(400, "unknown member '" + key + "'; an item has process and inputs");
    if (!item.contains("process") || !item["process"].is_string()) fail(400, "process must be a process id (string)");
    const auto* solver = api.services.registry.find(item["process"].get<std::string>());
    if (solver == nullptr) fail(400, "there is no process '" + item["process"].get<std::string>() + "'; see /processes");
    if (!item.contains("inputs")) fail(400, "needs an \"inputs\" object with at least \"scenario\"");
    return job_request_from_inputs(api, request.caller, *solver, item["inputs"]);
  } catch (ApiError& e) {
    e.problem.detail = where + ": " + e.problem.detail;
    throw;
  } catch (const data::Error& e) {
    auto problem = problem_for(e);
    if (problem.status < 500) problem.detail = where + ": " + e.what();
    throw ApiError{problem};
  }
}

nlohmann::json batch_body(const Api& api, const jobs::Batch& batch) {
  std::map<jobs::JobStatus, std::size_t> counts;
  std::size_t unsubmitted = 0;
  double progress = 0;
  nlohmann::json items = nlohmann::json::array();
  for (std::size_t i = 0; i < batch.items.size(); ++i) {
    const auto& item = batch.items[i];
    nlohmann::json entry{{"index", i}, {"processID", item.request.process}, {"scenario", item.request.scenario_id}};
    std::optional<jobs::Job> job;
    if (!item.job_id.empty()) {
      job = api.services.queue.get(item.job_id);
    } else {
      // Submission stopped part-way (queue unavailable) and was not repeated: the queue may
      // still hold the item's job under its key.
      job = api.services.queue.find_idempotent(batch.owner, jobs::batch_item_key(batch.id, i));
    }
    if (!job) {
      ++unsubmitted;
      entry["status"] = "unsubmitted";
      items.push_back(std::move(entry));
      continue;
    }
    ++counts[job->status];
    progress += jobs::is_final(job->status) ? 100.0 : job->progress;
    entry["jobID"] = job->id;
    entry["status"] = jobs::status_name(job->status);
    entry["progress"] = static_cast<int>(job->progress + 0.5);
    if (job->error) entry["error"] = {{"code", job->error->code}, {"message", job->error->message}};
    entry["links"] = nlohmann::json::array();
    entry["links"].push_back(link(api.href("/jobs/" + job->id), "status", "application/json", "job status"));
    if (job->status == jobs::JobStatus::successful)
      entry["links"].push_back(link(api.href("/jobs/" + job->id + "/results"),
                                    "http://www.opengis.net/def/rel/ogc/1.0/results", "application/json", "results"));
    items.push_back(std::move(entry));
  }
  nlohmann::json count_body = nlohmann::json::object();
  for (const auto status : {jobs::JobStatus::accepted, jobs::JobStatus::running, jobs::JobStatus::successful,
                            jobs::JobStatus::failed, jobs::JobStatus::dismissed})
    count_body[std::string(jobs::status_name(status))] = counts[status];
  if (unsubmitted > 0) count_body["unsubmitted"] = unsubmitted;
  const auto n = batch.items.size();
  nlohmann::json body{
      {"batchID", batch.id},
      {"status", unsubmitted > 0 ? std::string("incomplete") : jobs::batch_status(counts, n)},
      {"created", jobs::iso8601(batch.created)},
      {"items", n},
      {"counts", count_body},
      {"progress", n == 0 ? 0 : static_cast<int>(progress / static_cast<double>(n) + 0.5)},
      {"jobs", items},
      {"links", {link(api.href("/batches/" + batch.id), "self", "application/json", "batch status")}},
  };
  if (!batch.name.empty()) body["name"] = batch.name;
  return body;
}

HttpResponse created_response(const Api& api, const jobs::Batch& batch) {
  auto response = json_response(201, batch_body(api, batch));
  response.set_header("Location", api.href("/batches/" + batch.id));
  return response;
}

// Submits what is missing of a stored batch (a repeat of a request that failed part-way), then
// answers as the first request would have.
HttpResponse resume(const Api& api, const jobs::BatchStore& store, const std::string& id) {
  auto batch = store.read(id);
  if (!batch) fail(500, "the batch '" + id + "' of an Idempotency-Key is missing from the data directory");
  if (!batch->submitted()) {
    jobs::submit_batch_items(api.services.queue, *batch);
    store.write(*batch);
  }
  return created_response(api, *batch);
}

HttpResponse create(const Api& api, const Request& request) {
  const auto body = json_body(request.http);
  for (const auto& [key, value] : body.items())
    if (key != "items" && key != "name") fail(400, "unknown member '" + key + "'; a batch has items and name");
  if (!body.contains("items") || !body["items"].is_array() || body["items"].empty())
    fail(400, "a batch needs \"items\": a non-empty array of {\"process\", \"inputs\"}");
  const auto& limits = api.options.limits;
  if (body["items"].size() > limits.max_batch_items)
    fail(413, "the batch has " + std::to_string(body["items"].size()) + " items; this server takes at most " +
                  std::to_string(limits.max_batch_items) + " per batch");
  std::string name;
  if (body.contains("name")) {
    if (!body["name"].is_string() || body["name"].get<std::string>().size() > 200)
      fail(400, "name must be a string of at most 200 characters");
    name = body["name"].get<std::string>();
  }

  // All or nothing: every item is checked before any job is queued.
  jobs::Batch batch;
  const int priority = priority_header(request.http);
  for (std::size_t i = 0; i < body["items"].size(); ++i) {
    auto job = item_request(api, request, body["items"][i], i);
    job.priority = priority;
    batch.items.push_back({std::move(job), {}});
  }
  const auto key = idempotency_header(request.http);
  const auto store = batch_store(api);
  const auto& owner = request.caller.name;
  if (!key.empty())
    if (const auto earlier = store.find_key(owner, key)) return resume(api, store, *earlier);

  const auto active = api.services.queue.active_jobs(owner);
  if (active + batch.items.size() > limits.max_active_jobs_per_key) {
    auto response = problem_response(Problem{
        429, "", "",
        "this key has " + std::to_string(active) + " jobs accepted or running and may have " +
            std::to_string(limits.max_active_jobs_per_key) + "; the batch's " + std::to_string(batch.items.size()) +
            " do not fit. Retry later"});
    response.set_header("Retry-After", std::to_string(limits.retry_after_s));
    return response;
  }

  batch.id = jobs::new_id();
  batch.owner = owner;
  batch.name = std::move(name);
  batch.created = jobs::now_millis();
  // Stored before its jobs exist and before the key names it: a repeat finds the batch and
  // submits what is missing, and a crash leaves a record whose items the queue does not know
  // (shown as "unsubmitted") rather than jobs no batch lists.
  store.write(batch);
  if (!key.empty()) {
    if (const auto winner = store.claim_key(owner, key, batch.id); winner != batch.id) {
      store.remove(batch.id);  // another API process took the key at the same moment
      return resume(api, store, winner);
    }
  }
  try {
    jobs::submit_batch_items(api.services.queue, batch);
  } catch (...) {
    try {
      store.write(batch);  // keep the ids of the items submitted so far
    } catch (const std::exception&) {
    }
    throw;
  }
  store.write(batch);
  return created_response(api, batch);
}

HttpResponse list(const Api& api, const Request& request) {
  const auto limit = request.count_value("limit", 100, 1000);
  const auto offset = request.count_value("offset", 0, std::numeric_limits<std::size_t>::max());
  nlohmann::json batches = nlohmann::json::array();
  for (const auto& summary : batch_store(api).list(request.caller.owner_filter(), limit, offset)) {
    nlohmann::json entry{{"batchID", summary.id},
                         {"created", jobs::iso8601(summary.created)},
                         {"items", summary.items},
                         {"links", {link(api.href("/batches/" + summary.id), "self", "application/json", "batch status")}}};
    if (!summary.name.empty()) entry["name"] = summary.name;
    batches.push_back(std::move(entry));
  }
  nlohmann::json links = nlohmann::json::array({link(api.href(request.http.target), "self", "application/json")});
  if (batches.size() == limit)
    links.push_back(link(api.href("/batches?limit=" + std::to_string(limit) + "&offset=" + std::to_string(offset + limit)),
                         "next", "application/json", "next page"));
  return json_response(200, {{"batches", batches}, {"links", links}});
}

}  // namespace

std::optional<HttpResponse> route_batches(const Api& api, const Request& request) {
  const auto& s = request.segments;
  if (s.empty() || s[0] != "batches" || s.size() > 2) return std::nullopt;
  const auto& method = request.http.method;
  if (s.size() == 1) {
    if (method == "POST") return create(api, request);
    if (method == "GET" || method == "HEAD") return list(api, request);
    fail(405, "use GET or POST on /batches");
  }
  if (method != "GET" && method != "HEAD") fail(405, "use GET on /batches/{batchId}");
  const auto batch = jobs::is_valid_id(s[1]) ? batch_store(api).read(s[1]) : std::nullopt;
  // Another key's batch answers exactly like one that does not exist.
  if (!batch || !request.caller.may_see(batch->owner)) fail(404, "there is no batch '" + s[1] + "'");
  return json_response(200, batch_body(api, *batch));
}

}  // namespace twin::server::api
