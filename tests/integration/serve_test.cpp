// End-to-end tests of `twinsolve serve` as a real process on a loopback port: each endpoint
// family, kill -9 and restart (no accepted job is lost), SIGTERM drain, cancellation, and
// bad requests that must not stop the server. Timings are generous bounds: the machine is
// shared, a test should fail on a hang or a lost job, not on a slow run.
#include <gtest/gtest.h>

#include <algorithm>
#include <csignal>
#include <fstream>
#include <set>
#include <thread>

#include "integration/http_test_client.hpp"
#include "integration/serve_process.hpp"
#include "test_paths.hpp"

namespace twin::test {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using Json = nlohmann::json;
using Headers = std::map<std::string, std::string>;

// The heat process on a demo: small and quick by default. Long jobs run many hours on a 2 km
// demo at 2 m (`long_job_cell_m`) rather than a huge sky view factor scan: the solver checks
// for cancellation once per block, so the blocks must stay short for a dismissal or a drain
// to take effect quickly. (At 5 m, since the sky view factor became a sweep, the medium job
// took about a second and could finish inside the drain.)
const Json quick_inputs = {{"svf_radius_m", 20}};
const Json long_inputs = {{"svf_radius_m", 200},
                          {"hours", "9,10,11,12,13,14,15,16,17"}};  // ~6 s, idle machine
const Json medium_inputs = {{"svf_radius_m", 200},
                            {"hours", "11,12,13,14,15"}};  // ~4 s, idle machine
constexpr double long_job_cell_m = 2;

// A server on root/data (the test made root with scratch_dir); `run` numbers
// the log file so a restart keeps the first run's log.
std::unique_ptr<ServeProcess> start(const fs::path& root, const std::vector<std::string>& args = {},
                                    int run = 1) {
  return std::make_unique<ServeProcess>(TWINSOLVE_BIN, root / "data",
                                        root / ("serve" + std::to_string(run) + ".log"), args);
}

Json create_demo(const ServeProcess& server, double size_km, double cell_m,
                 const Headers& headers = {}) {
  const auto response = server.post_json(
      "/scenarios", {{"demo", {{"size_km", size_km}, {"cell_m", cell_m}}}}, headers);
  EXPECT_EQ(response.status, 201) << response.body;
  return response.json();
}

HttpResult submit(const ServeProcess& server, const std::string& scenario, Json inputs,
                  Headers headers = {}) {
  inputs["scenario"] = scenario;
  headers["Prefer"] = "respond-async";
  return server.post_json("/processes/heat/execution", {{"inputs", inputs}}, headers);
}

std::string submit_ok(const ServeProcess& server, const std::string& scenario, const Json& inputs,
                      const Headers& headers = {}) {
  const auto response = submit(server, scenario, inputs, headers);
  EXPECT_EQ(response.status, 201) << response.body;
  const auto id = response.json().value("jobID", "");
  EXPECT_FALSE(id.empty()) << response.body;
  return id;
}

void expect_problem(const HttpResult& response, int status, const std::string& type_part = "") {
  EXPECT_EQ(response.status, status) << response.body;
  EXPECT_NE(response.header("content-type").find("application/problem+json"), std::string::npos)
      << response.header("content-type");
  const auto body = response.json();
  ASSERT_TRUE(body.is_object()) << response.body;
  EXPECT_EQ(body.value("status", 0), status) << response.body;
  EXPECT_NE(body.value("type", "").find(type_part), std::string::npos) << response.body;
}

bool starts_with(const std::string& text, std::string_view prefix) {
  return text.rfind(prefix, 0) == 0;
}

TEST(ServeLoopback, LandingConformanceAndProcesses) {
  const auto root = scratch_dir("Serve_Discovery");
  const auto server = start(root);
  const auto landing = server->get("/");
  ASSERT_EQ(landing.status, 200) << landing.body;
  std::set<std::string> rels;
  const auto landing_body = landing.json();  // named: a range-for over a temporary's member dangles
  for (const auto& link : landing_body["links"]) rels.insert(link.value("rel", ""));
  EXPECT_TRUE(rels.count("http://www.opengis.net/def/rel/ogc/1.0/conformance")) << landing.body;
  EXPECT_TRUE(rels.count("http://www.opengis.net/def/rel/ogc/1.0/processes")) << landing.body;

  const auto conformance = server->get("/conformance").json();
  const auto classes = conformance["conformsTo"];
  ASSERT_TRUE(classes.is_array()) << conformance.dump();
  EXPECT_NE(std::find(classes.begin(), classes.end(),
                      "http://www.opengis.net/spec/ogcapi-processes-1/1.0/conf/core"),
            classes.end());

  const auto processes = server->get("/processes").json();
  bool has_heat = false;
  for (const auto& process : processes["processes"])
    has_heat = has_heat || process.value("id", "") == "heat";
  EXPECT_TRUE(has_heat) << processes.dump();

  const auto heat = server->get("/processes/heat");
  ASSERT_EQ(heat.status, 200);
  const auto description = heat.json();
  EXPECT_EQ(description["inputs"]["scenario"]["minOccurs"], 1);
  EXPECT_EQ(description["inputs"]["svf_radius_m"]["schema"]["type"], "number");
  const auto options = description["jobControlOptions"];
  EXPECT_NE(std::find(options.begin(), options.end(), "async-execute"), options.end())
      << description.dump();
  expect_problem(server->get("/processes/no-such"), 404, "no-such-process");
}

TEST(ServeLoopback, ScenariosCreateListGetDelete) {
  const auto root = scratch_dir("Serve_Scenarios");
  const auto server = start(root);
  const auto created = server->post_json(
      "/scenarios", {{"demo", {{"size_km", 0.5}, {"cell_m", 5}}}, {"name", "e2e"}});
  ASSERT_EQ(created.status, 201) << created.body;
  const auto id = created.json().value("id", "");
  EXPECT_EQ(created.header("location").substr(created.header("location").rfind('/') + 1), id);

  auto listed_ids = [&] {
    std::set<std::string> ids;
    const auto list = server->get("/scenarios").json();
    for (const auto& scenario : list["scenarios"]) ids.insert(scenario.value("id", ""));
    return ids;
  };
  EXPECT_TRUE(listed_ids().count(id));
  const auto one = server->get("/scenarios/" + id).json();
  EXPECT_EQ(one["grid"]["nx"], 100) << one.dump();
  EXPECT_EQ(one["grid"]["epsg"], 28992);
  EXPECT_TRUE(fs::exists(root / "data" / "scenarios" / (id + ".h5")));

  const auto deleted = server->request("DELETE", "/scenarios/" + id);
  EXPECT_TRUE(deleted.status == 200 || deleted.status == 204) << deleted.status << deleted.body;
  expect_problem(server->get("/scenarios/" + id), 404);
  EXPECT_FALSE(listed_ids().count(id));
  EXPECT_FALSE(fs::exists(root / "data" / "scenarios" / (id + ".h5")));
}

TEST(ServeLoopback, JobAsyncResultsInEveryFormat) {
  const auto root = scratch_dir("Serve_Jobs");
  const auto server = start(root);
  const auto scenario = create_demo(*server, 0.5, 5);
  const auto submitted = submit(*server, scenario.value("id", ""), quick_inputs);
  ASSERT_EQ(submitted.status, 201) << submitted.body;
  const auto id = submitted.json().value("jobID", "");
  EXPECT_EQ(submitted.header("location").substr(submitted.header("location").rfind('/')), "/" + id);
  EXPECT_TRUE(submitted.json().value("status", "") == "accepted" ||
              submitted.json().value("status", "") == "running");

  const auto status = wait_for_status(*server, id, {"successful", "failed"}, 60s);
  ASSERT_EQ(status.value("status", ""), "successful") << status.dump() << server->log();
  EXPECT_EQ(status.value("progress", 0), 100);
  EXPECT_TRUE(status.contains("finished"));

  bool listed = false;
  const auto list = server->get("/jobs").json();
  for (const auto& job : list["jobs"]) listed = listed || job.value("jobID", "") == id;
  EXPECT_TRUE(listed);

  const auto results = server->get("/jobs/" + id + "/results").json();
  ASSERT_TRUE(results.contains("pet")) << results.dump();
  EXPECT_EQ(results["pet"]["units"], "degC");
  const std::string base = "/jobs/" + id + "/results/pet";
  const struct {
    std::string format;
    std::string_view magic;
  } formats[] = {{"tiff", std::string_view("II*\0", 4)},
                 {"png", "\x89PNG\r\n\x1a\n"},
                 {"hdf5", "\x89HDF\r\n\x1a\n"},
                 {"json", "{"}};
  for (const auto& f : formats) {
    const auto file = server->get(base + "?f=" + f.format);
    EXPECT_EQ(file.status, 200) << f.format << file.body.substr(0, 300);
    EXPECT_TRUE(starts_with(file.body, f.magic)) << f.format;
  }
  const auto statistics = server->get(base + "?f=json").json();
  EXPECT_EQ(statistics.value("layer", ""), "pet");
  EXPECT_GT(statistics.value("max", 0.0), statistics.value("min", 1e9)) << statistics.dump();

  const auto legend = server->get(base + "/legend");
  EXPECT_EQ(legend.status, 200);
  EXPECT_EQ(legend.header("content-type"), "image/svg+xml");
  EXPECT_NE(legend.body.find("<svg"), std::string::npos);

  const auto& grid = scenario["grid"];  // x0, y0: the top-left corner
  const double cell = grid["cell"].get<double>();
  const double x = grid["x0"].get<double>() + cell * 40.5;
  const double y = grid["y0"].get<double>() - cell * 60.5;
  const auto value =
      server->get(base + "/value?x=" + std::to_string(x) + "&y=" + std::to_string(y));
  ASSERT_EQ(value.status, 200) << value.body;
  EXPECT_EQ(value.json()["col"], 40);
  EXPECT_EQ(value.json()["row"], 60);
  EXPECT_TRUE(value.json()["value"].is_number()) << value.body;
  expect_problem(server->get(base + "/value?x=0&y=0"), 400);
}

TEST(ServeLoopback, HealthReadinessMetrics) {
  const auto root = scratch_dir("Serve_Operations");
  const auto server = start(root);
  EXPECT_EQ(server->get("/healthz").status, 200);
  const auto ready = server->get("/readyz");
  EXPECT_EQ(ready.status, 200);
  EXPECT_EQ(ready.json().value("status", ""), "ready");
  const auto metrics = server->get("/metrics");
  ASSERT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.header("content-type").find("text/plain"), std::string::npos);
  EXPECT_NE(metrics.body.find(
                "twinsolve_http_requests_total{route=\"/healthz\",method=\"GET\",status=\"200\"}"),
            std::string::npos)
      << metrics.body;
  EXPECT_NE(metrics.body.find("twinsolve_jobs{state=\"successful\"}"), std::string::npos)
      << metrics.body;
}

