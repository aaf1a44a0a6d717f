#pragma once
// What the cluster tests with real processes share: `twinsolve worker` processes on a Redis
// queue, a 1 km demo scenario made through the API, heat jobs submitted to it, and the
// bit-for-bit comparison of two result files.
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "integration/serve_process.hpp"
#include "support/child_process.hpp"

namespace twin::test {

// Starts `bin --threads 1 worker --queue url --data-dir root/data <extra…>` with its log in
// root/<name>.log and waits until it says it runs.
std::unique_ptr<ChildProcess> start_worker(const std::string& bin, const std::string& url,
                                           const std::filesystem::path& root,
                                           const std::string& name,
                                           const std::vector<std::string>& extra);

// A 1 km demo scenario at 5 m (200 x 200 cells) through POST /scenarios; its id.
std::string create_demo(const ServeProcess& api);

// An asynchronous heat job with `inputs` on `scenario`; its id.
std::string submit_heat(const ServeProcess& api, const std::string& scenario,
                        nlohmann::json inputs);

// Every layer of two result files holds the same values, bit for bit (NaN equal to NaN);
// `other` names the second file in the failure message.
void expect_same_layers(const std::filesystem::path& a, const std::filesystem::path& b,
                        const std::string& other);

}  // namespace twin::test
