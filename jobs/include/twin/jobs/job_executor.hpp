#pragma once
// Runs one job from request to result file: load the scenario, apply the edits, solve, solve
// the reference when asked, add difference layers, write the result atomically. Shared by
// the queue workers (Runner) and `twinsolve run`, so both produce the same files.
#include <atomic>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "twin/data/memory_budget.hpp"
#include "twin/data/scenario.hpp"
#include "twin/jobs/data_dir.hpp"
#include "twin/jobs/job.hpp"
#include "twin/jobs/scenario_catalog.hpp"
#include "twin/jobs/tiling.hpp"
#include "twin/solvers/registry.hpp"

namespace twin::jobs {

// A result layer as listed in the results document (jobs/<id>/result.json).
struct ResultLayer {
  std::string name;
  std::string units;
  std::string description;
};

struct ExecutionSummary {
  std::vector<ResultLayer> layers;
  std::uint64_t cells = 0;  // grid cells solved (both runs when there is a reference)
  nlohmann::json statistics = nlohmann::json::object();  // the solver's planners' figures
};

// Reads jobs/<id>/result.json; nullopt when the job has no result (yet).
std::optional<ExecutionSummary> read_result_summary(const DataDir& dir, const std::string& job_id);

class JobExecutor {
 public:
  using Progress = std::function<void(double percent, const std::string& message)>;

  // `tile_cells` > 0: a job whose grid has more cells is run as tiles of about that many
  // cells (plan()); 0 = never tiled.
  JobExecutor(const solvers::Registry& registry, const ScenarioCatalog& catalog, const DataDir& dir,
              data::MemoryBudget budget, int threads_per_job, std::uint64_t tile_cells = 0);

  // Throws data::Error for bad input (unknown process, missing layer, invalid edit, ...),
  // solvers::Cancelled when `cancel` is set while solving. Writes nothing unless it succeeds:
  // the result file and its summary appear by rename.
  ExecutionSummary execute(const Job& job, const std::atomic<bool>& cancel,
                           const Progress& progress) const;

  // The scenario with the job's edits applied (what `execute` solves), for checks and tests.
  data::Scenario edited_scenario(const Job& job) const;

  // Tiled runs (docs/jobs.md, "Tiled runs"); the Runner fans the tiles out through the queue.
  // The tiles of a job: one (the whole grid) unless its grid exceeds the tile size. Throws
  // data::Error for an unknown process or bad parameters.
  std::vector<Tile> plan(const Job& job) const;
  // Solves a tile task's window (and the reference scenario's, if any) and writes its layers
  // to jobs/<parent>/tiles/<index>.h5 by rename: a tile delivered twice writes the same file.
  // Returns the cells solved.
  std::uint64_t execute_tile(const Job& tile_job, const std::atomic<bool>& cancel,
                             const Progress& progress) const;
  // Reads the tiles' layers, puts them together and writes the job's result as execute()
  // does (statistics over the whole grid, difference layers, provenance), then removes the
  // tile files.
  ExecutionSummary merge(const Job& job, const std::vector<Tile>& tiles,
                         const Progress& progress) const;
  // Removes the tile files of a job that failed or was dismissed for good (best effort: a tile
  // still finishing on another worker may write its file afterwards).
  void discard_tiles(const std::string& job_id) const;
  std::uint64_t tile_cells() const { return tile_cells_; }

 private:
  const solvers::Registry& registry_;
  const ScenarioCatalog& catalog_;
  DataDir dir_;
  data::MemoryBudget budget_;
  int threads_;
  std::uint64_t tile_cells_;
};

}  // namespace twin::jobs
