#include "twin/jobs/scenario_catalog.hpp"

#include <algorithm>
#include <fstream>
#include <tuple>
#include <system_error>

#include "twin/data/atomic_output.hpp"
#include "twin/data/error.hpp"
#include "twin/data/hdf5_store.hpp"
#include "twin/data/scenario_checks.hpp"
#include "twin/jobs/job_id.hpp"

namespace twin::jobs {

nlohmann::json to_json(const ScenarioRecord& record) {
  nlohmann::json tables = nlohmann::json::array();
  for (std::size_t i = 0; i < record.tables.size(); ++i)
    tables.push_back({{"name", record.tables[i]},
                      {"rows", i < record.table_rows.size() ? record.table_rows[i] : 0}});
  return {
      {"id", record.id},
      {"owner", record.owner},
      {"name", record.name},
      {"description", record.description},
      {"created", record.created},
      {"grid",
       {{"x0", record.grid.x0},
        {"y0", record.grid.y0},
        {"cell", record.grid.cell},
        {"nx", record.grid.nx},
        {"ny", record.grid.ny},
        {"epsg", record.grid.epsg}}},
      {"layers", record.layers},
      {"tables", tables},
      {"bytes", record.bytes},
      {"origin", record.origin},
  };
}

ScenarioRecord scenario_record_from_json(const nlohmann::json& j) {
  try {
    ScenarioRecord record;
    record.id = j.at("id").get<std::string>();
    record.owner = j.value("owner", "");
    record.name = j.value("name", "");
    record.description = j.value("description", "");
    record.created = j.value("created", Millis{0});
    const auto& grid = j.at("grid");
    record.grid.x0 = grid.at("x0").get<double>();
    record.grid.y0 = grid.at("y0").get<double>();
    record.grid.cell = grid.at("cell").get<double>();
    record.grid.nx = grid.at("nx").get<std::int64_t>();
    record.grid.ny = grid.at("ny").get<std::int64_t>();
    record.grid.epsg = grid.at("epsg").get<int>();
    record.layers = j.value("layers", std::vector<std::string>{});
    for (const auto& table : j.value("tables", nlohmann::json::array())) {
      record.tables.push_back(table.at("name").get<std::string>());
      record.table_rows.push_back(table.value("rows", std::size_t{0}));
    }
    record.bytes = j.value("bytes", std::uint64_t{0});
    record.origin = j.value("origin", "");
    return record;
  } catch (const nlohmann::json::exception& e) {
    throw data::Error(data::ErrorCode::parse_error, std::string("scenario record: ") + e.what());
  }
}

ScenarioCatalog::ScenarioCatalog(const DataDir& dir) : dir_(dir) {
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(dir_.scenarios(), error)) {
    const auto& path = entry.path();
    if (path.extension() != ".json" || !is_valid_id(path.stem().string())) continue;
    try {
      std::ifstream in(path);
      auto record = scenario_record_from_json(nlohmann::json::parse(in));
      if (record.id != path.stem().string() || !std::filesystem::exists(dir_.scenario_file(record.id)))
        throw data::Error(data::ErrorCode::parse_error, "record does not match its file");
      records_.push_back(std::move(record));
    } catch (const std::exception&) {
      skipped_.push_back(path);
    }
  }
  std::sort(records_.begin(), records_.end(),
            [](const auto& a, const auto& b) { return std::tie(a.created, a.id) < std::tie(b.created, b.id); });
}

ScenarioRecord ScenarioCatalog::record_for(const data::Scenario& scenario, const std::string& id,
                                           const std::string& owner, std::string origin) const {
  ScenarioRecord record;
  record.id = id;
  record.owner = owner;
  record.name = scenario.info.name;
  record.description = scenario.info.description;
  record.created = now_millis();
  record.grid = scenario.grid();
  for (const auto& [name, layer] : scenario.layers()) record.layers.push_back(name);
  for (const auto& [name, table] : scenario.tables()) {
    record.tables.push_back(name);
    record.table_rows.push_back(table.size());
  }
  std::error_code error;
  record.bytes = std::filesystem::file_size(dir_.scenario_file(id), error);
  record.origin = std::move(origin);
  return record;
}

