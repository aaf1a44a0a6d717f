// Exact mode taking its source kinds a chunk at a time: one kind per chunk gives the values of
// a single chunk to float rounding (only the order of the double sums differs), and the same
// bits on 1 and 2 threads.
#include "exact_mode.hpp"  // solvers/nitrogen (private)

#include <gtest/gtest.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "twin/data/standard_names.hpp"
#include "twin/solvers/nitrogen/nitrogen_solver.hpp"

namespace twin::solvers::nitrogen {
namespace {

namespace names = data::names;

// 2 km x 2 km at 25 m, grass with a water and a forest strip, and `n` farms on a diagonal at
// distinct stack heights, each with NH3 and (but the first) some NOx.
data::Scenario farms_scene(int n) {
  data::GridSpec grid;
  grid.x0 = 150000.0;
  grid.y0 = 460000.0;
  grid.cell = 25.0;
  grid.nx = grid.ny = 80;
  data::Scenario s(grid);
  data::Raster<std::uint8_t> lu(grid, 1, 0);
  for (std::int64_t r = 0; r < grid.ny; ++r) {
    for (std::int64_t c = 0; c < grid.nx; ++c) {
      if (c >= 20 && c < 26) lu.at(c, r) = 6;  // water
      if (r >= 50 && r < 60) lu.at(c, r) = 4;  // coniferous forest
    }
  }
  s.set_layer(std::string(names::land_use), data::make_layer(std::move(lu), "1", "test"));
  data::FeatureTable t(data::GeometryType::point, "farms");
  std::vector<double> h, heat, nh3, nox;
  for (int i = 0; i < n; ++i) {
    const double f = (i + 0.5) / n;
    t.geometries().push_back(data::Geometry{{{grid.x0 + f * 2000.0, grid.y0 - f * 2000.0}}});
    h.push_back(3.0 + 0.7 * i), heat.push_back(i % 3 == 0 ? 0.1 : 0.0),
        nh3.push_back(1000.0 + 250.0 * i), nox.push_back(40.0 * i);
  }
  t.set_column({std::string(names::source_height), "m", h});
  t.set_column({std::string(names::source_heat), "MW", heat});
  t.set_column({std::string(names::source_nh3), "kg yr-1", nh3});
  t.set_column({std::string(names::source_nox), "kg yr-1", nox});
  s.set_table(std::string(names::nitrogen_sources), std::move(t));
  return s;
}

std::array<data::Raster<float>, 6> exact(const data::Scenario& s, std::size_t budget, int threads) {
  const NitrogenSolver solver;
  detail::NitrogenSettings settings =
      detail::read_settings(resolve(solver.params(), {{"max_distance_m", 20e3}}));
  settings.table_budget_bytes = budget;
  const detail::Sources sources = detail::make_sources(s, settings);
  RunContext context({}, nullptr, threads);
  tbb::task_arena arena(threads);
  return arena.execute(
      [&] { return detail::exact_fields(s, settings, sources, s.grid().full(), context); });
}

TEST(NitrogenExactMode, OneKindPerChunkGivesTheSingleChunksValues) {
  const data::Scenario s = farms_scene(12);
  {
    const NitrogenSolver solver;
    const auto settings = detail::read_settings(resolve(solver.params(), nlohmann::json::object()));
    // Each farm's NH3 and NOx are kinds of their own; the first farm emits no NOx.
    ASSERT_EQ(detail::make_sources(s, settings).prepared.size(), 23u);
    ASSERT_EQ(detail::kinds_per_chunk(20e3, 1), 1u) << "a 1-byte budget takes one kind a chunk";
  }
  const auto whole = exact(s, std::size_t{1} << 30, 2);
  const auto chunked = exact(s, 1, 2);
  for (std::size_t k = 0; k < whole.size(); ++k) {
    double worst = 0;
    std::size_t positive = 0;
    for (std::size_t i = 0; i < whole[k].values.size(); ++i) {
      const double a = whole[k].values[i], b = chunked[k].values[i];
      ASSERT_TRUE(std::isfinite(a) && std::isfinite(b)) << "field " << k << " cell " << i;
      if (a > 0) ++positive, worst = std::max(worst, std::abs(a - b) / a);
    }
    EXPECT_EQ(positive, whole[k].values.size()) << "field " << k << ": every cell is reached";
    // Two float roundings of double sums that differ in their last bits.
    EXPECT_LE(worst, 2.4e-7) << "field " << k;
  }
}

TEST(NitrogenExactMode, ChunkedIsTheSameOnOneAndTwoThreads) {
  const data::Scenario s = farms_scene(6);
  const auto one = exact(s, 1, 1);
  const auto two = exact(s, 1, 2);
  for (std::size_t k = 0; k < one.size(); ++k) {
    ASSERT_EQ(one[k].values.size(), two[k].values.size());
    EXPECT_EQ(0, std::memcmp(one[k].values.data(), two[k].values.data(),
                             one[k].values.size() * sizeof(float)))
        << "field " << k;
  }
}

}  // namespace
}  // namespace twin::solvers::nitrogen
