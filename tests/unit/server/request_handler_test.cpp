// The API without sockets: every endpoint and every error path of the request handler.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "support/api_fixture.hpp"
#include "twin/server/problem.hpp"

namespace twin::test {
namespace {

using server::HttpResponse;

std::string execute_body(const std::string& scenario,
                         nlohmann::json extra = nlohmann::json::object()) {
  nlohmann::json inputs{{"scenario", scenario}};
  for (const auto& [key, value] : extra.items()) inputs[key] = value;
  return nlohmann::json{{"inputs", inputs}}.dump();
}

const std::map<std::string, std::string> async{{"prefer", "respond-async"}};

void expect_problem(const HttpResponse& response, int status, const std::string& detail_part,
                    const std::string& type = {}) {
  EXPECT_EQ(response.status, status) << response.body;
  EXPECT_EQ(response.header("Content-Type").value_or(""), "application/problem+json");
  const auto body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body.at("status"), status);
  EXPECT_TRUE(body.contains("title"));
  EXPECT_NE(body.value("detail", "").find(detail_part), std::string::npos) << body.dump();
  if (!type.empty()) {
    EXPECT_EQ(body.at("type"), type);
  }
}

TEST(RequestHandler, LandingConformanceAndProcesses) {
  ApiFixture api("handler_landing");
  const auto landing = api.json(api.request("GET", "/"));
  std::set<std::string> rels;
  for (const auto& link : landing["links"]) rels.insert(link["rel"].get<std::string>());
  EXPECT_TRUE(rels.count("http://www.opengis.net/def/rel/ogc/1.0/conformance"));
  EXPECT_TRUE(rels.count("http://www.opengis.net/def/rel/ogc/1.0/processes"));
  EXPECT_TRUE(rels.count("service-doc"));

  const auto conformance = api.json(api.request("GET", "/conformance"));
  EXPECT_EQ(conformance["conformsTo"].size(), 4u);

  const auto processes = api.json(api.request("GET", "/processes"));
  ASSERT_EQ(processes["processes"].size(), 1u);
  EXPECT_EQ(processes["processes"][0]["id"], "test-scale");

  const auto description = api.json(api.request("GET", "/processes/test-scale"));
  EXPECT_EQ(description["inputs"]["factor"]["schema"]["type"], "number");
  EXPECT_EQ(description["inputs"]["factor"]["schema"]["default"], 2.0);
  EXPECT_EQ(description["inputs"]["factor"]["schema"]["maximum"], 100.0);
  EXPECT_EQ(description["inputs"]["row_delay_ms"]["unit"], "ms");
  EXPECT_EQ(description["inputs"]["scenario"]["minOccurs"], 1);
  EXPECT_EQ(description["requiredInputs"], nlohmann::json({"dtm"}));
}

TEST(RequestHandler, AsyncJobRunsAndServesResultLayers) {
  ApiFixture api("handler_async");
  const auto scenario = api.add_scenario();
  const auto submitted = api.request("POST", "/processes/test-scale/execution",
                                     execute_body(scenario, {{"factor", 3}}), {}, async);
  ASSERT_EQ(submitted.status, 201) << submitted.body;
  const auto job_id = api.json(submitted)["jobID"].get<std::string>();
  EXPECT_EQ(submitted.header("Location").value_or(""), "/jobs/" + job_id);

  const auto status = api.wait_final(job_id);
  ASSERT_EQ(status["status"], "successful") << status.dump();
  EXPECT_EQ(status["progress"], 100);

  const auto results = api.json(api.request("GET", "/jobs/" + job_id + "/results"));
  ASSERT_TRUE(results.contains("scaled"));
  EXPECT_EQ(results["scaled"]["units"], "m");

  const auto statistics = api.request("GET", "/jobs/" + job_id + "/results/scaled?f=json");
  ASSERT_EQ(statistics.status, 200) << statistics.body;
  // dtm = col + row on 20 x 20 cells, times 3: 0 .. 114.
  EXPECT_DOUBLE_EQ(api.json(statistics)["max"].get<double>(), 114.0);

  const auto value =
      api.json(api.request("GET", "/jobs/" + job_id + "/results/scaled/value?x=150035&y=449985"));
  EXPECT_DOUBLE_EQ(value["value"].get<double>(), 3.0 * (3 + 1));

  for (const std::string format : {"tiff", "png", "hdf5"}) {
    const auto file = api.request("GET", "/jobs/" + job_id + "/results/scaled?f=" + format);
    ASSERT_EQ(file.status, 200) << format << file.body;
    ASSERT_TRUE(file.file.has_value()) << format;
    EXPECT_GT(std::filesystem::file_size(*file.file), 100u) << format;
  }
  const auto legend = api.request("GET", "/jobs/" + job_id + "/results/scaled/legend");
  ASSERT_TRUE(legend.file.has_value());
  EXPECT_EQ(legend.header("Content-Type").value_or(""), "image/svg+xml");

  const auto list = api.json(api.request("GET", "/jobs?status=successful&processID=test-scale"));
  ASSERT_EQ(list["jobs"].size(), 1u);
  EXPECT_EQ(list["jobs"][0]["jobID"], job_id);
}

TEST(RequestHandler, SynchronousExecutionAnswersWithResults) {
  ApiFixture api("handler_sync");
  const auto scenario = api.add_scenario();
  const auto response =
      api.request("POST", "/processes/test-scale/execution", execute_body(scenario));
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_TRUE(api.json(response).contains("scaled"));
}

TEST(RequestHandler, ReferenceGivesDifferenceLayers) {
  ApiFixture api("handler_reference");
  const auto scenario = api.add_scenario();
  const auto response = api.request(
      "POST", "/processes/test-scale/execution",
      execute_body(scenario,
                   {{"reference", scenario},
                    {"edits",
                     {{{"op", "add_building"},
                       {"polygon", {{150000, 450000}, {150050, 450000}, {150050, 449950}}},
                       {"height", 20}}}}}));
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_TRUE(api.json(response).contains("scaled_diff"));
}

TEST(RequestHandler, ReferenceGivesTheSolversComparisonInTheResults) {
  ApiFixture api("handler_comparison");
  const auto scenario = api.add_scenario();
  // factor 3 against the same scenario solved with factor 3 and factor 1 as a finished job.
  const auto base = api.request("POST", "/processes/test-scale/execution", execute_body(scenario, {{"factor", 1}}),
                                {}, async);
  ASSERT_EQ(base.status, 201) << base.body;
  const auto base_id = api.json(base)["jobID"].get<std::string>();
  ASSERT_EQ(api.wait_final(base_id)["status"], "successful");
  const auto plan = api.request("POST", "/processes/test-scale/execution",
                                execute_body(scenario, {{"factor", 3}, {"reference", base_id}}), {}, async);
  ASSERT_EQ(plan.status, 201) << plan.body;
  const auto plan_id = api.json(plan)["jobID"].get<std::string>();
  ASSERT_EQ(api.wait_final(plan_id)["status"], "successful");
  const auto results = api.json(api.request("GET", "/jobs/" + plan_id + "/results"));
  ASSERT_TRUE(results["statistics"]["value"].contains("comparison")) << results.dump();
  const auto& comparison = results["statistics"]["value"]["comparison"];
  // dtm = col + row on 20 x 20 cells: 3 dtm - dtm = 2 dtm, zero only at (0, 0); largest 2 x 38.
  EXPECT_EQ(comparison["cells_changed"].get<double>(), 399.0);
  EXPECT_EQ(comparison["max_change"].get<double>(), 76.0);
  // No reference: no comparison.
  const auto base_results = api.json(api.request("GET", "/jobs/" + base_id + "/results"));
  EXPECT_FALSE(base_results.contains("statistics") && base_results["statistics"]["value"].contains("comparison"));
}

TEST(RequestHandler, DismissStopsARunningJobQuickly) {
  ApiFixture api("handler_dismiss");
  const auto scenario = api.add_scenario();
  const auto submitted = api.request("POST", "/processes/test-scale/execution",
                                     execute_body(scenario, {{"row_delay_ms", 500}}), {}, async);
  const auto job_id = api.json(submitted)["jobID"].get<std::string>();
  for (int i = 0; i < 200 && api.json(api.request("GET", "/jobs/" + job_id))["status"] != "running";
       ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  const auto started = std::chrono::steady_clock::now();
  const auto dismissed = api.request("DELETE", "/jobs/" + job_id);
  ASSERT_EQ(dismissed.status, 200);
  EXPECT_EQ(api.json(dismissed)["status"], "dismissed");
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(1500));
  EXPECT_FALSE(std::filesystem::exists(api.dir->result_file(job_id)));
  expect_problem(api.request("GET", "/jobs/" + job_id + "/results"), 404, "dismissed",
                 std::string(server::problem_types::no_such_job));
}

TEST(RequestHandler, DemoScenarioLifecycle) {
  ApiFixture api("handler_scenarios");
  const auto created = api.request("POST", "/scenarios",
                                   R"({"demo": {"size_km": 0.5, "cell_m": 10}, "name": "tiny"})");
  ASSERT_EQ(created.status, 201) << created.body;
  const auto id = api.json(created)["id"].get<std::string>();
  EXPECT_EQ(api.json(created)["grid"]["nx"], 50);
  EXPECT_EQ(api.json(api.request("GET", "/scenarios/" + id))["name"], "tiny");
  EXPECT_EQ(api.json(api.request("GET", "/scenarios"))["scenarios"].size(), 1u);
  EXPECT_EQ(api.request("DELETE", "/scenarios/" + id).status, 204);
  EXPECT_EQ(api.request("GET", "/scenarios/" + id).status, 404);
}

TEST(RequestHandler, UploadOfAScenarioAndOfGarbage) {
  ApiFixture api("handler_upload");
  const auto id = api.add_scenario();
  std::ifstream in(api.dir->scenario_file(id), std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto uploaded = api.request("POST", "/scenarios?name=copy", bytes, {},
                                    {{"content-type", "application/x-hdf5"}});
  ASSERT_EQ(uploaded.status, 201) << uploaded.body;
  EXPECT_EQ(api.json(uploaded)["name"], "copy");
  expect_problem(api.request("POST", "/scenarios", "not hdf5 at all", {},
                             {{"content-type", "application/x-hdf5"}}),
                 422, "not an HDF5 file");
  expect_problem(api.request("POST", "/scenarios", bytes.substr(0, bytes.size() / 2), {},
                             {{"content-type", "application/x-hdf5"}}),
                 422, "");
  EXPECT_TRUE(std::filesystem::is_empty(api.dir->tmp()));
}

TEST(RequestHandler, IdempotencyKeyReturnsTheSameJob) {
  ApiFixture api("handler_idempotency");
  const auto scenario = api.add_scenario();
  std::map<std::string, std::string> headers{{"prefer", "respond-async"},
                                             {"idempotency-key", "abc-1"}};
  const auto first = api.json(
      api.request("POST", "/processes/test-scale/execution", execute_body(scenario), {}, headers));
  const auto second = api.json(
      api.request("POST", "/processes/test-scale/execution", execute_body(scenario), {}, headers));
  EXPECT_EQ(first["jobID"], second["jobID"]);
}

TEST(RequestHandler, KeysSeparateOwners) {
  ApiFixtureOptions options;
  options.keys_json = R"({"keys": [{"name": "utrecht", "token": "utrecht-token-0123456789"},
                                   {"name": "gelderland", "token": "gelderland-token-0123456789"},
                                   {"name": "ops", "token": "admin-token-0123456789", "admin": true}]})";
  ApiFixture api("handler_keys", options);
  const std::string utrecht = "utrecht-token-0123456789";
  const std::string gelderland = "gelderland-token-0123456789";
  const auto scenario = api.add_scenario("utrecht");

  const auto anonymous = api.request("GET", "/jobs");
  expect_problem(anonymous, 401, "API key");
  EXPECT_TRUE(anonymous.header("WWW-Authenticate").has_value());
  expect_problem(api.request("GET", "/jobs", {}, "wrong-token-0123456789"), 401, "API key");
  EXPECT_EQ(api.request("GET", "/healthz").status, 200);

  const auto job = api.json(
      api.request("POST", "/processes/test-scale/execution", execute_body(scenario), utrecht, async));
  ASSERT_TRUE(job.contains("jobID")) << job.dump();
  const auto job_id = job["jobID"].get<std::string>();
  // Another key's scenario and job answer as if they did not exist.
  expect_problem(
      api.request("POST", "/processes/test-scale/execution", execute_body(scenario), gelderland),
      400, "no scenario");
  expect_problem(api.request("GET", "/jobs/" + job_id, {}, gelderland), 404, "no job",
                 std::string(server::problem_types::no_such_job));
  expect_problem(api.request("DELETE", "/jobs/" + job_id, {}, gelderland), 404, "no job");
  expect_problem(api.request("GET", "/scenarios/" + scenario, {}, gelderland), 404, "no scenario");
  EXPECT_EQ(api.json(api.request("GET", "/jobs", {}, gelderland))["jobs"].size(), 0u);
  EXPECT_EQ(api.json(api.request("GET", "/jobs", {}, utrecht))["jobs"].size(), 1u);
  EXPECT_EQ(api.request("GET", "/jobs/" + job_id, {}, "admin-token-0123456789").status, 200);
}

