// run_process with a reference: the solver's comparison (here nitrogen's project
// contribution) lands in statistics.comparison, the same whether the reference is solved in
// the run or an earlier result; no reference, or a solver without a comparison, adds none.
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <limits>

#include "twin/data/standard_names.hpp"
#include "twin/jobs/process_run.hpp"
#include "twin/solvers/nitrogen/nitrogen_solver.hpp"

namespace twin::jobs {
namespace {

namespace names = data::names;
const float kNan = std::numeric_limits<float>::quiet_NaN();

// 40 x 40 grass cells of 50 m, NH3 farms at 5 m, habitat (KDW 900) in the south-east quarter.
data::Scenario farms(const std::vector<std::pair<double, double>>& at) {
  const data::GridSpec grid{150000, 460000, 50, 40, 40, 28992};
  data::Scenario s(grid);
  s.set_layer(std::string(names::land_use),
              data::make_layer(data::Raster<std::uint8_t>(grid, static_cast<std::uint8_t>(names::LandUse::grass), 0),
                               "1", ""));
  data::Raster<float> kdw(grid, kNan, kNan);
  for (std::int64_t r = 20; r < 40; ++r)
    for (std::int64_t c = 20; c < 40; ++c) kdw.at(c, r) = 900.0f;
  s.set_layer(std::string(names::natura2000_kdw), data::make_layer(std::move(kdw), "mol ha-1 yr-1", ""));
  data::FeatureTable t(data::GeometryType::point, "farms");
  for (const auto& [x, y] : at) t.geometries().push_back(data::Geometry{{{x, y}}});
  t.set_column({std::string(names::source_height), "m", std::vector<double>(at.size(), 5.0)});
  t.set_column({std::string(names::source_nh3), "kg yr-1", std::vector<double>(at.size(), 4000.0)});
  t.set_column({std::string(names::source_nox), "kg yr-1", std::vector<double>(at.size(), 0.0)});
  s.set_table(std::string(names::nitrogen_sources), std::move(t));
  return s;
}

class ProcessRunComparison : public ::testing::Test {
 protected:
  const solvers::nitrogen::NitrogenSolver solver;
  const solvers::Params params = solvers::resolve(solver.params(), {{"max_distance_m", 1000}});
  const data::Scenario reference = farms({{150400, 459600}});
  const data::Scenario plan = farms({{150400, 459600}, {151500, 458500}});  // a farm added in the habitat
  std::atomic<bool> cancel{false};
};

TEST_F(ProcessRunComparison, ASolvedReferenceGivesTheProjectContribution) {
  const auto run = run_process(solver, params, plan, Reference{&reference, nullptr}, 1, cancel, {});
  ASSERT_TRUE(run.statistics.contains("comparison")) << run.statistics.dump();
  const auto& h = run.statistics["comparison"]["natura2000"];
  // The largest increase is the largest value of the difference layer on habitat cells.
  const auto& diff = run.result.raster<float>("dep_total_n_diff");
  const auto& kdw = plan.raster<float>(names::natura2000_kdw);
  double mx = 0;
  for (std::size_t i = 0; i < diff.values.size(); ++i)
    if (std::isfinite(kdw.values[i])) mx = std::max(mx, static_cast<double>(diff.values[i]));
  EXPECT_GT(mx, 1.0);
  EXPECT_NEAR(h["max_contribution"].get<double>(), mx, 1e-6 * mx);
  EXPECT_EQ(h["cells"].get<double>(), 400.0);
  EXPECT_GT(h["hexagons_with_increase"].get<double>(), 0.0);
  EXPECT_TRUE(run.statistics.contains("natura2000"));  // the plan's own statistics stay
}

TEST_F(ProcessRunComparison, AnEarlierResultGivesTheSameComparison) {
  const auto solved = run_process(solver, params, plan, Reference{&reference, nullptr}, 1, cancel, {});
  const auto earlier = run_process(solver, params, reference, Reference{}, 1, cancel, {});
  EXPECT_FALSE(earlier.statistics.contains("comparison"));
  const auto loaded = run_process(solver, params, plan, Reference{nullptr, &earlier.result}, 1, cancel, {});
  ASSERT_TRUE(loaded.statistics.contains("comparison"));
  EXPECT_EQ(loaded.statistics["comparison"], solved.statistics["comparison"]);
}

TEST_F(ProcessRunComparison, ThePlanAgainstItselfContributesNothing) {
  const auto run = run_process(solver, params, plan, Reference{&plan, nullptr}, 1, cancel, {});
  const auto& c = run.statistics["comparison"];
  EXPECT_EQ(c["window"]["max_contribution"].get<double>(), 0.0);
  EXPECT_EQ(c["natura2000"]["cells_with_increase"].get<double>(), 0.0);
  EXPECT_EQ(c["natura2000"]["hexagons_with_increase"].get<double>(), 0.0);
}

// A solver that does not override compare_statistics adds no comparison.
class Copy final : public solvers::Solver {
 public:
  std::string_view name() const override { return "copy"; }
  std::string_view title() const override { return "copy land use"; }
  std::string_view model_version() const override { return "1"; }
  solvers::ParamSpec params() const override { return {}; }
  std::vector<std::string> needs() const override { return {"land_use"}; }
  double halo_m(const solvers::Params&) const override { return 0; }
  solvers::LayerSet solve(const data::Scenario& s, const solvers::Params&, data::Window,
                          solvers::RunContext&) const override {
    solvers::LayerSet out;
    out.emplace("copy", data::make_layer(s.layer(names::land_use).to_float(), "1", ""));
    return out;
  }
};

TEST_F(ProcessRunComparison, NoComparisonFromASolverWithout) {
  const Copy copy;
  const auto run = run_process(copy, solvers::resolve(copy.params(), {}), plan, Reference{&reference, nullptr}, 1,
                               cancel, {});
  EXPECT_FALSE(run.statistics.contains("comparison"));
  EXPECT_TRUE(run.result.has_layer("copy_diff"));
}

}  // namespace
}  // namespace twin::jobs