// kill -9 right after the submissions were acknowledged: the journal has them, so after a
// restart on the same data directory every one runs to the end, and the job finished before
// the crash still serves its results.
TEST(ServeProcessCrash, KillNineLosesNoAcceptedJob) {
  const auto root = scratch_dir("Serve_Crash");
  auto server = start(root);
  const auto scenario = create_demo(*server, 0.5, 5).value("id", "");
  const auto finished = submit_ok(*server, scenario, quick_inputs);
  ASSERT_EQ(wait_for_status(*server, finished, {"successful", "failed"}, 60s).value("status", ""),
            "successful");
  std::vector<std::string> accepted;
  for (int i = 0; i < 5; ++i) accepted.push_back(submit_ok(*server, scenario, quick_inputs));
  server->send_signal(SIGKILL);
  ASSERT_EQ(server->wait_exit(10s), 128 + SIGKILL);
  // Not all five can have run: one worker, about a second each.
  server = start(root, {}, 2);
  EXPECT_NE(server->log().find("\"jobs\":6"), std::string::npos)
      << server->log();  // replayed from the journal
  for (const auto& id : accepted) {
    const auto status = wait_for_status(*server, id, {"successful", "failed", "dismissed"}, 90s);
    EXPECT_EQ(status.value("status", ""), "successful") << id << status.dump() << server->log();
  }
  // Jobs ran after the restart, so the kill did interrupt work (the proof is not vacuous).
  const auto log = server->log();
  std::size_t ended_after_restart = 0;
  for (auto at = log.find("\"job ended\""); at != std::string::npos;
       at = log.find("\"job ended\"", at + 1))
    ++ended_after_restart;
  EXPECT_GE(ended_after_restart, 1u) << log;
  EXPECT_EQ(server->get("/jobs/" + finished + "/results/pet?f=json").status, 200);
  EXPECT_EQ(server->get("/jobs/" + accepted.back() + "/results/pet?f=json").status, 200);
}

