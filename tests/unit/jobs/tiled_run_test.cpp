// Tiled jobs through the embedded queue in one process: the Runner's coordinator fans the
// tiles out as tile tasks, worker threads (or the coordinator alone) solve them, and the merged
// result file equals the untiled run's; progress is the tiles' aggregate, dismissing the job
// dismisses its tiles, and a failing tile fails the job naming the tile.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <memory>
#include <thread>
#include <variant>

#include "layer_compare.hpp"
#include "test_paths.hpp"
#include "twin/data/demo_scenario.hpp"
#include "twin/data/error.hpp"
#include "twin/data/hdf5_store.hpp"
#include "twin/jobs/embedded_queue.hpp"
#include "twin/jobs/job_executor.hpp"
#include "twin/jobs/runner.hpp"
#include "twin/solvers/builtin.hpp"
#include "twin/solvers/grid_run.hpp"

namespace twin::jobs {
namespace {

using twin::test::cells_differing;

using namespace std::chrono_literals;

// Copies dtm over its window, sleeping `row_ms` per row (checking for cancellation), and
// fails in the tile holding column `fail_col` (-1 = never).
class SlowCopySolver final : public solvers::Solver {
 public:
  std::string_view name() const override { return "test-slow-copy"; }
  std::string_view title() const override { return "Test: dtm, slowly"; }
  std::string_view model_version() const override { return "test-1"; }
  solvers::ParamSpec params() const override {
    return {solvers::number_param("row_ms", "ms", 0.0, 0.0, 1000.0, "Sleep per row."),
            solvers::number_param("fail_col", "1", -1.0, -1.0, 1e6, "Column whose tile fails.")};
  }
  std::vector<std::string> needs() const override { return {"dtm"}; }
  double halo_m(const solvers::Params&) const override { return 20.0; }
  solvers::LayerSet solve(const data::Scenario& scenario, const solvers::Params& params, data::Window out,
                          solvers::RunContext& context) const override {
    const auto fail = static_cast<std::int64_t>(params.number("fail_col"));
    if (fail >= 0 && out.contains(fail, out.row0))
      throw data::Error(data::ErrorCode::invalid_value, "column " + std::to_string(fail) + " refused");
    const auto& dtm = scenario.raster<float>("dtm");
    data::Raster<float> copy(scenario.grid().sub_grid(out), 0.0f, dtm.nodata);
    for (std::int64_t r = 0; r < out.nrows; ++r) {
      context.check_cancelled();
      std::this_thread::sleep_for(std::chrono::duration<double, std::milli>(params.number("row_ms")));
      for (std::int64_t c = 0; c < out.ncols; ++c) copy.at(c, r) = dtm.at(out.col0 + c, out.row0 + r);
      context.report(static_cast<double>(r + 1) / static_cast<double>(out.nrows));
    }
    solvers::LayerSet layers;
    layers.emplace("copy", data::make_layer(std::move(copy), "m", "dtm copied"));
    return layers;
  }
};

struct Service {
  explicit Service(const std::string& name, std::uint64_t tile_cells, int workers)
      : dir(test::scratch_dir(name)), catalog(dir) {
    solvers::register_builtin_solvers(registry);
    registry.add(std::make_unique<SlowCopySolver>());
    data::DemoOptions demo;
    demo.size_km = 0.6;  // 60 x 60 cells at 10 m
    demo.cell_m = 10.0;
    scenario_id = catalog.add(data::make_demo_scenario(demo), "alice", "demo").id;
    executor = std::make_unique<JobExecutor>(registry, catalog, dir, data::MemoryBudget{}, 1, tile_cells);
    runner = std::make_unique<Runner>(queue, *executor, RunnerOptions{workers, 50ms, 50ms});
    runner->start();
  }
  ~Service() {
    queue.close();
    runner->stop(5s);
  }

  std::string submit(const std::string& process, nlohmann::json parameters, const std::string& reference = {}) {
    JobRequest request;
    request.process = process;
    request.scenario_id = scenario_id;
    request.reference_id = reference;
    request.parameters = std::move(parameters);
    request.owner = "alice";
    return queue.submit(request).job.id;
  }

  Job wait(const std::string& id, std::vector<double>* progress = nullptr) {
    const auto until = std::chrono::steady_clock::now() + 120s;
    while (std::chrono::steady_clock::now() < until) {
      const auto job = queue.get(id);
      if (job && progress) progress->push_back(job->progress);
      if (job && is_final(job->status)) return *job;
      std::this_thread::sleep_for(10ms);
    }
    ADD_FAILURE() << "job " << id << " did not finish";
    return *queue.get(id);
  }

  std::vector<Job> tiles() {
    JobFilter filter;
    filter.owner = "alice (tiles)";
    filter.limit = 1000;
    return queue.list(filter);
  }

