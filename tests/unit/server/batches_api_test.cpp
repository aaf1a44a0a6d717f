// POST /batches, GET /batches, GET /batches/{id} without sockets: a batch's jobs run and its
// counts follow them; every bad request is refused whole, naming the item; limits;
// Idempotency-Key; other keys' batches are invisible.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "support/api_fixture.hpp"
#include "twin/jobs/batch.hpp"
#include "twin/jobs/batch_store.hpp"

namespace twin::test {
namespace {

using Json = nlohmann::json;

Json item(const std::string& scenario, Json extra = Json::object()) {
  Json inputs{{"scenario", scenario}};
  for (const auto& [key, value] : extra.items()) inputs[key] = value;
  return {{"process", "test-scale"}, {"inputs", inputs}};
}

std::string batch_body(const std::vector<Json>& items, const std::string& name = {}) {
  Json body{{"items", items}};
  if (!name.empty()) body["name"] = name;
  return body.dump();
}

// Polls GET /batches/{id} until no job is accepted or running.
Json wait_batch(ApiFixture& api, const std::string& id, const std::string& token = {}) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  Json body;
  do {
    body = api.json(api.request("GET", "/batches/" + id, {}, token));
    const auto status = body.value("status", "");
    if (status != "accepted" && status != "running") return body;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  } while (std::chrono::steady_clock::now() < until);
  return body;
}

TEST(BatchesApi, ABatchsJobsRunAndItsCountsFollowThem) {
  ApiFixtureOptions options;
  options.workers = 2;
  ApiFixture api("batches_run", options);
  const auto scenario = api.add_scenario();
  const auto created = api.request(
      "POST", "/batches",
      batch_body({item(scenario, {{"factor", 1}}), item(scenario, {{"factor", 3}}), item(scenario, {{"fail", true}})},
                 "reporting 2030"));
  ASSERT_EQ(created.status, 201) << created.body;
  const auto first = api.json(created);
  const auto id = first["batchID"].get<std::string>();
  EXPECT_EQ(created.header("Location").value_or(""), "/batches/" + id);
  EXPECT_EQ(first["items"], 3);
  EXPECT_EQ(first["name"], "reporting 2030");
  ASSERT_EQ(first["jobs"].size(), 3u);

  const auto done = wait_batch(api, id);
  EXPECT_EQ(done["status"], "failed") << done.dump();
  EXPECT_EQ(done["counts"]["successful"], 2);
  EXPECT_EQ(done["counts"]["failed"], 1);
  EXPECT_EQ(done["counts"]["accepted"], 0);
  EXPECT_EQ(done["progress"], 100);
  for (std::size_t i = 0; i < 3; ++i) {
    const auto& job = done["jobs"][i];
    EXPECT_EQ(job["index"], i);
    EXPECT_EQ(job["jobID"], first["jobs"][i]["jobID"]);
    EXPECT_EQ(job["links"][0]["href"], "/jobs/" + job["jobID"].get<std::string>());
    // Each item is an ordinary job, with its own status and results.
    const auto status = api.json(api.request("GET", "/jobs/" + job["jobID"].get<std::string>()));
    EXPECT_EQ(status["status"], job["status"]);
  }
  EXPECT_EQ(done["jobs"][0]["status"], "successful");
  ASSERT_EQ(done["jobs"][1]["links"].size(), 2u);
  const auto results_href = done["jobs"][1]["links"][1]["href"].get<std::string>();
  const auto results = api.json(api.request("GET", results_href));
  EXPECT_TRUE(results.contains("scaled")) << results.dump();
  EXPECT_EQ(done["jobs"][2]["status"], "failed");
  EXPECT_EQ(done["jobs"][2]["error"]["code"], "invalid-value");
  EXPECT_EQ(done["jobs"][2]["links"].size(), 1u) << "no results link for a failed job";

  const auto list = api.json(api.request("GET", "/batches"));
  ASSERT_EQ(list["batches"].size(), 1u);
  EXPECT_EQ(list["batches"][0]["batchID"], id);
  EXPECT_EQ(list["batches"][0]["items"], 3);
}

TEST(BatchesApi, AllSuccessfulMeansSuccessfulAndTheListIsNewestFirst) {
  ApiFixture api("batches_list");
  const auto scenario = api.add_scenario();
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) {
    const auto created = api.request("POST", "/batches", batch_body({item(scenario)}));
    ASSERT_EQ(created.status, 201) << created.body;
    ids.push_back(api.json(created)["batchID"].get<std::string>());
    std::this_thread::sleep_for(std::chrono::milliseconds(2));  // distinct creation times
  }
  EXPECT_EQ(wait_batch(api, ids[0])["status"], "successful");
  const auto list = api.json(api.request("GET", "/batches?limit=2"));
  ASSERT_EQ(list["batches"].size(), 2u);
  EXPECT_EQ(list["batches"][0]["batchID"], ids[2]);
  EXPECT_EQ(list["batches"][1]["batchID"], ids[1]);
  bool has_next = false;
  for (const auto& link : list["links"]) has_next |= link["rel"] == "next";
  EXPECT_TRUE(has_next);
  const auto rest = api.json(api.request("GET", "/batches?limit=2&offset=2"));
  ASSERT_EQ(rest["batches"].size(), 1u);
  EXPECT_EQ(rest["batches"][0]["batchID"], ids[0]);
}