// SIGTERM with a job running longer than the drain deadline: the process exits 0 within the
// deadline (plus slack), and the next start runs the interrupted job again.
TEST(ServeProcessSignals, SigtermDrainsThenRerunsTheInterruptedJob) {
  const auto root = scratch_dir("Serve_Sigterm");
  auto server = start(root, {"--drain-seconds", "1"});
  const auto scenario = create_demo(*server, 2, long_job_cell_m).value("id", "");
  const auto id = submit_ok(*server, scenario, medium_inputs);
  ASSERT_EQ(wait_for_status(*server, id, {"running"}, 30s).value("status", ""), "running");
  const auto signalled = std::chrono::steady_clock::now();
  server->send_signal(SIGTERM);
  EXPECT_EQ(server->wait_exit(30s), 0) << server->log();
  // 1 s of drain, then the solver stops at its next block.
  EXPECT_LT(std::chrono::steady_clock::now() - signalled, 10s);
  EXPECT_NE(server->log().find("\"jobs_to_rerun\":1"), std::string::npos) << server->log();

  server = start(root, {"--drain-seconds", "1"}, 2);
  const auto status = wait_for_status(*server, id, {"successful", "failed", "dismissed"}, 90s);
  EXPECT_EQ(status.value("status", ""), "successful") << status.dump() << server->log();
}

