#include "twin/jobs/process_run.hpp"

#include <tbb/task_arena.h>

#include <algorithm>
#include <optional>

#include "twin/jobs/difference.hpp"

namespace twin::jobs {
namespace {

data::Scenario as_scenario(const data::GridSpec& grid, solvers::LayerSet layers) {
  data::Scenario scenario(grid);
  for (auto& [name, layer] : layers) scenario.set_layer(name, std::move(layer));
  return scenario;
}

// Difference layers against the reference's result, and the solver's comparison of the two
// (the project contribution) under statistics.comparison.
void compare_with_reference(ProcessRun& run, const solvers::Solver& solver,
                            const solvers::Params& params, const data::Scenario& scenario,
                            const data::Scenario& reference) {
  auto diffs = difference_layers(run.result, reference);  // throws unless the grids match
  auto comparison = solver.compare_statistics(scenario, run.result, reference, params);
  if (!comparison.empty()) run.statistics["comparison"] = std::move(comparison);
  for (auto& [name, layer] : diffs) run.result.set_layer(name, std::move(layer));
}

}  // namespace

solvers::LayerSet solve_window(const solvers::Solver& solver, const data::Scenario& scenario,
                               const solvers::Params& params, const data::Window& window,
                               int threads, const std::atomic<bool>& cancel,
                               const RunProgress& progress, double from, double to,
                               const std::string& message) {
  solvers::RunContext context(
      [&](double fraction) {
        if (progress) progress(from + (to - from) * std::clamp(fraction, 0.0, 1.0), message);
      },
      &cancel, threads);
  tbb::task_arena arena(threads > 0 ? threads : tbb::task_arena::automatic);
  solvers::LayerSet layers;
  arena.execute([&] { layers = solver.solve(scenario, params, window, context); });
  context.check_cancelled();
  return layers;
}

void finish_process_run(ProcessRun& run, const solvers::Solver& solver,
                        const solvers::Params& params, const data::Scenario& scenario,
                        solvers::LayerSet layers, const solvers::LayerSet* reference_layers,
                        const data::Scenario* reference_result) {
  run.statistics = solver.statistics(scenario, layers, params);
  run.cells += static_cast<std::uint64_t>(scenario.grid().cells());
  const auto provenance = run.result.provenance;
  run.result = as_scenario(scenario.grid(), std::move(layers));
  run.result.provenance = provenance;
  run.result.info = scenario.info;

  if (reference_layers != nullptr) {
    const auto reference = as_scenario(scenario.grid(), *reference_layers);
    run.cells += static_cast<std::uint64_t>(scenario.grid().cells());
    compare_with_reference(run, solver, params, scenario, reference);
  } else if (reference_result != nullptr) {
    compare_with_reference(run, solver, params, scenario, *reference_result);
  }

  auto& record = run.result.provenance;
  record.model_version = std::string(solver.model_version());
  record.parameters = params.json();
  record.input_sha256 = scenario.content_digests();
  record.edits = scenario.provenance.edits;
  record.finish();
}

ProcessRun run_process(const solvers::Solver& solver, const solvers::Params& params,
                       const data::Scenario& scenario, Reference reference, int threads,
                       const std::atomic<bool>& cancel, const RunProgress& progress) {
  const bool solve_reference = reference.scenario != nullptr;
  const double share = solve_reference ? 45.0 : 90.0;
  ProcessRun run;
  run.result.provenance.stamp(std::string(solver.name()));
  auto layers = solve_window(solver, scenario, params, scenario.grid().full(), threads, cancel,
                             progress, 0.0, share, "solving");
  std::optional<solvers::LayerSet> reference_layers;
  if (solve_reference)
    reference_layers =
        solve_window(solver, *reference.scenario, params, reference.scenario->grid().full(),
                     threads, cancel, progress, 45.0, 90.0, "solving the reference");
  finish_process_run(run, solver, params, scenario, std::move(layers),
                     reference_layers ? &*reference_layers : nullptr, reference.result);
  return run;
}

}  // namespace twin::jobs