TEST(RequestHandler, TooManyActiveJobsPerKey) {
  ApiFixtureOptions options;
  options.limits.max_active_jobs_per_key = 1;
  ApiFixture api("handler_429", options);
  const auto scenario = api.add_scenario();
  auto with_key = async;
  with_key["idempotency-key"] = "first";
  const auto first = api.request("POST", "/processes/test-scale/execution",
                                 execute_body(scenario, {{"row_delay_ms", 100}}), {}, with_key);
  const auto refused =
      api.request("POST", "/processes/test-scale/execution", execute_body(scenario), {}, async);
  expect_problem(refused, 429, "retry later");
  EXPECT_EQ(refused.header("Retry-After").value_or(""), "5");
  // Repeating the first submission is not a new job: it gets its job back, limit or not.
  const auto repeated = api.request("POST", "/processes/test-scale/execution",
                                    execute_body(scenario, {{"row_delay_ms", 100}}), {}, with_key);
  EXPECT_EQ(repeated.status, 201);
  EXPECT_EQ(api.json(repeated)["jobID"], api.json(first)["jobID"]);
}

TEST(RequestHandler, FailedJobReportsItsError) {
  ApiFixture api("handler_failed");
  const auto scenario = api.add_scenario();
  const auto submitted = api.request("POST", "/processes/test-scale/execution",
                                     execute_body(scenario, {{"fail", true}}), {}, async);
  const auto job_id = api.json(submitted)["jobID"].get<std::string>();
  const auto status = api.wait_final(job_id);
  EXPECT_EQ(status["status"], "failed");
  EXPECT_EQ(status["error"]["code"], "invalid-value");
  expect_problem(api.request("GET", "/jobs/" + job_id + "/results"), 422, "failure requested");
}