// DELETE on a running job stops the solver within about a second and leaves no result file;
// the worker is then free for the next job.
TEST(ServeProcessJobs, DismissStopsARunningJobAndLeavesNoResult) {
  const auto root = scratch_dir("Serve_Dismiss");
  const auto server = start(root);
  const auto scenario = create_demo(*server, 2, long_job_cell_m).value("id", "");
  const auto id = submit_ok(*server, scenario, long_inputs);
  ASSERT_EQ(wait_for_status(*server, id, {"running"}, 30s).value("status", ""), "running");
  std::this_thread::sleep_for(300ms);  // well inside the solver

  const auto asked = std::chrono::steady_clock::now();
  const auto dismissed = server->request("DELETE", "/jobs/" + id);
  EXPECT_EQ(dismissed.status, 200) << dismissed.body;
  EXPECT_EQ(wait_for_status(*server, id, {"dismissed"}, 5s).value("status", ""), "dismissed");
  EXPECT_LT(std::chrono::steady_clock::now() - asked, 2500ms);
  expect_problem(server->get("/jobs/" + id + "/results"), 404);

  // One worker: the next job succeeding means the dismissed one has let go of it.
  const auto next = submit_ok(*server, scenario, quick_inputs);
  EXPECT_EQ(wait_for_status(*server, next, {"successful", "failed"}, 60s).value("status", ""),
            "successful");
  EXPECT_FALSE(fs::exists(root / "data" / "jobs" / id / "result.h5"));
  EXPECT_EQ(server->get("/jobs/" + id).json().value("status", ""), "dismissed");
}

TEST(ServeBadRequests, EachIsAnsweredAndTheServerKeepsServing) {
  const auto root = scratch_dir("Serve_BadRequests");
  const std::string alice = "alice-token-0123456789", bob = "bob-token-0123456789xyz";
  {
    std::ofstream keys(root / "keys.json");
    keys << Json{{"keys",
                  {{{"name", "alice"}, {"token", alice}}, {{"name", "bob"}, {"token", bob}}}}}
                .dump();
  }
  const auto server = start(root, {"--api-keys", (root / "keys.json").string(), "--read-timeout",
                                   "1", "--json-body-limit", "4096"});
  const Headers as_alice{{"Authorization", "Bearer " + alice}},
      as_bob{{"Authorization", "Bearer " + bob}};
  auto with_json = [](Headers headers) {
    headers["Content-Type"] = "application/json";
    return headers;
  };

  // No key, or an unknown one: 401 with a challenge.
  const auto anonymous = server->get("/jobs");
  expect_problem(anonymous, 401);
  EXPECT_FALSE(anonymous.header("www-authenticate").empty());
  expect_problem(server->get("/jobs", {{"Authorization", "Bearer not-a-key-0123456789"}}), 401);

  // Oversized JSON body (limit 4096), malformed JSON, wrong types.
  const std::string big =
      R"({"demo": {"size_km": 0.5}, "description": ")" + std::string(8000, 'x') + "\"}";
  expect_problem(server->request("POST", "/scenarios", big, with_json(as_alice)), 413);
  expect_problem(server->request("POST", "/scenarios", "{\"demo\": {", with_json(as_alice)), 400);
  expect_problem(server->post_json("/scenarios", {{"demo", {{"size_km", "two"}}}}, as_alice), 400);

  // Another key's job and scenario answer 404 as if they did not exist.
  const auto scenario = create_demo(*server, 0.5, 5, as_alice).value("id", "");
  const auto job = submit_ok(*server, scenario, quick_inputs, as_alice);
  expect_problem(server->get("/jobs/" + job, as_bob), 404, "no-such-job");
  expect_problem(server->request("DELETE", "/jobs/" + job, "", as_bob), 404, "no-such-job");
  expect_problem(server->get("/scenarios/" + scenario, as_bob), 404);
  expect_problem(submit(*server, scenario, quick_inputs, as_bob), 400);
  EXPECT_TRUE(server->get("/jobs", as_bob).json()["jobs"].empty());
  EXPECT_EQ(server->get("/jobs/" + job, as_alice).status, 200);

  EXPECT_EQ(
      wait_for_status(*server, job, {"successful", "failed"}, 60s, as_alice).value("status", ""),
      "successful");

  // A slow client sends half a header and stops: the read timeout (1 s) closes it, and
  // meanwhile other requests are served at once.
  server::http_test::TestClient slow(server->port());
  slow.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Half: ");
  const auto before = std::chrono::steady_clock::now();
  EXPECT_EQ(server->get("/healthz").status, 200);
  EXPECT_LT(std::chrono::steady_clock::now() - before, 900ms);
  EXPECT_TRUE(slow.closed_within(5s));
  EXPECT_GT(std::chrono::steady_clock::now() - before, 700ms);
  EXPECT_EQ(server->get("/healthz").status, 200);
  EXPECT_TRUE(server->running());
}

}  // namespace
}  // namespace twin::test