struct BadBatch {
  std::string what;
  std::string body;  // {scenario} is replaced
  int status;
  std::string detail;
};

TEST(BatchesApi, ABadItemRefusesTheWholeBatchAndNamesIt) {
  ApiFixtureOptions options;
  options.limits.max_job_cells = 30 * 30;
  options.limits.max_batch_items = 4;
  ApiFixture api("batches_bad", options);
  const auto scenario = api.add_scenario();
  const auto big = api.add_scenario("", 40, 40);
  const std::string good = R"({"process": "test-scale", "inputs": {"scenario": "{scenario}"}})";
  const std::vector<BadBatch> table{
      {"malformed json", R"({"items": [)", 400, "malformed JSON"},
      {"not an object", "[1]", 400, "must be an object"},
      {"no items", "{}", 400, "\"items\""},
      {"items not an array", R"({"items": {}})", 400, "\"items\""},
      {"empty items", R"({"items": []})", 400, "non-empty"},
      {"unknown member", R"({"items": [)" + good + R"(], "colour": 1})", 400, "unknown member 'colour'"},
      {"name not a string", R"({"items": [)" + good + R"(], "name": 3})", 400, "name"},
      {"too many items", R"({"items": [)" + good + "," + good + "," + good + "," + good + "," + good + "]}", 413,
       "at most 4"},
      {"item not an object", R"({"items": [)" + good + R"(, 7]})", 400, "items[1]: must be an object"},
      {"item without process", R"({"items": [{"inputs": {"scenario": "{scenario}"}}]})", 400, "items[0]: process"},
      {"unknown process", R"({"items": [)" + good + R"(, {"process": "magic", "inputs": {}}]})", 400,
       "items[1]: there is no process 'magic'"},
      {"unknown item member", R"({"items": [{"process": "test-scale", "inputs": {}, "x": 1}]})", 400,
       "items[0]: unknown member 'x'"},
      {"item without inputs", R"({"items": [{"process": "test-scale"}]})", 400, "items[0]: needs an \"inputs\""},
      {"inputs not an object", R"({"items": [{"process": "test-scale", "inputs": [1]}]})", 400,
       "items[0]: inputs must be an object"},
      {"unknown scenario", R"({"items": [)" + good + R"(, {"process": "test-scale", "inputs": {"scenario": "aaaaaaaaaaaaaaaaaaaaaaaaaa"}}]})",
       400, "items[1]: inputs.scenario: there is no scenario"},
      {"parameter out of range", R"({"items": [{"process": "test-scale", "inputs": {"scenario": "{scenario}", "factor": 1000}}]})",
       400, "items[0]: inputs: "},
      {"invalid edit", R"({"items": [)" + good + "," + good +
                           R"(, {"process": "test-scale", "inputs": {"scenario": "{scenario}", "edits": [{"op": "flood"}]}}]})",
       400, "items[2]: edits[0]"},
      {"scenario too large", R"({"items": [{"process": "test-scale", "inputs": {"scenario": ")" + big + R"("}}]})",
       413, "items[0]: the scenario has 1600 cells"},
  };
  for (const auto& bad : table) {
    std::string body = bad.body;
    for (auto at = body.find("{scenario}"); at != std::string::npos; at = body.find("{scenario}"))
      body.replace(at, 10, scenario);
    const auto response = api.request("POST", "/batches", body);
    EXPECT_EQ(response.status, bad.status) << bad.what << ": " << response.body;
    EXPECT_EQ(response.header("Content-Type").value_or(""), "application/problem+json") << bad.what;
    const auto problem = Json::parse(response.body, nullptr, false);
    EXPECT_NE(problem.value("detail", "").find(bad.detail), std::string::npos) << bad.what << ": " << response.body;
  }
  EXPECT_TRUE(api.queue->list({}).empty()) << "a refused batch queues nothing";
  EXPECT_TRUE(api.json(api.request("GET", "/batches"))["batches"].empty());

  const auto wrong_type = api.request("POST", "/batches", "items", {}, {{"content-type", "text/plain"}});
  EXPECT_EQ(wrong_type.status, 415);
  EXPECT_EQ(api.request("DELETE", "/batches").status, 405);
  EXPECT_EQ(api.request("POST", "/batches/aaaaaaaaaaaaaaaaaaaaaaaaaa").status, 405);
  EXPECT_EQ(api.request("GET", "/batches/aaaaaaaaaaaaaaaaaaaaaaaaaa").status, 404);
  EXPECT_EQ(api.request("GET", "/batches/..%2F..%2Fetc").status, 404);
  EXPECT_EQ(api.request("GET", "/batches/x/y").status, 404);
  EXPECT_EQ(api.request("GET", "/batches?limit=-1").status, 400);
}

