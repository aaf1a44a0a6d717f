#pragma once
// The coordinator of a tiled job (docs/jobs.md, "Tiled runs"): the worker that claimed the job
// submits one tile task per tile to the queue, runs tiles itself while any is waiting (so a
// job's tiles finish even when no other worker is free), follows the others' progress,
// cancels the tiles when the job is dismissed, fails the job when a tile fails, and merges
// the tiles into the job's result.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "twin/jobs/job_executor.hpp"
#include "twin/jobs/queue.hpp"
#include "twin/jobs/tiling.hpp"

namespace twin::jobs {

// A tile failed (or was dismissed on its own): the job fails with this error.
struct TileFailed : std::runtime_error {
  explicit TileFailed(JobError e) : std::runtime_error(e.message), error(std::move(e)) {}
  JobError error;
};

// The owner tile tasks are queued under: not the job owner's, so they neither show in the
// owner's job list nor count against the owner's limit of active jobs, and owners still take
// turns (the tiles of one owner's job compete as one owner).
std::string tile_owner(const std::string& owner);

class TileCoordinator {
 public:
  TileCoordinator(Queue& queue, const JobExecutor& executor, std::chrono::milliseconds poll)
      : queue_(queue), executor_(executor), poll_(poll) {}

  // Returns the cells of the tiles solved by this worker (the others count theirs), for the
  // cells-computed metric. Throws solvers::Cancelled when `cancel` is raised (the tiles are
  // dismissed unless `interrupt` says the worker is only shutting down), TileFailed,
  // data::Error, QueueUnavailable.
  std::uint64_t run(const Job& job, const std::vector<Tile>& tiles, const std::atomic<bool>& cancel,
                    const std::atomic<bool>& interrupt) const;

 private:
  std::vector<std::string> submit_tiles(const Job& job, const std::vector<Tile>& tiles) const;
  // Runs a claimed tile task here and records its outcome; returns the cells solved.
  // `progress` gets the tile's percent.
  std::uint64_t run_here(const Job& tile, const std::atomic<bool>& cancel, const std::atomic<bool>& interrupt,
                const std::function<void(double)>& progress) const;
  void dismiss_all(const std::vector<std::string>& ids) const;

  Queue& queue_;
  const JobExecutor& executor_;
  std::chrono::milliseconds poll_;
};

}  // namespace twin::jobs
