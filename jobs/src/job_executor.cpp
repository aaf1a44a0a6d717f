#include "twin/jobs/job_executor.hpp"

#include <filesystem>
#include <fstream>
#include <system_error>

#include <tbb/task_arena.h>

#include "twin/data/atomic_output.hpp"
#include "twin/data/error.hpp"
#include "twin/data/hdf5_store.hpp"
#include "twin/jobs/difference.hpp"
#include "twin/jobs/edits.hpp"
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

// Runs the solver over the whole grid inside an arena of the job's thread budget, mapping
// its progress fractions onto [from, to] percent of the job.
solvers::LayerSet solve(const solvers::Solver& solver, const data::Scenario& scenario,
                        const solvers::Params& params, int threads, const std::atomic<bool>& cancel,
                        const JobExecutor::Progress& progress, double from, double to,
                        const std::string& message) {
  solvers::RunContext context(
      [&](double fraction) {
        if (progress) progress(from + (to - from) * std::clamp(fraction, 0.0, 1.0), message);
      },
      &cancel, threads);
  tbb::task_arena arena(threads > 0 ? threads : tbb::task_arena::automatic);
  solvers::LayerSet layers;
  arena.execute([&] { layers = solver.solve(scenario, params, scenario.grid().full(), context); });
  context.check_cancelled();
  return layers;
}

void write_summary(const std::filesystem::path& path, const ExecutionSummary& summary) {
  nlohmann::json layers = nlohmann::json::array();
  for (const auto& layer : summary.layers)
    layers.push_back({{"name", layer.name}, {"units", layer.units}, {"description", layer.description}});
  data::AtomicOutput out(path);
  {
    std::ofstream file(out.temporary());
    file << nlohmann::json{{"layers", layers}, {"cells", summary.cells}, {"statistics", summary.statistics}}.dump(2)
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
                         const DataDir& dir, data::MemoryBudget budget, int threads_per_job)
    : registry_(registry), catalog_(catalog), dir_(dir), budget_(budget), threads_(threads_per_job) {}

data::Scenario JobExecutor::edited_scenario(const Job& job) const {
  data::Scenario scenario = catalog_.load(job.request.scenario_id, budget_);
  if (!job.request.edits.empty()) apply_edits(scenario, job.request.edits);  // validates first
  return scenario;
}

ExecutionSummary JobExecutor::execute(const Job& job, const std::atomic<bool>& cancel,
                                      const Progress& progress) const {
  const auto& solver = find_solver(registry_, job.request.process);
  const auto params = solvers::resolve(solver.params(), job.request.parameters);
  const bool has_reference = !job.request.reference_id.empty();
  const double solve_share = has_reference ? 45.0 : 90.0;

  if (progress) progress(0.0, "loading scenario");
  data::Scenario scenario = edited_scenario(job);
  auto layers = solve(solver, scenario, params, threads_, cancel, progress, 0.0, solve_share, "solving");
  ExecutionSummary summary;
  summary.statistics = solver.statistics(scenario, layers, params);

  data::Scenario result(scenario.grid());
  result.info = scenario.info;
  for (auto& [name, layer] : layers) result.set_layer(name, std::move(layer));
  summary.cells = static_cast<std::uint64_t>(scenario.grid().cells());

  if (has_reference) {
    data::Scenario reference_result;
    const auto& ref = job.request.reference_id;
    if (catalog_.get(ref)) {
      // A scenario: solved as it is, with the same process and parameters.
      const data::Scenario reference = catalog_.load(ref, budget_);
      auto ref_layers = solve(solver, reference, params, threads_, cancel, progress, 45.0, 90.0,
                              "solving the reference");
      reference_result = data::Scenario(reference.grid());
      for (auto& [name, layer] : ref_layers) reference_result.set_layer(name, std::move(layer));
      summary.cells += static_cast<std::uint64_t>(reference.grid().cells());
    } else {
      // A finished job of the same process: its result file is the reference.
      data::ReadOptions options;
      options.budget = budget_;
      reference_result = data::read_scenario(dir_.result_file(ref), options);
    }
    for (auto& [name, layer] : difference_layers(result, reference_result)) result.set_layer(name, std::move(layer));
  }

  result.provenance.stamp(job.request.process);
  result.provenance.model_version = std::string(solver.model_version());
  result.provenance.parameters = params.json();
  result.provenance.parameters["job"] = job.id;
  result.provenance.parameters["scenario"] = job.request.scenario_id;
  if (has_reference) result.provenance.parameters["reference"] = job.request.reference_id;
  result.provenance.input_sha256 = scenario.content_digests();
  result.provenance.edits = scenario.provenance.edits;
  result.provenance.finish();

  for (const auto& [name, layer] : result.layers()) summary.layers.push_back({name, layer.units, layer.description});

  if (progress) progress(solve_share + (has_reference ? 45.0 : 0.0), "writing results");
  std::error_code error;
  std::filesystem::create_directories(dir_.job_dir(job.id), error);
  if (error) throw Error(ErrorCode::io_error, "cannot create " + dir_.job_dir(job.id).string());
  // A re-run after a crash overwrites by rename: the result is whole or absent, never half.
  data::write_scenario(result, dir_.result_file(job.id));
  write_summary(dir_.job_dir(job.id) / "result.json", summary);
  if (progress) progress(100.0, "results written");
  return summary;
}

}  // namespace twin::jobs