TEST(BatchesApi, TheWholeBatchMustFitTheKeysJobLimit) {
  ApiFixtureOptions options;
  options.limits.max_active_jobs_per_key = 3;
  ApiFixture api("batches_limit", options);
  api.runner->stop(std::chrono::milliseconds(0));  // nothing runs: the jobs stay accepted
  const auto scenario = api.add_scenario();
  ASSERT_EQ(api.request("POST", "/batches", batch_body({item(scenario), item(scenario)})).status, 201);
  const auto refused = api.request("POST", "/batches", batch_body({item(scenario), item(scenario)}));
  EXPECT_EQ(refused.status, 429) << refused.body;
  EXPECT_EQ(refused.header("Retry-After").value_or(""), "5");
  EXPECT_NE(refused.body.find("2 do not fit"), std::string::npos) << refused.body;
  EXPECT_EQ(api.queue->list({}).size(), 2u) << "nothing of the refused batch was queued";
  EXPECT_EQ(api.request("POST", "/batches", batch_body({item(scenario)})).status, 201);
}

TEST(BatchesApi, IdempotencyKeyGivesTheSameBatchEvenAtTheLimit) {
  ApiFixtureOptions options;
  options.limits.max_active_jobs_per_key = 2;
  ApiFixture api("batches_idempotency", options);
  api.runner->stop(std::chrono::milliseconds(0));  // nothing runs: the jobs stay accepted
  const auto scenario = api.add_scenario();
  const std::map<std::string, std::string> key{{"idempotency-key", "national-2030"}};
  const auto first = api.request("POST", "/batches", batch_body({item(scenario), item(scenario)}), {}, key);
  ASSERT_EQ(first.status, 201) << first.body;
  const auto again = api.request("POST", "/batches", batch_body({item(scenario), item(scenario)}), {}, key);
  ASSERT_EQ(again.status, 201) << again.body;
  EXPECT_EQ(api.json(again)["batchID"], api.json(first)["batchID"]);
  EXPECT_EQ(api.json(again)["jobs"], api.json(first)["jobs"]);
  EXPECT_EQ(api.queue->list({}).size(), 2u);
  EXPECT_EQ(api.json(api.request("GET", "/batches"))["batches"].size(), 1u);
}

