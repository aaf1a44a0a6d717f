#include "twin/jobs/job_executor.hpp"

#include <tbb/task_arena.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <system_error>

#include "twin/data/atomic_output.hpp"
#include "twin/data/error.hpp"
#include "twin/data/hdf5_store.hpp"
#include "twin/jobs/edits.hpp"
#include "twin/jobs/process_run.hpp"
#include "twin/jobs/tiling.hpp"
#include "twin/solvers/params.hpp"

namespace twin::jobs {
namespace {

using data::Error;
using data::ErrorCode;

const solvers::Solver& find_solver(const solvers::Registry& registry, const std::string& name) {
  const auto* solver = registry.find(name);
  if (solver == nullptr) throw Error(ErrorCode::invalid_argument, "unknown process '" + name + "'");
  return *solver;
}

void write_summary(const std::filesystem::path& path, const ExecutionSummary& summary) {
  nlohmann::json layers = nlohmann::json::array();
  for (const auto& layer : summary.layers)
    layers.push_back(
        {{"name", layer.name}, {"units", layer.units}, {"description", layer.description}});
  data::AtomicOutput out(path);
  {
    std::ofstream file(out.temporary());
    file << nlohmann::json{{"layers", layers},
                           {"cells", summary.cells},
                           {"statistics", summary.statistics}}
                .dump(2)
         << '\n';
    if (!file.flush()) throw Error(ErrorCode::io_error, "cannot write " + path.string());
  }
  out.commit();
}

}  // namespace

std::optional<ExecutionSummary> read_result_summary(const DataDir& dir, const std::string& job_id) {
  std::ifstream in(dir.job_dir(job_id) / "result.json");
  if (!in) return std::nullopt;
  try {
    const auto j = nlohmann::json::parse(in);
    ExecutionSummary summary;
    summary.cells = j.value("cells", std::uint64_t{0});
    summary.statistics = j.value("statistics", nlohmann::json::object());
    for (const auto& layer : j.at("layers"))
      summary.layers.push_back({layer.at("name").get<std::string>(), layer.value("units", ""),
                                layer.value("description", "")});
    return summary;
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

JobExecutor::JobExecutor(const solvers::Registry& registry, const ScenarioCatalog& catalog,
                         const DataDir& dir, data::MemoryBudget budget, int threads_per_job,
                         std::uint64_t tile_cells)
    : registry_(registry),
      catalog_(catalog),
      dir_(dir),
      budget_(budget),
      threads_(threads_per_job),
      tile_cells_(tile_cells) {}

data::Scenario JobExecutor::edited_scenario(const Job& job) const {
  data::Scenario scenario = catalog_.load(job.request.scenario_id, budget_);
  if (!job.request.edits.empty()) apply_edits(scenario, job.request.edits);  // validates first
  return scenario;
}

namespace {

// The job's reference: a scenario of the catalog (solved with the same parameters) or a
// finished job's result.
struct LoadedReference {
  std::optional<data::Scenario> scenario;
  std::optional<data::Scenario> result;
  Reference pointers() const {
    return Reference{scenario ? &*scenario : nullptr, result ? &*result : nullptr};
  }
};

LoadedReference load_reference(const Job& job, const ScenarioCatalog& catalog, const DataDir& dir,
                               const data::MemoryBudget& budget) {
  LoadedReference loaded;
  const auto& ref = job.request.reference_id;
  if (ref.empty()) return loaded;
  if (catalog.get(ref)) {
    loaded.scenario = catalog.load(ref, budget);
  } else {
    data::ReadOptions options;
    options.budget = budget;
    loaded.result = data::read_scenario(dir.result_file(ref), options);
  }
  return loaded;
}

// jobs/<id>/result.h5 and result.json, each by rename.
ExecutionSummary write_result(const DataDir& dir, const Job& job, ProcessRun run,
                              const JobExecutor::Progress& progress) {
  run.result.provenance.parameters["job"] = job.id;
  run.result.provenance.parameters["scenario"] = job.request.scenario_id;
  if (!job.request.reference_id.empty())
    run.result.provenance.parameters["reference"] = job.request.reference_id;

  ExecutionSummary summary;
  summary.cells = run.cells;
  summary.statistics = std::move(run.statistics);
  for (const auto& [name, layer] : run.result.layers())
    summary.layers.push_back({name, layer.units, layer.description});

  if (progress) progress(95.0, "writing results");
  std::error_code error;
  std::filesystem::create_directories(dir.job_dir(job.id), error);
  if (error) throw Error(ErrorCode::io_error, "cannot create " + dir.job_dir(job.id).string());
  // A re-run after a crash overwrites by rename: the result is whole or absent, never half.
  data::write_scenario(run.result, dir.result_file(job.id));
  write_summary(dir.job_dir(job.id) / "result.json", summary);
  if (progress) progress(100.0, "results written");
  return summary;
}

std::filesystem::path tile_dir(const DataDir& dir, const std::string& parent) {
  return dir.job_dir(parent) / "tiles";
}

// jobs/<parent>/tiles/<index>.h5, or <index>.reference.h5 for the reference scenario's layers.
std::filesystem::path tile_file(const DataDir& dir, const TileTask& tile, bool reference) {
  return tile_dir(dir, tile.parent) /
         (std::to_string(tile.index) + (reference ? ".reference.h5" : ".h5"));
}

data::Scenario as_scenario(const data::GridSpec& grid, solvers::LayerSet layers) {
  data::Scenario scenario(grid);
  for (auto& [name, layer] : layers) scenario.set_layer(name, std::move(layer));
  return scenario;
}

solvers::LayerSet layers_of(data::Scenario scenario) {
  solvers::LayerSet layers;
  for (const auto& [name, layer] : scenario.layers()) layers.emplace(name, layer);
  return layers;
}

}  // namespace

ExecutionSummary JobExecutor::execute(const Job& job, const std::atomic<bool>& cancel,
                                      const Progress& progress) const {
  const auto& solver = find_solver(registry_, job.request.process);
  const auto params = solvers::resolve(solver.params(), job.request.parameters);

  if (progress) progress(0.0, "loading scenario");
  const data::Scenario scenario = edited_scenario(job);
  const LoadedReference reference = load_reference(job, catalog_, dir_, budget_);
  auto run =
      run_process(solver, params, scenario, reference.pointers(), threads_, cancel, progress);
  return write_result(dir_, job, std::move(run), progress);
}

std::vector<Tile> JobExecutor::plan(const Job& job) const {
  const auto& solver = find_solver(registry_, job.request.process);
  const auto params = solvers::resolve(solver.params(), job.request.parameters);
  const auto record = catalog_.get(job.request.scenario_id);
  if (!record || tile_cells_ == 0) return {};  // execute() says what is wrong, or runs it whole
  return plan_tiles(record->grid, tile_cells_, solver.halo_m(params));
}

std::uint64_t JobExecutor::execute_tile(const Job& tile_job, const std::atomic<bool>& cancel,
                                        const Progress& progress) const {
  if (!tile_job.request.tile)
    throw Error(ErrorCode::invalid_argument, "job " + tile_job.id + " is not a tile task");
  const TileTask& tile = *tile_job.request.tile;
  const auto& solver = find_solver(registry_, tile_job.request.process);
  const auto params = solvers::resolve(solver.params(), tile_job.request.parameters);
  if (progress) progress(0.0, "loading scenario");
  const data::Scenario scenario = edited_scenario(tile_job);
  if (tile.window.empty() || tile.window.intersect(scenario.grid().full()) != tile.window)
    throw Error(ErrorCode::invalid_argument, "tile " + std::to_string(tile.index) + " of job " +
                                                 tile.parent + " lies outside the scenario's grid");
  const LoadedReference reference = load_reference(tile_job, catalog_, dir_, budget_);
  const double share = reference.scenario ? 45.0 : 90.0;
  const auto grid = scenario.grid().sub_grid(tile.window);
  auto layers = solve_window(solver, scenario, params, tile.window, threads_, cancel, progress, 0.0,
                             share, "solving");
  std::uint64_t cells = static_cast<std::uint64_t>(tile.window.cells());
  std::error_code error;
  std::filesystem::create_directories(tile_dir(dir_, tile.parent), error);
  if (error)
    throw Error(ErrorCode::io_error, "cannot create " + tile_dir(dir_, tile.parent).string());
  if (reference.scenario) {
    auto reference_layers = solve_window(solver, *reference.scenario, params, tile.window, threads_,
                                         cancel, progress, 45.0, 90.0, "solving the reference");
    data::write_scenario(as_scenario(grid, std::move(reference_layers)),
                         tile_file(dir_, tile, true));
    cells *= 2;
  }
  if (progress) progress(95.0, "writing the tile");
  // Written last: the tile counts as done when this file exists and the task completed.
  data::write_scenario(as_scenario(grid, std::move(layers)), tile_file(dir_, tile, false));
  if (progress) progress(100.0, "tile written");
  return cells;
}

ExecutionSummary JobExecutor::merge(const Job& job, const std::vector<Tile>& tiles,
                                    const Progress& progress) const {
  const auto& solver = find_solver(registry_, job.request.process);
  const auto params = solvers::resolve(solver.params(), job.request.parameters);
  if (progress) progress(90.0, "merging tiles");
  const data::Scenario scenario = edited_scenario(job);
  const LoadedReference reference = load_reference(job, catalog_, dir_, budget_);
  const data::GridSpec& grid = scenario.grid();
  data::ReadOptions options;
  options.budget = budget_;
  solvers::LayerSet layers, reference_layers;
  for (const Tile& tile : tiles) {
    const TileTask task{job.id, tile.index, static_cast<int>(tiles.size()), tile.window};
    place_tile(layers_of(data::read_scenario(tile_file(dir_, task, false), options)), tile.window,
               grid, layers, tile.index == 0);
    if (reference.scenario)
      place_tile(layers_of(data::read_scenario(tile_file(dir_, task, true), options)), tile.window,
                 grid, reference_layers, tile.index == 0);
  }
  ProcessRun run;
  run.result.provenance.stamp(std::string(solver.name()));
  finish_process_run(run, solver, params, scenario, std::move(layers),
                     reference.scenario ? &reference_layers : nullptr,
                     reference.result ? &*reference.result : nullptr);
  auto summary = write_result(dir_, job, std::move(run), progress);
  discard_tiles(job.id);  // the result holds them now
  return summary;
}

void JobExecutor::discard_tiles(const std::string& job_id) const {
  std::error_code ignored;
  std::filesystem::remove_all(tile_dir(dir_, job_id), ignored);
}

}  // namespace twin::jobs
