// The project contribution of a plan against its reference (per habitat area, AERIUS-style
// figures) and the nitrogen solver's values at AERIUS hexagon centres: hand-made rasters for
// the bookkeeping, the solver on a small scene for the physics (an added farm raises
// deposition only within its reach; an unchanged plan contributes exactly nothing), and the
// hexagon values against the grid cells that sit on the same points.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "twin/data/error.hpp"
#include "twin/data/standard_names.hpp"
#include "twin/solvers/nitrogen/aerius_hexagons.hpp"
#include "twin/solvers/nitrogen/nitrogen_solver.hpp"
#include "twin/solvers/nitrogen/project_contribution.hpp"

namespace twin::solvers::nitrogen {
namespace {

using data::Raster;
namespace names = data::names;
const float kNan = std::numeric_limits<float>::quiet_NaN();

struct Farm {
  double x, y, nh3_kg_yr;
};

// `n` x `n` grass cells of `cell` m with its top-left corner at (x0, y0), a 5 m NH3 farm per
// entry of `farms`, and the KDW raster `kdw` (none when empty).
data::Scenario farm_scene(double x0, double y0, std::int64_t n, double cell, const std::vector<Farm>& farms,
                          const std::vector<float>& kdw = {}) {
  const data::GridSpec grid{x0, y0, cell, n, n, 28992};
  data::Scenario s(grid);
  s.set_layer(std::string(names::land_use),
              data::make_layer(Raster<std::uint8_t>(grid, static_cast<std::uint8_t>(names::LandUse::grass), 0), "1", ""));
  data::FeatureTable t(data::GeometryType::point, "farms");
  std::vector<double> h, nh3, nox;
  for (const Farm& f : farms) {
    t.geometries().push_back(data::Geometry{{{f.x, f.y}}});
    h.push_back(5.0), nh3.push_back(f.nh3_kg_yr), nox.push_back(0.0);
  }
  t.set_column({std::string(names::source_height), "m", h});
  t.set_column({std::string(names::source_nh3), "kg yr-1", nh3});
  t.set_column({std::string(names::source_nox), "kg yr-1", nox});
  s.set_table(std::string(names::nitrogen_sources), std::move(t));
  if (!kdw.empty()) {
    Raster<float> k(grid, kNan, kNan);
    k.values = kdw;
    s.set_layer(std::string(names::natura2000_kdw), data::make_layer(std::move(k), "mol ha-1 yr-1", ""));
  }
  return s;
}

data::Scenario as_result(const data::GridSpec& grid, LayerSet layers) {
  data::Scenario r(grid);
  for (auto& [name, layer] : layers) r.set_layer(name, std::move(layer));
  return r;
}

LayerSet solve(const data::Scenario& s, const nlohmann::json& given = nlohmann::json::object()) {
  const NitrogenSolver solver;
  RunContext ctx;
  return solver.solve(s, resolve(solver.params(), given), s.grid().full(), ctx);
}

TEST(ProjectContribution, HabitatAreasAreGroupsOfTouchingCells) {
  // 5 x 4 cells: '#' habitat. Two groups; the diagonal touch joins cells into one area.
  const char* map[] = {"##...", "..#..", ".....", "#...#"};
  Raster<float> kdw(data::GridSpec{0, 0, 10, 5, 4, 28992}, kNan, kNan);
  for (int r = 0; r < 4; ++r)
    for (int c = 0; c < 5; ++c)
      if (map[r][c] == '#') kdw.at(c, r) = 10.0f;
  const HabitatAreas a = habitat_areas(kdw);
  EXPECT_EQ(a.count, 3);
  const std::vector<std::int32_t> expected = {1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 3};
  EXPECT_EQ(a.label, expected);
}

TEST(ProjectContribution, FiguresOfHandMadeRasters) {
  // 4 x 1 cells of 100 m (1 ha): habitat in cells 1 and 2 (one area, KDW 10 and 20).
  const data::GridSpec grid{150000, 460100, 100, 4, 1, 28992};
  Raster<float> kdw(grid, kNan, kNan), before(grid, 0.0f, kNan), after(grid, 0.0f, kNan);
  kdw.values = {kNan, 10.0f, 20.0f, kNan};
  before.values = {1.0f, 9.0f, 19.0f, 3.0f};
  after.values = {1.5f, 9.004f, 22.0f, 2.0f};
  const auto j = project_contribution(&kdw, after, before);
  EXPECT_EQ(j["threshold"].get<double>(), 0.005);
  EXPECT_NEAR(j["window"]["max_contribution"].get<double>(), 3.0, 1e-6);
  EXPECT_NEAR(j["window"]["max_decrease"].get<double>(), 1.0, 1e-6);
  EXPECT_EQ(j["window"]["cells_with_increase"].get<double>(), 2);  // +0.5 and +3; +0.004 is below 0.005
  const auto& h = j["natura2000"];
  EXPECT_EQ(h["cells"].get<double>(), 2);
  EXPECT_NEAR(h["max_contribution"].get<double>(), 3.0, 1e-6);
  EXPECT_NEAR(h["max_contribution_at"][0].get<double>(), 150250, 1e-9);
  EXPECT_EQ(h["cells_with_increase"].get<double>(), 1);
  EXPECT_NEAR(h["area_with_increase_ha"].get<double>(), 1.0, 1e-12);
  EXPECT_NEAR(h["reference"]["deposited_mol_n_per_yr"].get<double>(), 28.0, 1e-5);
  EXPECT_NEAR(h["scenario"]["deposited_mol_n_per_yr"].get<double>(), 31.004, 1e-5);
  EXPECT_EQ(h["reference"]["cells_above_kdw"].get<double>(), 0);
  EXPECT_EQ(h["scenario"]["cells_above_kdw"].get<double>(), 1);  // 22 > 20
  EXPECT_NEAR(h["reference"]["max_exceedance"].get<double>(), -1.0, 1e-6);
  EXPECT_NEAR(h["scenario"]["max_exceedance"].get<double>(), 2.0, 1e-6);
  ASSERT_EQ(j["habitat_areas"].size(), 1u);
  EXPECT_EQ(j["habitat_areas"][0]["id"].get<int>(), 1);
  EXPECT_EQ(j["habitat_areas"][0]["kdw_min"].get<double>(), 10.0);
  EXPECT_EQ(j["habitat_areas"][0]["kdw_max"].get<double>(), 20.0);
  // Hexagons are counted where their centre falls in a habitat cell: a 1 ha strip holds 0-2.
  EXPECT_LE(h["hexagons"].get<double>(), 2);
  const auto no_kdw = project_contribution(nullptr, after, before);
  EXPECT_FALSE(no_kdw.contains("natura2000"));
  EXPECT_TRUE(no_kdw.contains("window"));
}

// A farm added 2.4 km from a habitat and next to another; max_distance 1 km.
class AddedFarm : public ::testing::Test {
 protected:
  static constexpr double kX0 = 150000, kY0 = 460000, kCell = 50;
  static constexpr std::int64_t kN = 60;  // 3 km square
  // Habitat A (KDW 800) around the added farm in the south-east, B (KDW 1200) in the north-west.
  static std::vector<float> kdw() {
    std::vector<float> k(static_cast<std::size_t>(kN * kN), kNan);
    for (std::int64_t r = 0; r < kN; ++r) {
      for (std::int64_t c = 0; c < kN; ++c) {
        if (r >= 40 && r < 56 && c >= 40 && c < 56) k[static_cast<std::size_t>(r * kN + c)] = 800.0f;
        if (r >= 4 && r < 16 && c >= 4 && c < 16) k[static_cast<std::size_t>(r * kN + c)] = 1200.0f;
      }
    }
    return k;
  }
  const Farm existing{150500, 459500, 3000}, added{152500, 457500, 5000};
  const nlohmann::json params{{"max_distance_m", 1000}};
  data::Scenario reference = farm_scene(kX0, kY0, kN, kCell, {existing}, kdw());
  data::Scenario plan = farm_scene(kX0, kY0, kN, kCell, {existing, added}, kdw());
};

TEST_F(AddedFarm, ContributionOnlyWithinTheFarmsReach) {
  const NitrogenSolver solver;
  const Params p = resolve(solver.params(), params);
  const auto before = as_result(reference.grid(), solve(reference, params));
  const auto after = as_result(plan.grid(), solve(plan, params));
  const auto& b = before.raster<float>("dep_total_n");
  const auto& a = after.raster<float>("dep_total_n");
  const data::GridSpec& g = plan.grid();
  int near = 0;
  for (std::int64_t r = 0; r < kN; ++r) {
    for (std::int64_t c = 0; c < kN; ++c) {
      const double d = std::hypot(g.col_centre_x(c) - added.x, g.row_centre_y(r) - added.y);
      const double change = a.at(c, r) - b.at(c, r);
      if (d > 1000.0) {
        ASSERT_EQ(change, 0.0) << c << "," << r;  // beyond max_distance: the same sum, bit for bit
      } else {
        ASSERT_GT(change, 0.0) << c << "," << r;
        ++near;
      }
    }
  }
  EXPECT_GT(near, 700);  // the disc of 1 km, cut by the grid's east and south edges

  const auto j = solver.compare_statistics(plan, after, before, p);
  ASSERT_EQ(j["habitat_areas"].size(), 2u);
  const auto& west = j["habitat_areas"][0];  // B: first in row order
  const auto& east = j["habitat_areas"][1];
  EXPECT_EQ(west["kdw_min"].get<double>(), 1200.0);
  EXPECT_EQ(east["kdw_min"].get<double>(), 800.0);
  EXPECT_EQ(west["max_contribution"].get<double>(), 0.0);
  EXPECT_EQ(west["cells_with_increase"].get<double>(), 0.0);
  EXPECT_EQ(west["hexagons_with_increase"].get<double>(), 0.0);
  EXPECT_EQ(west["reference"]["deposited_mol_n_per_yr"], west["scenario"]["deposited_mol_n_per_yr"]);
  EXPECT_EQ(east["cells"].get<double>(), 256.0);
  EXPECT_NEAR(east["area_ha"].get<double>(), 64.0, 1e-9);
  EXPECT_GT(east["max_contribution"].get<double>(), 1.0);
  EXPECT_EQ(east["max_decrease"].get<double>(), 0.0);
  EXPECT_GT(east["cells_with_increase"].get<double>(), 200.0);
  EXPECT_GT(east["scenario"]["deposited_mol_n_per_yr"].get<double>(),
            east["reference"]["deposited_mol_n_per_yr"].get<double>());
  // 64 ha of habitat holds about 64 hexagon centres; most of the area is within 1 km.
  EXPECT_NEAR(east["hexagons"].get<double>(), 64.0, 8.0);
  EXPECT_GT(east["hexagons_with_increase"].get<double>(), 40.0);
  EXPECT_LE(east["hexagons_with_increase"].get<double>(), east["hexagons"].get<double>());
  // The maximum sits on the habitat cell nearest to the farm, and equals that cell's change.
  const auto at = g.cell_at(east["max_contribution_at"][0].get<double>(), east["max_contribution_at"][1].get<double>());
  ASSERT_TRUE(at.has_value());
  EXPECT_NEAR(east["max_contribution"].get<double>(), a.at(at->col, at->row) - b.at(at->col, at->row), 1e-6);
  EXPECT_LT(std::hypot(g.col_centre_x(at->col) - added.x, g.row_centre_y(at->row) - added.y), 40.0);
  // The habitat totals are those of the two areas.
  EXPECT_EQ(j["natura2000"]["max_contribution"], east["max_contribution"]);
  EXPECT_EQ(j["natura2000"]["cells"].get<double>(), 256.0 + 144.0);
}

TEST_F(AddedFarm, AnUnchangedPlanContributesNothing) {
  const NitrogenSolver solver;
  const auto one = as_result(plan.grid(), solve(plan, params));
  const auto two = as_result(plan.grid(), solve(plan, params));
  const auto j = solver.compare_statistics(plan, one, two, resolve(solver.params(), params));
  for (const auto* part : {&j["window"], &j["natura2000"]}) {
    EXPECT_EQ((*part)["max_contribution"].get<double>(), 0.0);
    EXPECT_EQ((*part)["max_decrease"].get<double>(), 0.0);
    EXPECT_EQ((*part)["cells_with_increase"].get<double>(), 0.0);
  }
  EXPECT_EQ(j["natura2000"]["hexagons_with_increase"].get<double>(), 0.0);
  EXPECT_GT(j["natura2000"]["hexagons"].get<double>(), 0.0);
}

TEST_F(AddedFarm, AReferenceThatIsNotANitrogenResultIsRefused) {
  const NitrogenSolver solver;
  const auto after = as_result(plan.grid(), solve(plan, params));
  data::Scenario other(plan.grid());
  other.set_layer("scaled", data::make_layer(Raster<float>(plan.grid(), 0.0f, kNan), "m", ""));
  try {
    (void)solver.compare_statistics(plan, after, other, resolve(solver.params(), params));
    FAIL() << "no error";
  } catch (const data::Error& e) {
    EXPECT_EQ(e.code(), data::ErrorCode::missing_layer);
    EXPECT_NE(std::string(e.what()).find("dep_total_n"), std::string::npos);
  }
}

// Hexagon values are the grid solver's point evaluation: on a grid laid out so that a cell
// centre sits on a hexagon centre, the two agree to float precision.
TEST(HexagonReceptors, ValuesEqualTheGridAtTheSameCentres) {
  const NitrogenSolver solver;
  constexpr double kCell = 25;
  constexpr std::int64_t kN = 21, kMid = 10;
  for (const auto& [px, py] : std::vector<std::pair<double, double>>{{150400, 459700}, {150050, 459980}, {151000, 459000}}) {
    const auto h = hexagons::containing(px, py);
    ASSERT_TRUE(h.has_value());
    const double x0 = h->x - (static_cast<double>(kMid) + 0.5) * kCell, y0 = h->y + (static_cast<double>(kMid) + 0.5) * kCell;
    const data::Scenario s =
        farm_scene(x0, y0, kN, kCell, {{150300, 459800, 4000}, {150900, 459200, 2500}});
    ASSERT_DOUBLE_EQ(s.grid().col_centre_x(kMid), h->x);
    ASSERT_DOUBLE_EQ(s.grid().row_centre_y(kMid), h->y);
    const nlohmann::json given{{"hexagons", "all"}};
    const LayerSet r = solve(s, given);
    const auto st = solver.statistics(s, r, resolve(solver.params(), given));
    ASSERT_TRUE(st.contains("hexagons"));
    // 525 m square = 27.6 ha: about 28 centres, each inside the grid.
    EXPECT_NEAR(static_cast<double>(st["hexagons"].size()), 27.6, 6.0);
    bool found = false;
    for (const auto& row : st["hexagons"]) {
      EXPECT_TRUE(s.grid().cell_at(row["x"].get<double>(), row["y"].get<double>()).has_value());
      if (row["id"].get<std::int64_t>() != h->id) continue;
      found = true;
      for (const char* q : {"conc_nh3", "dep_dry_nhx", "dep_wet_nhx", "dep_total_n"}) {
        const float grid_value = std::get<Raster<float>>(r.at(q).raster).at(kMid, kMid);
        EXPECT_NEAR(row[q].get<double>(), grid_value, 2e-6 * std::abs(grid_value) + 1e-12) << q << " " << h->id;
      }
      EXPECT_GT(row["dep_total_n"].get<double>(), 0.0);
    }
    EXPECT_TRUE(found) << h->id;
  }
}

TEST(HexagonReceptors, HabitatsOnlyAndTheCap) {
  const NitrogenSolver solver;
  std::vector<float> kdw(40 * 40, kNan);
  for (int r = 0; r < 20; ++r)
    for (int c = 0; c < 20; ++c) kdw[static_cast<std::size_t>(r * 40 + c)] = 1000.0f;  // 500 m x 500 m
  const data::Scenario s = farm_scene(150000, 460000, 40, 25, {{150600, 459400, 2000}}, kdw);
  const nlohmann::json given{{"hexagons", "habitats"}};
  const LayerSet r = solve(s, given);
  const auto st = solver.statistics(s, r, resolve(solver.params(), given));
  EXPECT_NEAR(static_cast<double>(st["hexagons"].size()), 25.0, 5.0);
  for (const auto& row : st["hexagons"]) {
    EXPECT_EQ(row["kdw"].get<double>(), 1000.0);
    EXPECT_LE(row["x"].get<double>(), 150500.0);
    EXPECT_GE(row["y"].get<double>(), 459500.0);
  }
  EXPECT_FALSE(solver.statistics(s, r, resolve(solver.params(), {})).contains("hexagons"));  // default none
  const nlohmann::json capped{{"hexagons", "all"}, {"max_hexagons", 10}};
  try {
    (void)solver.statistics(s, r, resolve(solver.params(), capped));
    FAIL() << "no error";
  } catch (const data::Error& e) {
    EXPECT_EQ(e.code(), data::ErrorCode::invalid_argument);
    EXPECT_NE(std::string(e.what()).find("max_hexagons"), std::string::npos);
  }
}

}  // namespace
}  // namespace twin::solvers::nitrogen