  DataDir dir;
  ScenarioCatalog catalog;
  solvers::Registry registry;
  std::string scenario_id;
  EmbeddedQueue queue;
  std::unique_ptr<JobExecutor> executor;
  std::unique_ptr<Runner> runner;
};

const nlohmann::json kHeat = {{"svf_radius_m", 30.0}, {"svf_directions", 16}, {"hours", "10,16"}};

class TiledRun : public ::testing::TestWithParam<int> {};  // worker threads

TEST_P(TiledRun, HeatWithAReferenceMergesToTheUntiledResult) {
  const int workers = GetParam();
  Service tiled("TiledRun_heat_" + std::to_string(workers), 400, workers);  // 9 tiles of 20 x 20
  const std::string id = tiled.submit("heat", kHeat, tiled.scenario_id);
  std::vector<double> progress;
  const Job job = tiled.wait(id, &progress);
  ASSERT_EQ(job.status, JobStatus::successful) << (job.error ? job.error->message : "");

  const auto tiles = tiled.tiles();
  ASSERT_EQ(tiles.size(), 9u);
  for (const auto& tile : tiles) {
    EXPECT_EQ(tile.status, JobStatus::successful);
    ASSERT_TRUE(tile.request.tile);
    EXPECT_EQ(tile.request.tile->parent, id);
  }
  EXPECT_FALSE(std::filesystem::exists(tiled.dir.job_dir(id) / "tiles"));  // merged, removed
  // The owner's own list shows the job, not its tiles.
  JobFilter mine;
  mine.owner = "alice";
  EXPECT_EQ(tiled.queue.list(mine).size(), 1u);
  // Progress: the tiles' aggregate on the way, never backwards.
  EXPECT_EQ(progress.back(), 100.0);
  for (std::size_t i = 1; i < progress.size(); ++i) EXPECT_GE(progress[i], progress[i - 1]);

  Service whole("TiledRun_heat_whole_" + std::to_string(workers), 0, 1);
  const std::string whole_id = whole.submit("heat", kHeat, whole.scenario_id);
  ASSERT_EQ(whole.wait(whole_id).status, JobStatus::successful);
  EXPECT_TRUE(whole.tiles().empty());

  const auto merged = data::read_scenario(tiled.dir.result_file(id));
  const auto expected = data::read_scenario(whole.dir.result_file(whole_id));
  ASSERT_EQ(merged.layers().size(), expected.layers().size());
  for (const auto& [name, layer] : expected.layers()) {
    ASSERT_TRUE(merged.has_layer(name)) << name;
    EXPECT_TRUE(merged.grid().matches(expected.grid()));
    EXPECT_EQ(cells_differing(merged.layer(name), layer), 0u) << name;
  }
  EXPECT_TRUE(merged.has_layer("pet_max_diff"));
  const auto merged_summary = read_result_summary(tiled.dir, id);
  const auto expected_summary = read_result_summary(whole.dir, whole_id);
  ASSERT_TRUE(merged_summary && expected_summary);
  EXPECT_EQ(merged_summary->statistics, expected_summary->statistics);
  EXPECT_EQ(merged_summary->cells, expected_summary->cells);
}

INSTANTIATE_TEST_SUITE_P(Workers, TiledRun, ::testing::Values(1, 3));

TEST(TiledRunControl, DismissingTheJobDismissesItsTiles) {
  Service service("TiledRun_dismiss", 400, 2);
  const std::string id = service.submit("test-slow-copy", {{"row_ms", 100.0}});
  const auto until = std::chrono::steady_clock::now() + 30s;
  while (service.tiles().size() < 9 && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(10ms);
  std::this_thread::sleep_for(300ms);
  service.queue.dismiss(id);
  EXPECT_EQ(service.wait(id).status, JobStatus::dismissed);
  std::this_thread::sleep_for(500ms);  // the tile running on the other worker stops too
  for (const auto& tile : service.tiles()) EXPECT_EQ(tile.status, JobStatus::dismissed) << tile.id;
  EXPECT_FALSE(std::filesystem::exists(service.dir.result_file(id)));
}

TEST(TiledRunControl, AFailingTileFailsTheJobNamingTheTile) {
  Service service("TiledRun_fail", 400, 2);
  const std::string id = service.submit("test-slow-copy", {{"fail_col", 45.0}});  // tiles 2, 5, 8
  const Job job = service.wait(id);
  ASSERT_EQ(job.status, JobStatus::failed);
  ASSERT_TRUE(job.error);
  EXPECT_EQ(job.error->code, "invalid-value");
  EXPECT_NE(job.error->message.find("columns 40-59"), std::string::npos) << job.error->message;
  EXPECT_NE(job.error->message.find("column 45 refused"), std::string::npos) << job.error->message;
  EXPECT_FALSE(std::filesystem::exists(service.dir.result_file(id)));
}

TEST(TiledRunControl, AFailedTiledJobRemovesItsTileFiles) {
  // One worker: the coordinator runs the tiles itself, in order, so tiles 1 and 2 are written
  // before tile 3 (columns 40-59) fails, and nothing is running when it removes them. (With
  // more workers a tile finishing elsewhere at that moment may still leave its file.)
  Service service("TiledRun_fail_cleanup", 400, 1);
  const std::string id = service.submit("test-slow-copy", {{"fail_col", 45.0}, {"row_ms", 5.0}});
  const auto tiles_dir = service.dir.job_dir(id) / "tiles";
  bool seen = false;  // tile files exist while the job runs (each tile takes ~100 ms)
  const auto until = std::chrono::steady_clock::now() + 30s;
  while (!seen && std::chrono::steady_clock::now() < until) {
    seen = std::filesystem::exists(tiles_dir);
    const auto job = service.queue.get(id);
    if (job && (job->status == JobStatus::failed || job->status == JobStatus::successful)) break;
    std::this_thread::sleep_for(5ms);
  }
  EXPECT_TRUE(seen);
  ASSERT_EQ(service.wait(id).status, JobStatus::failed);
  EXPECT_FALSE(std::filesystem::exists(tiles_dir));
}

TEST(TiledRunControl, ASmallJobIsNotTiled) {
  Service service("TiledRun_small", 3600, 1);
  const std::string id = service.submit("test-slow-copy", nlohmann::json::object());
  EXPECT_EQ(service.wait(id).status, JobStatus::successful);
  EXPECT_TRUE(service.tiles().empty());
}

}  // namespace
}  // namespace twin::jobs