TEST(BatchesApi, ARepeatCompletesABatchWhoseSubmissionStoppedPartWay) {
  // As a request that lost the queue after its first item leaves it: the record is stored
  // with its key, item 0 submitted under its item key, item 1 not.
  ApiFixtureOptions options;
  ApiFixture api("batches_resume", options);
  api.runner->stop(std::chrono::milliseconds(0));  // nothing runs: the jobs stay accepted
  const auto scenario = api.add_scenario();
  const auto created = api.json(api.request("POST", "/batches", batch_body({item(scenario), item(scenario)}),
                                            {}, {{"idempotency-key", "k1"}}));
  jobs::BatchStore store(api.dir->root() / "batches");
  auto batch = *store.read(created["batchID"].get<std::string>());
  const auto second_job = batch.items[1].job_id;
  ASSERT_TRUE(api.queue->dismiss(second_job));
  batch.items[1].job_id.clear();
  batch.id = "cccccccccccccccccccccccccc";  // a fresh batch: its item keys are unknown to the queue
  batch.items[0].job_id = api.queue->submit([&] {
    auto request = batch.items[0].request;
    request.idempotency_key = jobs::batch_item_key(batch.id, 0);
    return request;
  }()).job.id;
  const auto submitted_first = batch.items[0].job_id;
  batch.items[0].job_id.clear();  // the crash came before the record was written again
  store.write(batch);
  ASSERT_EQ(store.claim_key("", "k2", batch.id), batch.id);

  const auto shown = api.json(api.request("GET", "/batches/" + batch.id));
  EXPECT_EQ(shown["status"], "incomplete") << shown.dump();
  EXPECT_EQ(shown["counts"]["unsubmitted"], 1);
  EXPECT_EQ(shown["jobs"][0]["jobID"], submitted_first) << "found under its item key";

  const auto repeated = api.request("POST", "/batches", batch_body({item(scenario), item(scenario)}), {},
                                    {{"idempotency-key", "k2"}});
  ASSERT_EQ(repeated.status, 201) << repeated.body;
  const auto body = api.json(repeated);
  EXPECT_EQ(body["batchID"], batch.id);
  EXPECT_EQ(body["status"], "accepted");
  EXPECT_EQ(body["jobs"][0]["jobID"], submitted_first) << "item 0 was not submitted twice";
  EXPECT_EQ(body["counts"]["accepted"], 2);
  EXPECT_EQ(store.read(batch.id)->submitted(), true);
}

TEST(BatchesApi, OtherKeysBatchesAreInvisible) {
  ApiFixtureOptions options;
  options.keys_json = R"({"keys": [{"name": "utrecht", "token": "utrecht-token-0123456789"},
                                   {"name": "gelderland", "token": "gelderland-token-0123456789"},
                                   {"name": "ops", "token": "admin-token-0123456789", "admin": true}]})";
  ApiFixture api("batches_keys", options);
  const std::string utrecht = "utrecht-token-0123456789";
  const std::string gelderland = "gelderland-token-0123456789";
  const auto scenario = api.add_scenario("utrecht");
  EXPECT_EQ(api.request("GET", "/batches").status, 401);
  const auto created = api.request("POST", "/batches", batch_body({item(scenario)}), utrecht);
  ASSERT_EQ(created.status, 201) << created.body;
  const auto id = api.json(created)["batchID"].get<std::string>();
  EXPECT_EQ(api.request("GET", "/batches/" + id, {}, gelderland).status, 404);
  EXPECT_TRUE(api.json(api.request("GET", "/batches", {}, gelderland))["batches"].empty());
  // Gelderland cannot put Utrecht's scenario into a batch of its own either.
  const auto foreign = api.request("POST", "/batches", batch_body({item(scenario)}), gelderland);
  EXPECT_EQ(foreign.status, 400);
  EXPECT_NE(foreign.body.find("items[0]: inputs.scenario"), std::string::npos) << foreign.body;
  // The same Idempotency-Key from another key is another batch.
  EXPECT_EQ(api.request("GET", "/batches/" + id, {}, utrecht).status, 200);
  EXPECT_EQ(api.request("GET", "/batches/" + id, {}, "admin-token-0123456789").status, 200);
  EXPECT_EQ(api.json(api.request("GET", "/batches", {}, "admin-token-0123456789"))["batches"].size(), 1u);
}

}  // namespace
}  // namespace twin::test