struct BadRequest {
  const char* name;
  std::string method;
  std::string target;
  std::string body;  // "{scenario}" is replaced by a real scenario id
  int status;
  std::string detail_part;
  std::string content_type = "application/json";
};

TEST(RequestHandler, BadRequestsGetProblems) {
  ApiFixtureOptions options;
  options.limits.max_job_cells = 30 * 30;
  ApiFixture api("handler_bad", options);
  const auto scenario = api.add_scenario();
  const auto big = api.add_scenario("", 40, 40);
  const std::string triangle = "[[150000,450000],[150050,450000],[150050,449950]]";
  const std::vector<BadRequest> table{
      {"malformed json", "POST", "/processes/test-scale/execution", "{\"inputs\": ", 400,
       "malformed JSON"},
      {"not an object", "POST", "/processes/test-scale/execution", "[1,2]", 400,
       "must be an object"},
      {"no inputs", "POST", "/processes/test-scale/execution", "{}", 400, "\"inputs\""},
      {"unknown member", "POST", "/processes/test-scale/execution", R"({"inputs": {}, "x": 1})",
       400, "unknown member"},
      {"scenario wrong type", "POST", "/processes/test-scale/execution",
       R"({"inputs": {"scenario": 7}})", 400, "inputs.scenario"},
      {"unknown scenario", "POST", "/processes/test-scale/execution",
       R"({"inputs": {"scenario": "aaaaaaaaaaaaaaaaaaaaaaaaaa"}})", 400, "no scenario"},
      {"path as scenario", "POST", "/processes/test-scale/execution",
       R"({"inputs": {"scenario": "../../etc/passwd"}})", 400, "no scenario"},
      {"parameter wrong type", "POST", "/processes/test-scale/execution",
       R"({"inputs": {"scenario": "{scenario}", "factor": "big"}})", 400, "factor"},
      {"parameter out of range", "POST", "/processes/test-scale/execution",
       R"({"inputs": {"scenario": "{scenario}", "factor": 1000}})", 400, "factor"},
      {"unknown parameter", "POST", "/processes/test-scale/execution",
       R"({"inputs": {"scenario": "{scenario}", "colour": 1}})", 400, "colour"},
      {"invalid edit", "POST", "/processes/test-scale/execution",
       R"({"inputs": {"scenario": "{scenario}", "edits": [{"op": "add_building", "polygon": [[0,0],[1,1]], "height": 5}]}})",
       400, "edits[0]"},
      {"unknown edit op", "POST", "/processes/test-scale/execution",
       R"({"inputs": {"scenario": "{scenario}", "edits": [{"op": "flood"}]}})", 400, "edits[0]"},
      {"edits not an array", "POST", "/processes/test-scale/execution",
       R"({"inputs": {"scenario": "{scenario}", "edits": {"op": "flood"}}})", 400, "inputs.edits"},
      {"unknown reference", "POST", "/processes/test-scale/execution",
       R"({"inputs": {"scenario": "{scenario}", "reference": "bbbbbbbbbbbbbbbbbbbbbbbbbb"}})", 400,
       "reference"},
      {"oversized grid", "POST", "/processes/test-scale/execution",
       R"({"inputs": {"scenario": "{big}"}})", 413, "1600 cells"},
      {"not json", "POST", "/processes/test-scale/execution", "inputs=1", 415, "JSON",
       "text/plain"},
      {"unknown process", "POST", "/processes/nope/execution", "{}", 404, "no process 'nope'"},
      {"unknown job", "GET", "/jobs/aaaaaaaaaaaaaaaaaaaaaaaaaa", "", 404, "no job"},
      {"job id with a path", "GET", "/jobs/..%2F..%2Fetc", "", 404, "no job"},
      {"bad percent encoding", "GET", "/jobs/%zz", "", 400, "percent-encoding"},
      {"bad status filter", "GET", "/jobs?status=done", "", 400, "unknown status"},
      {"bad limit", "GET", "/jobs?limit=-1", "", 400, "limit"},
      {"wrong method", "PUT", "/processes", "", 405, "GET"},
      {"no such route", "GET", "/nothing/here", "", 404, "no resource"},
      {"demo too large", "POST", "/scenarios", R"({"demo": {"size_km": 100, "cell_m": 1}})", 413,
       "cells"},
      {"demo bad member", "POST", "/scenarios", R"({"demo": {"size": 1}})", 400, "demo.size"},
      {"scenario upload type", "POST", "/scenarios", "abc", 415, "application/x-hdf5",
       "text/plain"},
  };
  for (const auto& bad : table) {
    SCOPED_TRACE(bad.name);
    std::string body = bad.body;
    for (const auto& [token, id] :
         {std::pair<std::string, std::string>{"{scenario}", scenario}, {"{big}", big}})
      if (auto at = body.find(token); at != std::string::npos) body.replace(at, token.size(), id);
    expect_problem(
        api.request(bad.method, bad.target, body, {}, {{"content-type", bad.content_type}}),
        bad.status, bad.detail_part);
  }
  // And the server keeps serving.
  EXPECT_EQ(api.request("GET", "/processes").status, 200);
}

TEST(RequestHandler, ResultNotReadyWhileRunning) {
  ApiFixture api("handler_not_ready");
  const auto scenario = api.add_scenario();
  const auto submitted = api.request("POST", "/processes/test-scale/execution",
                                     execute_body(scenario, {{"row_delay_ms", 50}}), {}, async);
  const auto job_id = api.json(submitted)["jobID"].get<std::string>();
  expect_problem(api.request("GET", "/jobs/" + job_id + "/results"), 404, "not ready",
                 std::string(server::problem_types::result_not_ready));
  api.request("DELETE", "/jobs/" + job_id);
}

TEST(RequestHandler, OperationsEndpoints) {
  ApiFixture api("handler_ops");
  EXPECT_EQ(api.request("GET", "/healthz").status, 200);
  EXPECT_EQ(api.request("GET", "/readyz").status, 200);
  const auto metrics = api.request("GET", "/metrics");
  EXPECT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.header("Content-Type").value_or("").find("version=0.0.4"), std::string::npos);
  EXPECT_EQ(api.request("GET", "/jobs/aaaaaaaaaaaaaaaaaaaaaaaaaa/results").route,
            "/jobs/{jobId}/results");
}

}  // namespace
}  // namespace twin::test
