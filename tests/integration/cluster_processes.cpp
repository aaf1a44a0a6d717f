#include "integration/cluster_processes.hpp"

#include <gtest/gtest.h>

#include <cstring>

#include "twin/data/hdf5_store.hpp"

namespace twin::test {

using namespace std::chrono_literals;

std::unique_ptr<ChildProcess> start_worker(const std::string& bin, const std::string& url,
                                           const std::filesystem::path& root,
                                           const std::string& name,
                                           const std::vector<std::string>& extra) {
  std::vector<std::string> argv{bin,       "--threads", "1",          "worker",
                                "--queue", url,         "--data-dir", (root / "data").string()};
  argv.insert(argv.end(), extra.begin(), extra.end());
  auto worker = std::make_unique<ChildProcess>(argv, root / (name + ".log"));
  EXPECT_TRUE(worker->wait_for_log("twinsolve worker ", 30s)) << worker->log();
  return worker;
}

std::string create_demo(const ServeProcess& api) {
  const auto response = api.post_json("/scenarios", {{"demo", {{"size_km", 1}, {"cell_m", 5}}}});
  EXPECT_EQ(response.status, 201) << response.body;
  return response.json().value("id", "");
}

std::string submit_heat(const ServeProcess& api, const std::string& scenario,
                        nlohmann::json inputs) {
  inputs["scenario"] = scenario;
  const auto response = api.post_json("/processes/heat/execution", {{"inputs", inputs}},
                                      {{"Prefer", "respond-async"}});
  EXPECT_EQ(response.status, 201) << response.body;
  return response.json().value("jobID", "");
}

void expect_same_layers(const std::filesystem::path& a, const std::filesystem::path& b,
                        const std::string& other) {
  const auto first = data::read_scenario(a);
  const auto second = data::read_scenario(b);
  ASSERT_EQ(first.layers().size(), second.layers().size());
  for (const auto& [name, layer] : first.layers()) {
    ASSERT_TRUE(second.layers().count(name)) << name;
    const auto x = layer.to_float();
    const auto y = second.layers().find(name)->second.to_float();
    ASSERT_EQ(x.values.size(), y.values.size()) << name;
    std::size_t differing = 0;
    for (std::size_t i = 0; i < x.values.size(); ++i)
      if (std::memcmp(&x.values[i], &y.values[i], sizeof(float)) != 0) ++differing;
    EXPECT_EQ(differing, 0u) << name << ": cells that differ from " << other;
  }
}

}  // namespace twin::test
