// Tiling: the split geometry (tile count, windows, halo clipped at the grid's edges), and the
// layers merged from tiles equal to a whole-grid run, bit for bit, for the heat, noise and
// nitrogen solvers on a small demo landscape with one and two threads.
#include "layer_compare.hpp"
#include "twin/jobs/tiling.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <string>
#include <variant>

#include "twin/data/demo_scenario.hpp"
#include "twin/data/error.hpp"
#include "twin/solvers/builtin.hpp"
#include "twin/solvers/registry.hpp"

namespace twin::jobs {
namespace {

using twin::test::cells_differing;

using data::Window;

data::GridSpec grid(std::int64_t nx, std::int64_t ny, double cell = 10.0) {
  data::GridSpec g;
  g.x0 = 150000.0;
  g.y0 = 450000.0;
  g.cell = cell;
  g.nx = nx;
  g.ny = ny;
  return g;
}

struct SplitCase {
  const char* name;
  std::int64_t nx, ny;
  std::uint64_t tile_cells;
  double halo_m;
  std::size_t tiles;
  // Checked tiles: index, window, read window.
  std::vector<std::tuple<int, Window, Window>> expect;
};

TEST(TilePlan, SplitsAndClipsTheHalo) {
  const SplitCase cases[] = {
      {"off", 100, 80, 0, 50.0, 1, {{0, {0, 0, 100, 80}, {0, 0, 100, 80}}}},
      {"fits", 100, 80, 8000, 50.0, 1, {{0, {0, 0, 100, 80}, {0, 0, 100, 80}}}},
      {"one over", 100, 80, 7999, 50.0, 2,  // side 89: two columns, one row
       {{0, {0, 0, 89, 80}, {0, 0, 94, 80}}, {1, {89, 0, 11, 80}, {84, 0, 16, 80}}}},
      {"even", 100, 100, 2500, 30.0, 4,
       {{0, {0, 0, 50, 50}, {0, 0, 53, 53}},
        {1, {50, 0, 50, 50}, {47, 0, 53, 53}},
        {2, {0, 50, 50, 50}, {0, 47, 53, 53}},
        {3, {50, 50, 50, 50}, {47, 47, 53, 53}}}},
      {"ragged", 105, 47, 400, 15.0, 18,  // side 20: 6 columns x 3 rows
       {{0, {0, 0, 20, 20}, {0, 0, 22, 22}},
        {5, {100, 0, 5, 20}, {98, 0, 7, 22}},
        {7, {20, 20, 20, 20}, {18, 18, 24, 24}},
        {17, {100, 40, 5, 7}, {98, 38, 7, 9}}}},
      {"halo rounds up", 40, 40, 400, 10.5, 4, {{3, {20, 20, 20, 20}, {18, 18, 22, 22}}}},
      {"halo beyond the grid", 40, 40, 400, 5000.0, 4, {{2, {0, 20, 20, 20}, {0, 0, 40, 40}}}},
      {"no halo", 30, 30, 100, 0.0, 9, {{4, {10, 10, 10, 10}, {10, 10, 10, 10}}}},
      {"one cell tiles", 3, 2, 1, 10.0, 6, {{4, {1, 1, 1, 1}, {0, 0, 3, 2}}}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const auto g = grid(c.nx, c.ny);
    const auto tiles = plan_tiles(g, c.tile_cells, c.halo_m);
    ASSERT_EQ(tiles.size(), c.tiles);
    std::int64_t covered = 0;
    for (std::size_t i = 0; i < tiles.size(); ++i) {
      EXPECT_EQ(tiles[i].index, static_cast<int>(i));
      EXPECT_EQ(tiles[i].window.intersect(g.full()), tiles[i].window);
      EXPECT_EQ(tiles[i].read.intersect(g.full()), tiles[i].read);
      EXPECT_EQ(tiles[i].read.intersect(tiles[i].window), tiles[i].window);
      covered += tiles[i].window.cells();
      for (std::size_t j = 0; j < i; ++j) EXPECT_TRUE(tiles[i].window.intersect(tiles[j].window).empty());
    }
    EXPECT_EQ(covered, g.cells());  // disjoint and covering
    for (const auto& [index, window, read] : c.expect) {
      EXPECT_EQ(tiles[static_cast<std::size_t>(index)].window, window) << index;
      EXPECT_EQ(tiles[static_cast<std::size_t>(index)].read, read) << index;
    }
  }
}

TEST(TilePlan, RefusesABadHalo) {
  EXPECT_THROW(plan_tiles(grid(10, 10), 4, -1.0), data::Error);
  EXPECT_THROW(plan_tiles(grid(10, 10), 4, std::nan("")), data::Error);
}

TEST(TilePlace, RefusesATileOfTheWrongSize) {
  const auto g = grid(10, 10);
  solvers::LayerSet tile, whole;
  tile.emplace("a", data::make_layer(data::Raster<float>(grid(4, 4), 1.0f, -1.0f), "m", ""));
  EXPECT_THROW(place_tile(tile, Window{0, 0, 5, 4}, g, whole, true), data::Error);
  place_tile(tile, Window{6, 6, 4, 4}, g, whole, true);
  solvers::LayerSet other;
  other.emplace("b", data::make_layer(data::Raster<float>(grid(4, 4), 1.0f, -1.0f), "m", ""));
  EXPECT_THROW(place_tile(other, Window{0, 0, 4, 4}, g, whole, false), data::Error);
  const auto& merged = std::get<data::Raster<float>>(whole.at("a").raster);
  EXPECT_EQ(merged.at(0, 0), -1.0f);  // not covered yet: nodata
  EXPECT_EQ(merged.at(9, 9), 1.0f);
}

// The demo landscape, small: town, roads, farms, a heath.
const data::Scenario& demo() {
  static const data::Scenario scenario = [] {
    data::DemoOptions options;
    options.size_km = 0.8;
    options.cell_m = 10.0;
    return data::make_demo_scenario(options);
  }();
  return scenario;
}

const solvers::Registry& registry() {
  static const solvers::Registry r = [] {
    solvers::Registry registry;
    solvers::register_builtin_solvers(registry);
    return registry;
  }();
  return r;
}

solvers::LayerSet solve(const solvers::Solver& solver, const solvers::Params& params, const Window& window,
                        int threads) {
  solvers::RunContext context({}, nullptr, threads);
  return solver.solve(demo(), params, window, context);
}

struct SolverCase {
  const char* process;
  nlohmann::json parameters;
  std::uint64_t tile_cells;
};

class TiledEqualsWhole : public ::testing::TestWithParam<SolverCase> {};

TEST_P(TiledEqualsWhole, BitForBitOnOneAndTwoThreads) {
  const auto& c = GetParam();
  const auto* solver = registry().find(c.process);
  ASSERT_NE(solver, nullptr);
  const auto params = solvers::resolve(solver->params(), c.parameters);
  const auto& g = demo().grid();
  const auto tiles = plan_tiles(g, c.tile_cells, solver->halo_m(params));
  ASSERT_GT(tiles.size(), 4u);
  const auto whole = solve(*solver, params, g.full(), 2);
  for (const int threads : {1, 2}) {
    SCOPED_TRACE(threads);
    solvers::LayerSet merged;
    for (const auto& tile : tiles) place_tile(solve(*solver, params, tile.window, threads), tile.window, g, merged, tile.index == 0);
    ASSERT_EQ(merged.size(), whole.size());
    for (const auto& [name, layer] : whole) {
      ASSERT_TRUE(merged.count(name)) << name;
      EXPECT_TRUE(merged.at(name).grid().matches(g)) << name;
      EXPECT_EQ(cells_differing(merged.at(name), layer), 0u) << name;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    Solvers, TiledEqualsWhole,
    ::testing::Values(
        // 80 x 80 cells in tiles of 23 x 23: edges cut through buildings, canyons and roads.
        SolverCase{"heat", {{"svf_radius_m", 60.0}, {"svf_directions", 16}, {"hours", "9,15"}}, 529},
        SolverCase{"noise", {{"max_distance_m", 300.0}}, 529},
        SolverCase{"nitrogen", nlohmann::json::object(), 529}),
    [](const ::testing::TestParamInfo<SolverCase>& p) { return std::string(p.param.process); });

}  // namespace
}  // namespace twin::jobs
