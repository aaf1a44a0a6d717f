#pragma once
// One process run on scenarios in memory: solve, optionally solve or take a reference and
// add difference layers, the solver's statistics, provenance. The job executor (files in the
// data directory) and `twinsolve run` (files on the command line) both call this.
#include <atomic>
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "twin/data/scenario.hpp"
#include "twin/solvers/params.hpp"
#include "twin/solvers/solver.hpp"

namespace twin::jobs {

// What to compare against: a scenario to solve with the same parameters, or the result of an
// earlier run. Both null = no difference layers.
struct Reference {
  const data::Scenario* scenario = nullptr;
  const data::Scenario* result = nullptr;
};

struct ProcessRun {
  data::Scenario result;  // result layers (+ <layer>_diff), provenance stamped and finished
  // The solver's statistics(); with a reference, its compare_statistics() under "comparison".
  nlohmann::json statistics = nlohmann::json::object();
  std::uint64_t cells = 0;  // cells solved, both runs counted
};

using RunProgress = std::function<void(double percent, const std::string& message)>;

// `scenario` has its edits applied already (its provenance.edits are recorded). Solves
// inside a task arena of `threads` (0 = all cores); progress goes from 0 to 90 percent.
// Throws data::Error, solvers::Cancelled.
ProcessRun run_process(const solvers::Solver& solver, const solvers::Params& params,
                       const data::Scenario& scenario, Reference reference, int threads,
                       const std::atomic<bool>& cancel, const RunProgress& progress);

// Solves `window` of `scenario` inside a task arena of `threads` (0 = all cores), mapping the
// solver's progress fractions onto [from, to] percent. Throws solvers::Cancelled.
solvers::LayerSet solve_window(const solvers::Solver& solver, const data::Scenario& scenario,
                               const solvers::Params& params, const data::Window& window,
                               int threads, const std::atomic<bool>& cancel,
                               const RunProgress& progress, double from, double to,
                               const std::string& message);

// What run_process does after solving, for layers solved elsewhere (the tiles of a tiled
// run, merged): the statistics over the whole grid, difference layers against the solved
// reference layers or an earlier result, provenance. `run.result.provenance` must be stamped.
void finish_process_run(ProcessRun& run, const solvers::Solver& solver,
                        const solvers::Params& params, const data::Scenario& scenario,
                        solvers::LayerSet layers, const solvers::LayerSet* reference_layers,
                        const data::Scenario* reference_result);

}  // namespace twin::jobs
