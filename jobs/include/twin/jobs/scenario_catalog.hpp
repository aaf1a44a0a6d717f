#pragma once
// The scenarios the service knows: HDF5 files in the data directory, each with a small JSON
// record (owner, name, grid, layers, tables) so listing never opens HDF5.
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "twin/data/grid_spec.hpp"
#include "twin/data/memory_budget.hpp"
#include "twin/data/scenario.hpp"
#include "twin/jobs/data_dir.hpp"
#include "twin/jobs/job.hpp"

namespace twin::jobs {

struct ScenarioRecord {
  std::string id;
  std::string owner;  // API key name; empty without keys
  std::string name;
  std::string description;
  Millis created = 0;
  data::GridSpec grid;
  std::vector<std::string> layers;
  std::vector<std::string> tables;  // "name (rows)" is not stored; rows are in table_rows
  std::vector<std::size_t> table_rows;
  std::uint64_t bytes = 0;  // file size
  std::string origin;       // "upload", "demo", "job"
};

nlohmann::json to_json(const ScenarioRecord& record);
ScenarioRecord scenario_record_from_json(const nlohmann::json& j);  // data::Error(parse_error)

class ScenarioCatalog {
 public:
  // Loads the records found in the data directory (files without a record are ignored;
  // an unreadable record is skipped with its path in `skipped()`).
  explicit ScenarioCatalog(const DataDir& dir);

  // Writes a scenario (atomically) and records it.
  ScenarioRecord add(const data::Scenario& scenario, const std::string& owner, std::string origin);
  // Takes an uploaded HDF5 file (any path in the same file system, e.g. data-dir/tmp/): checks
  // that it is a twinsolve scenario within the budget and moves it into place. Throws
  // data::Error(not_a_scenario | corrupt_file | ...) and removes the upload on failure.
  ScenarioRecord add_file(const std::filesystem::path& upload, const std::string& owner,
                          const std::string& name, const data::MemoryBudget& budget);

  std::optional<ScenarioRecord> get(const std::string& id) const;
  // Oldest first; nullopt owner = all.
  std::vector<ScenarioRecord> list(const std::optional<std::string>& owner) const;
  bool remove(const std::string& id);  // false when unknown

  std::filesystem::path file(const std::string& id) const { return dir_.scenario_file(id); }
  // Reads the scenario (all layers), within the budget.
  data::Scenario load(const std::string& id, const data::MemoryBudget& budget) const;
  const std::vector<std::filesystem::path>& skipped() const { return skipped_; }

 private:
  ScenarioRecord record_for(const data::Scenario& scenario, const std::string& id,
                            const std::string& owner, std::string origin) const;
  void store_record(const ScenarioRecord& record);

  DataDir dir_;
  mutable std::mutex mutex_;
  std::vector<ScenarioRecord> records_;
  std::vector<std::filesystem::path> skipped_;
};

}  // namespace twin::jobs
