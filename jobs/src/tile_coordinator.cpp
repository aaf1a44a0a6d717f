#include "tile_coordinator.hpp"

#include <new>
#include <thread>

#include "twin/data/error.hpp"
#include "twin/solvers/solver.hpp"

namespace twin::jobs {

std::string tile_owner(const std::string& owner) { return owner + " (tiles)"; }

std::vector<std::string> TileCoordinator::submit_tiles(const Job& job,
                                                       const std::vector<Tile>& tiles) const {
  std::vector<std::string> ids;
  for (const Tile& tile : tiles) {
    JobRequest request = job.request;
    request.owner = tile_owner(job.request.owner);
    // A job delivered again (its worker died) finds the tiles it submitted before.
    request.idempotency_key = "tile:" + job.id + ":" + std::to_string(tile.index);
    request.cells = static_cast<std::uint64_t>(tile.window.cells());
    request.tile = TileTask{job.id, tile.index, static_cast<int>(tiles.size()), tile.window};
    ids.push_back(queue_.submit(std::move(request)).job.id);
  }
  return ids;
}

std::uint64_t TileCoordinator::run_here(const Job& tile, const std::atomic<bool>& cancel,
                                        const std::atomic<bool>& interrupt,
                                        const std::function<void(double)>& progress) const {
  try {
    const auto cells =
        executor_.execute_tile(tile, cancel, [&](double percent, const std::string& message) {
          queue_.report_progress(tile.id, percent, message);
          progress(percent);
        });
    queue_.complete(tile.id);
    return cells;
  } catch (const QueueUnavailable&) {
    throw;
  } catch (const solvers::Cancelled&) {
    if (!interrupt.load()) queue_.mark_dismissed(tile.id);  // else it runs again after a restart
  } catch (const data::Error& e) {
    queue_.fail(tile.id, JobError{std::string(data::error_code_name(e.code())), e.what()});
  } catch (const std::bad_alloc&) {
    queue_.fail(tile.id,
                JobError{"out-of-memory", "the tile needed more memory than the machine has"});
  } catch (const std::exception& e) {
    queue_.fail(tile.id, JobError{"internal", e.what()});
  }
  return 0;
}

void TileCoordinator::dismiss_all(const std::vector<std::string>& ids) const {
  for (const auto& id : ids) {
    try {
      queue_.dismiss(id);
    } catch (const std::exception&) {
      // Best effort: a tile left running finishes into a directory nobody merges.
    }
  }
}

std::uint64_t TileCoordinator::run(const Job& job, const std::vector<Tile>& tiles,
                                   const std::atomic<bool>& cancel,
                                   const std::atomic<bool>& interrupt) const {
  const std::vector<std::string> ids = submit_tiles(job, tiles);
  std::uint64_t solved_here = 0;
  const double n = static_cast<double>(ids.size());
  for (;;) {
    if (cancel.load()) {
      if (!interrupt.load()) {  // dismissed for good; an interrupted job runs again and reuses them
        dismiss_all(ids);
        executor_.discard_tiles(job.id);
      }
      throw solvers::Cancelled{};
    }
    std::size_t done = 0;
    double percent = 0;  // sum over the tiles
    std::vector<std::pair<std::string, double>>
        waiting;  // accepted, or running here or elsewhere: id, percent
    for (std::size_t i = 0; i < ids.size(); ++i) {
      const auto tile = queue_.get(ids[i]);
      if (!tile)
        throw TileFailed(
            JobError{"internal", "tile task " + ids[i] + " of job " + job.id + " is gone"});
      switch (tile->status) {
        case JobStatus::successful:
          ++done;
          percent += 100.0;
          break;
        case JobStatus::failed:
        case JobStatus::dismissed: {
          dismiss_all(ids);
          executor_.discard_tiles(job.id);
          const auto& w = tiles[i].window;
          const std::string where =
              "tile " + std::to_string(i + 1) + " of " + std::to_string(ids.size()) + " (columns " +
              std::to_string(w.col0) + "-" + std::to_string(w.col0 + w.ncols - 1) + ", rows " +
              std::to_string(w.row0) + "-" + std::to_string(w.row0 + w.nrows - 1) + ")";
          if (tile->status == JobStatus::dismissed)
            throw TileFailed(JobError{"internal", where + " was dismissed on its own"});
          const JobError e = tile->error.value_or(JobError{"internal", "no error recorded"});
          throw TileFailed(JobError{e.code, where + " failed: " + e.message});
        }
        case JobStatus::accepted:
          waiting.emplace_back(ids[i], 0.0);
          break;
        case JobStatus::running:
          percent += tile->progress;
          waiting.emplace_back(ids[i], tile->progress);
          break;
      }
    }
    if (done == ids.size()) break;
    const std::string message =
        "tiles: " + std::to_string(done) + " of " + std::to_string(ids.size()) + " done";
    queue_.report_progress(job.id, 90.0 * percent / (100.0 * n), message);
    bool ran = false;
    for (const auto& [id, before] : waiting) {
      if (const auto tile = queue_.claim_job(id)) {
        // The job's progress follows the tile solved here (the others' as last read).
        const double others = percent - before;
        solved_here += run_here(*tile, cancel, interrupt, [&](double tile_percent) {
          queue_.report_progress(job.id, 90.0 * (others + tile_percent) / (100.0 * n), message);
        });
        ran = true;
        break;
      }
    }
    if (!ran) std::this_thread::sleep_for(poll_);
  }
  executor_.merge(job, tiles, [&](double percent, const std::string& message) {
    queue_.report_progress(job.id, percent, message);
  });
  return solved_here;
}

}  // namespace twin::jobs
