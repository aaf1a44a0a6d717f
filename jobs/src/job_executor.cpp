#include "twin/jobs/job_executor.hpp"

#include <filesystem>
#include <fstream>
#include <system_error>


#include "twin/data/atomic_output.hpp"
#include "twin/data/error.hpp"
#include "twin/data/hdf5_store.hpp"
#include "twin/jobs/process_run.hpp"
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

  if (progress) progress(0.0, "loading scenario");
  const data::Scenario scenario = edited_scenario(job);
  // The reference is a scenario of the catalog (solved here) or a finished job's result.
  std::optional<data::Scenario> reference_scenario;
  std::optional<data::Scenario> reference_result;
  Reference reference;
  if (const auto& ref = job.request.reference_id; !ref.empty()) {
    if (catalog_.get(ref)) {
      reference_scenario = catalog_.load(ref, budget_);
      reference.scenario = &*reference_scenario;
    } else {
      data::ReadOptions options;
      options.budget = budget_;
      reference_result = data::read_scenario(dir_.result_file(ref), options);
      reference.result = &*reference_result;
    }
  }
  auto run = run_process(solver, params, scenario, reference, threads_, cancel, progress);
  run.result.provenance.parameters["job"] = job.id;
  run.result.provenance.parameters["scenario"] = job.request.scenario_id;
  if (!job.request.reference_id.empty()) run.result.provenance.parameters["reference"] = job.request.reference_id;

  ExecutionSummary summary;
  summary.cells = run.cells;
  summary.statistics = std::move(run.statistics);
  for (const auto& [name, layer] : run.result.layers()) summary.layers.push_back({name, layer.units, layer.description});

  if (progress) progress(95.0, "writing results");
  std::error_code error;
  std::filesystem::create_directories(dir_.job_dir(job.id), error);
  if (error) throw Error(ErrorCode::io_error, "cannot create " + dir_.job_dir(job.id).string());
  // A re-run after a crash overwrites by rename: the result is whole or absent, never half.
  data::write_scenario(run.result, dir_.result_file(job.id));
  write_summary(dir_.job_dir(job.id) / "result.json", summary);
  if (progress) progress(100.0, "results written");
  return summary;
}

}  // namespace twin::jobs