void ScenarioCatalog::store_record(const ScenarioRecord& record) {
  data::AtomicOutput out(dir_.scenario_record(record.id));
  {
    std::ofstream file(out.temporary());
    file << to_json(record).dump(2) << '\n';
    if (!file.flush())
      throw data::Error(data::ErrorCode::io_error, "cannot write " + out.target().string());
  }
  out.commit();
  std::lock_guard lock(mutex_);
  records_.push_back(record);
}

ScenarioRecord ScenarioCatalog::add(const data::Scenario& scenario, const std::string& owner,
                                    std::string origin) {
  const std::string id = new_id();
  data::write_scenario(scenario, dir_.scenario_file(id));
  auto record = record_for(scenario, id, owner, std::move(origin));
  store_record(record);
  return record;
}

ScenarioRecord ScenarioCatalog::add_file(const std::filesystem::path& upload, const std::string& owner,
                                         const std::string& name, const data::MemoryBudget& budget) {
  struct RemoveOnFailure {
    const std::filesystem::path& path;
    bool keep = false;
    ~RemoveOnFailure() {
      std::error_code ignored;
      if (!keep) std::filesystem::remove(path, ignored);
    }
  } guard{upload};

  // Reading everything is the check: a truncated chunk or a bad attribute fails here, not
  // in a job an hour later.
  data::ReadOptions options;
  options.budget = budget;
  data::Scenario scenario = data::read_scenario(upload, options);
  data::check_scenario(scenario);
  if (!name.empty()) scenario.info.name = name;

  const std::string id = new_id();
  std::error_code error;
  std::filesystem::rename(upload, dir_.scenario_file(id), error);
  if (error)
    throw data::Error(data::ErrorCode::io_error, "cannot move upload into the catalog: " + error.message());
  guard.keep = true;
  auto record = record_for(scenario, id, owner, "upload");
  store_record(record);
  return record;
}

std::optional<ScenarioRecord> ScenarioCatalog::get(const std::string& id) const {
  {
    std::lock_guard lock(mutex_);
    for (const auto& record : records_)
      if (record.id == id) return record;
  }
  // Another process sharing the data directory (an API pod, when this is a worker) may have
  // added it since this catalog was loaded.
  if (!is_valid_id(id) || !std::filesystem::exists(dir_.scenario_file(id))) return std::nullopt;
  try {
    std::ifstream in(dir_.scenario_record(id));
    auto record = scenario_record_from_json(nlohmann::json::parse(in));
    if (record.id != id) return std::nullopt;
    return record;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::vector<ScenarioRecord> ScenarioCatalog::list(const std::optional<std::string>& owner) const {
  std::lock_guard lock(mutex_);
  std::vector<ScenarioRecord> out;
  for (const auto& record : records_)
    if (!owner || record.owner == *owner) out.push_back(record);
  return out;
}

bool ScenarioCatalog::remove(const std::string& id) {
  {
    std::lock_guard lock(mutex_);
    auto it = std::find_if(records_.begin(), records_.end(), [&](const auto& r) { return r.id == id; });
    if (it == records_.end()) return false;
    records_.erase(it);
  }
  // Record first: a crash between the two leaves an unlisted file, never a dangling record.
  std::error_code ignored;
  std::filesystem::remove(dir_.scenario_record(id), ignored);
  std::filesystem::remove(dir_.scenario_file(id), ignored);
  return true;
}

data::Scenario ScenarioCatalog::load(const std::string& id, const data::MemoryBudget& budget) const {
  data::ReadOptions options;
  options.budget = budget;
  return data::read_scenario(dir_.scenario_file(id), options);
}

}  // namespace twin::jobs
