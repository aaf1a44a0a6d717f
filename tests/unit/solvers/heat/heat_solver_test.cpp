// The heat grid solver on synthetic scenes (flat ground, a block, a tree patch), its
// parameters, windows and halo, 1 vs N threads, cancellation, and the demo landscape on the
// default hot day.
#include "twin/solvers/heat/heat_solver.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <numbers>
#include <optional>
#include <vector>

#include "support/cancel_timing.hpp"
#include "twin/data/crs.hpp"
#include "twin/data/demo_scenario.hpp"
#include "twin/data/error.hpp"
#include "twin/data/standard_names.hpp"
#include "twin/solvers/builtin.hpp"
#include "twin/solvers/heat/koopmans_pet.hpp"
#include "twin/solvers/heat/pet.hpp"
#include "twin/solvers/heat/sun_position.hpp"

namespace twin::solvers::heat {
namespace {

using data::Raster;
using data::Window;

// An RD New grid near Utrecht, `n` × `n` cells.
data::Scenario scene(std::int64_t n, double cell) {
  data::GridSpec g;
  g.x0 = 136000.0;
  g.y0 = 456000.0;
  g.cell = cell;
  g.nx = g.ny = n;
  data::Scenario s(g);
  s.set_layer("dtm", data::make_layer(Raster<float>(g, 1.0f, std::nanf("")), "m", "terrain"));
  s.set_layer("building_height",
              data::make_layer(Raster<float>(g, 0.0f, std::nanf("")), "m", "buildings"));
  return s;
}

void fill(data::Scenario& s, std::string_view layer, std::int64_t c0, std::int64_t c1,
          std::int64_t r0, std::int64_t r1, float v) {
  if (!s.has_layer(layer)) {
    s.set_layer(std::string(layer),
                data::make_layer(Raster<float>(s.grid(), 0.0f, std::nanf("")), "m", ""));
  }
  auto& r = s.raster<float>(layer);
  for (std::int64_t row = r0; row < r1; ++row)
    for (std::int64_t col = c0; col < c1; ++col) r.at(col, row) = v;
}

LayerSet run(const data::Scenario& s, nlohmann::json given, int threads = 0,
             std::optional<Window> window = {}) {
  const HeatSolver solver;
  const Params p = resolve(solver.params(), given);
  RunContext ctx({}, nullptr, threads);
  return solver.solve(s, p, window.value_or(s.grid().full()), ctx);
}

const Raster<float>& values(const LayerSet& r, const std::string& name) {
  const auto it = r.find(name);
  if (it == r.end()) throw std::runtime_error("no layer " + name);
  return std::get<Raster<float>>(it->second.raster);
}

SunPosition sun_at(const data::Scenario& s, int hour) {
  const data::GridSpec& g = s.grid();
  const data::LonLat ll = data::to_wgs84(g.epsg, g.x0 + g.width_m() / 2, g.y0 - g.height_m() / 2);
  SpaInput in;
  in.year = 2019;
  in.month = 7;
  in.day = 25;
  in.hour = hour;
  in.timezone_h = 2;
  in.latitude_deg = ll.lat;
  in.longitude_deg = ll.lon;
  in.temperature_c = 10.0;
  return sun_position(in);
}

const nlohmann::json kSmall = {{"svf_radius_m", 30.0}};

TEST(HeatSolver, FlatGroundIsOpenAndSunlitEverywhere) {
  const data::Scenario s = scene(30, 2.0);
  const LayerSet r = run(s, kSmall);
  for (const char* name : {"svf", "shadow_fraction", "tmrt", "pet"})
    ASSERT_TRUE(r.contains(name)) << name;
  EXPECT_EQ(r.size(), 4u);
  EXPECT_EQ(r.at("pet").units, "degC");
  EXPECT_EQ(r.at("svf").units, "1");
  const auto& tmrt = values(r, "tmrt");
  for (std::size_t k = 0; k < tmrt.values.size(); ++k) {
    EXPECT_NEAR(values(r, "svf").values[k], 1.0, 1e-6);
    EXPECT_EQ(values(r, "shadow_fraction").values[k], 0.0f);
    EXPECT_EQ(tmrt.values[k], tmrt.values[0]);
  }
  // Open ground in the sun on a 35 degC afternoon: Tmrt well above air temperature.
  EXPECT_GT(tmrt.values[0], 55.0);
  EXPECT_LT(tmrt.values[0], 75.0);
  // PET from the table equals MEMI at the cell's Tmrt, wind reduced from 10 m to 1.1 m.
  PetInput in;
  in.ta_c = 35.0;
  in.tmrt_c = tmrt.values[0];
  in.rh_pct = 30.0;
  in.v_ms = 2.5 * std::log(1.1 / 0.01) / std::log(10.0 / 0.01);
  EXPECT_NEAR(values(r, "pet").values[0], pet(in).pet_c, 0.01);
}

TEST(HeatSolver, BlockCastsItsShadowAwayFromTheSunAtTheRightLength) {
  // 10 m block of 10 × 10 m in the middle of 80 × 80 m at 1 m.
  data::Scenario s = scene(80, 1.0);
  fill(s, "building_height", 35, 45, 35, 45, 10.0f);
  const LayerSet r = run(s, kSmall);
  const SunPosition sun = sun_at(s, 15);
  const double alt = sun.elevation_deg * std::numbers::pi / 180.0;
  const double az = sun.azimuth_deg * std::numbers::pi / 180.0;
  ASSERT_GT(sun.elevation_deg, 30.0);
  const double length = 10.0 / std::tan(alt);
  // Away from the sun: east = +col, north = −row.
  const double ux = -std::sin(az), uy = -std::cos(az);
  const double exit = std::min(5.0 / std::abs(ux), 5.0 / std::abs(uy));
  const auto cell_at = [&](double t) {
    return std::pair{static_cast<std::int64_t>(std::floor(40.0 + ux * t)),
                     static_cast<std::int64_t>(std::floor(40.0 - uy * t))};
  };
  const auto& shade = values(r, "shadow_fraction");
  const auto& tmrt = values(r, "tmrt");
  const auto [c_in, r_in] = cell_at(exit + 0.7 * length);
  const auto [c_out, r_out] = cell_at(exit + 1.3 * length);
  const auto [c_sun, r_sun] = cell_at(-(exit + 3.0));
  EXPECT_EQ(shade.at(c_in, r_in), 1.0f) << "inside the shadow, length " << length;
  EXPECT_EQ(shade.at(c_out, r_out), 0.0f) << "beyond the shadow";
  EXPECT_EQ(shade.at(c_sun, r_sun), 0.0f) << "on the sunny side";
  EXPECT_LT(tmrt.at(c_in, r_in), tmrt.at(c_out, r_out) - 15.0);
  EXPECT_LT(values(r, "pet").at(c_in, r_in), values(r, "pet").at(c_out, r_out) - 5.0);
  // PET through the per-hour table equals the direct MEMI solve at each cell's Tmrt.
  for (std::size_t k = 0; k < tmrt.values.size(); k += 7) {
    if (std::isnan(tmrt.values[k])) continue;
    PetInput in;
    in.ta_c = 35.0;
    in.tmrt_c = tmrt.values[k];
    in.rh_pct = 30.0;
    in.v_ms = 2.5 * std::log(1.1 / 0.01) / std::log(10.0 / 0.01);
    ASSERT_NEAR(values(r, "pet").values[k], pet(in).pet_c, 0.01) << "Tmrt " << in.tmrt_c;
  }
  // Roofs have no Tmrt or PET (nobody stands there); their SVF is defined.
  EXPECT_TRUE(std::isnan(tmrt.at(40, 40)));
  EXPECT_FALSE(std::isnan(values(r, "svf").at(40, 40)));
  // Beside the wall the sky is partly hidden.
  EXPECT_LT(values(r, "svf").at(34, 40), 0.8);
}

TEST(HeatSolver, TreesLowerTmrtUnderTheirCrowns) {
  data::Scenario s = scene(60, 1.0);
  fill(s, "vegetation_height", 20, 40, 20, 40, 8.0f);
  const LayerSet r = run(s, kSmall);
  const auto& tmrt = values(r, "tmrt");
  const auto& shade = values(r, "shadow_fraction");
  EXPECT_NEAR(shade.at(30, 30), 1.0 - 0.03, 1e-6);  // the crown lets 3 % of the beam through
  EXPECT_EQ(shade.at(5, 5), 0.0f);
  EXPECT_LT(tmrt.at(30, 30), tmrt.at(5, 5) - 20.0);
  EXPECT_LT(values(r, "pet").at(30, 30), values(r, "pet").at(5, 5) - 8.0);
  // Trees hide no sky in the buildings' SVF.
  EXPECT_NEAR(values(r, "svf").at(30, 30), 1.0, 1e-6);
}

TEST(HeatSolver, BadParametersAreRefusedNamingThem) {
  const HeatSolver solver;
  const std::vector<std::pair<nlohmann::json, std::string>> at_resolve = {
      {{{"relative_humidity", 150}}, "relative_humidity"},
      {{{"air_temperature", "hot"}}, "air_temperature"},
      {{{"pet_method", "rayman"}}, "pet_method"},
      {{{"svf_directions", 2}}, "svf_directions"},
      {{{"svf_directions", 16.5}}, "svf_directions"},
      {{{"wind_speed_10m", 0.0}}, "wind_speed_10m"},
      {{{"tree_transmissivity", 1.5}}, "tree_transmissivity"},
      {{{"utci", "yes"}}, "utci"},
      {{{"wind", 2}}, "wind"},
  };
  for (const auto& [given, needle] : at_resolve) {
    try {
      resolve(solver.params(), given);
      ADD_FAILURE() << given.dump() << " accepted";
    } catch (const data::Error& e) {
      EXPECT_EQ(e.code(), data::ErrorCode::invalid_argument);
      EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    }
  }
  const data::Scenario s = scene(10, 2.0);
  const std::vector<std::pair<nlohmann::json, std::string>> at_solve = {
      {{{"date", "2019-02-30"}}, "date"}, {{{"date", "25-07-2019"}}, "date"},
      {{{"date", "2019-7-25x"}}, "date"}, {{{"hours", "24"}}, "hours"},
      {{{"hours", "12,,15"}}, "hours"},   {{{"hours", "noon"}}, "hours"},
      {{{"hours", "15,15"}}, "hours"},    {{{"hours", ""}}, "hours"},
  };
  for (const auto& [given, needle] : at_solve) {
    try {
      run(s, given);
      ADD_FAILURE() << given.dump() << " accepted";
    } catch (const data::Error& e) {
      EXPECT_EQ(e.code(), data::ErrorCode::invalid_argument);
      EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    }
  }
  EXPECT_THROW(run(s, kSmall, 0, Window{5, 5, 10, 10}), data::Error);
}

TEST(HeatSolver, NegativeHeightIsRefusedNamingTheLayerAndCell) {
  data::Scenario s = scene(10, 2.0);
  fill(s, "building_height", 3, 4, 2, 3, -1.0f);
  try {
    run(s, kSmall);
    ADD_FAILURE() << "accepted";
  } catch (const data::Error& e) {
    EXPECT_EQ(e.code(), data::ErrorCode::invalid_value);
    EXPECT_NE(std::string(e.what()).find("building_height"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("(3, 2)"), std::string::npos) << e.what();
  }
}

TEST(HeatSolver, SeveralHoursGetSuffixesAndTheDaysMaximum) {
  data::Scenario s = scene(40, 2.0);
  fill(s, "building_height", 15, 25, 15, 25, 12.0f);
  const LayerSet r = run(s, {{"svf_radius_m", 30.0}, {"hours", "18, 2,12"}, {"utci", true}});
  for (const char* name :
       {"svf", "pet_max", "pet_2", "pet_12", "pet_18", "tmrt_2", "utci_12", "shadow_fraction_18"}) {
    EXPECT_TRUE(r.contains(name)) << name;
  }
  EXPECT_FALSE(r.contains("pet"));
  const auto& mx = values(r, "pet_max");
  for (std::size_t k = 0; k < mx.values.size(); ++k) {
    if (std::isnan(mx.values[k])) continue;
    EXPECT_EQ(mx.values[k], std::max({values(r, "pet_2").values[k], values(r, "pet_12").values[k],
                                      values(r, "pet_18").values[k]}));
  }
  // At 2:00 the sun is down: everything in shade, Tmrt below air temperature.
  EXPECT_EQ(values(r, "shadow_fraction_2").at(0, 0), 1.0f);
  EXPECT_LT(values(r, "tmrt_2").at(0, 0), 35.0);
  // UTCI in the noon sun: strong or very strong heat stress.
  EXPECT_GT(values(r, "utci_12").at(0, 0), 38.0);
  EXPECT_LT(values(r, "utci_12").at(0, 0), 50.0);
}

TEST(HeatSolver, KoopmansMethodMatchesTheRegressionOnOpenGround) {
  const data::Scenario s = scene(20, 2.0);
  const LayerSet r = run(s, {{"svf_radius_m", 20.0}, {"pet_method", "koopmans"}});
  const SunPosition sun = sun_at(s, 15);
  KoopmansSunInput in;
  in.ta_c = 35.0;
  in.rh_pct = 30.0;
  in.wind_ms = 2.5 * std::log(1.2 / 0.01) / std::log(10.0 / 0.01);
  in.sun_altitude_deg = sun.elevation_deg;
  const double cz = std::sin(sun.elevation_deg * std::numbers::pi / 180.0);
  in.global_wm2 = 1098.0 * cz * std::exp(-0.057 / cz);  // Haurwitz clear sky
  in.bowen = 1.0;
  in.svf = 1.0;
  EXPECT_NEAR(values(r, "pet").at(5, 5), koopmans_pet_sun(in), 0.05);
}

TEST(HeatSolver, WindowEqualsTheSameCellsOfTheFullRun) {
  data::Scenario s = scene(70, 1.0);
  fill(s, "building_height", 30, 38, 20, 50, 9.0f);
  fill(s, "vegetation_height", 42, 48, 30, 36, 6.0f);
  const LayerSet full = run(s, kSmall);
  const Window w{25, 25, 20, 15};
  const LayerSet part = run(s, kSmall, 0, w);
  for (const auto& [name, layer] : part) {
    const auto& p = std::get<Raster<float>>(layer.raster);
    ASSERT_EQ(p.grid.nx, w.ncols);
    ASSERT_DOUBLE_EQ(p.grid.x0, s.grid().col_centre_x(w.col0) - 0.5);
    for (std::int64_t r = 0; r < w.nrows; ++r) {
      for (std::int64_t c = 0; c < w.ncols; ++c) {
        const float a = p.at(c, r), b = values(full, name).at(c + w.col0, r + w.row0);
        EXPECT_TRUE((std::isnan(a) && std::isnan(b)) || a == b) << name << " " << c << "," << r;
      }
    }
  }
}

TEST(HeatSolver, OneAndTwoThreadsGiveIdenticalResults) {
  data::Scenario s = scene(300, 1.0);  // several blocks
  fill(s, "building_height", 100, 140, 60, 200, 15.0f);
  fill(s, "vegetation_height", 180, 220, 100, 130, 9.0f);
  const nlohmann::json p = {{"svf_radius_m", 40.0}, {"hours", "10,16"}, {"utci", true}};
  const LayerSet one = run(s, p, 1);
  const LayerSet two = run(s, p, 2);
  ASSERT_EQ(one.size(), two.size());
  for (const auto& [name, layer] : one) {
    const auto& a = std::get<Raster<float>>(layer.raster).values;
    const auto& b = values(two, name).values;
    ASSERT_EQ(a.size(), b.size());
    std::size_t differ = 0;
    for (std::size_t k = 0; k < a.size(); ++k) {
      if (!((std::isnan(a[k]) && std::isnan(b[k])) || a[k] == b[k])) ++differ;
    }
    EXPECT_EQ(differ, 0u) << name;
  }
}

TEST(HeatSolver, CancelledFromAnotherThreadStopsWithinASecond) {
  const data::Scenario s = scene(1200, 1.0);
  const HeatSolver solver;
  const Params p = resolve(solver.params(), {{"svf_radius_m", 200.0}, {"svf_directions", 64}});
  std::atomic<bool> cancel{false};
  std::atomic<int> reports{0};
  RunContext ctx([&](double) { ++reports; }, &cancel, 0);
  EXPECT_LT(
      test::seconds_to_stop_after_cancel(cancel, [&] { solver.solve(s, p, s.grid().full(), ctx); }),
      1.0);
  EXPECT_GE(reports.load(), 1);
}

// With many directions and a long radius one block's sky view scan takes seconds: the scan
// itself must look at the flag (per row), not only the block loop.
TEST(HeatSolver, CancelledDuringALongSkyViewScanStopsWithinASecond) {
  data::DemoOptions town;  // buildings and trees: rays walk the whole radius
  town.size_km = 1.0;
  town.cell_m = 2.0;
  const data::Scenario s = data::make_demo_scenario(town);
  const HeatSolver solver;
  const Params p = resolve(solver.params(), {{"svf_radius_m", 500.0}, {"svf_directions", 360}});
  std::atomic<bool> cancel{false};
  RunContext ctx([](double) {}, &cancel, 0);
  EXPECT_LT(
      test::seconds_to_stop_after_cancel(cancel, [&] { solver.solve(s, p, s.grid().full(), ctx); }),
      1.0);
}

TEST(HeatSolver, ProgressRisesToOne) {
  const data::Scenario s = scene(300, 1.0);
  const HeatSolver solver;
  const Params p = resolve(solver.params(), kSmall);
  std::vector<double> seen;
  RunContext ctx([&](double f) { seen.push_back(f); }, nullptr, 0);
  solver.solve(s, p, s.grid().full(), ctx);
  ASSERT_GE(seen.size(), 5u);
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
  EXPECT_EQ(seen.back(), 1.0);
}

TEST(HeatSolver, IsRegisteredAsHeat) {
  Registry registry;
  register_builtin_solvers(registry);
  const Solver* heat = registry.find("heat");
  ASSERT_NE(heat, nullptr);
  EXPECT_EQ(heat->needs(), (std::vector<std::string>{"dtm", "building_height"}));
  EXPECT_EQ(heat->halo_m(resolve(heat->params(), {{"svf_radius_m", 150.0}})), 150.0);
  const nlohmann::json d = describe(heat->params());
  for (const auto& p : d) {
    EXPECT_TRUE(p.contains("default")) << p.dump();
    EXPECT_FALSE(p.at("help").get<std::string>().empty()) << p.dump();
  }
}

TEST(HeatSolver, DemoTownOnTheDefaultHotDayHasPlausiblePet) {
  data::DemoOptions o;
  o.size_km = 1.0;
  o.cell_m = 2.0;
  const data::Scenario s = data::make_demo_scenario(o);
  const LayerSet r = run(s, nlohmann::json::object());
  const auto& pet_c = values(r, "pet").values;
  const auto& shade = values(r, "shadow_fraction").values;
  std::vector<float> sun, shaded;
  for (std::size_t k = 0; k < pet_c.size(); ++k) {
    if (std::isnan(pet_c[k])) continue;
    EXPECT_GT(pet_c[k], 30.0f);
    EXPECT_LT(pet_c[k], 65.0f);
    (shade[k] > 0.5f ? shaded : sun).push_back(pet_c[k]);
  }
  ASSERT_GT(sun.size(), 1000u);
  ASSERT_GT(shaded.size(), 100u) << "the demo town has buildings and trees that cast shade";
  const auto median = [](std::vector<float> v) {
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
    return v[v.size() / 2];
  };
  // A clear 35 degC afternoon: PET in the sun in the top class (above 41 degC), in the shade
  // several degrees lower but still warm.
  EXPECT_GT(median(sun), 43.0f);
  EXPECT_LT(median(sun), 58.0f);
  EXPECT_LT(median(shaded), median(sun) - 6.0f);
  EXPECT_GT(median(shaded), 33.0f);
}

// The default of 16 SVF directions against the 32 of the validation tests, on the demo town.
// The sweep's digital lines stray up to a cell from each viewer's ray, differently in every
// direction, so halving the directions changes single cells by a few hundredths near walls
// (the ray walk it replaced: mean 0.0008, 99th percentile 0.0075, max 0.016). Thresholds a
// little above what was measured with the sweep [mean 0.0046, 99th percentile 0.0255, max 0.077].
TEST(HeatSolver, SixteenSvfDirectionsAreCloseToThirtyTwo) {
  data::DemoOptions o;
  o.size_km = 0.6;
  o.cell_m = 2.0;
  const data::Scenario s = data::make_demo_scenario(o);
  const LayerSet a = run(s, {{"svf_directions", 16}, {"svf_radius_m", 60.0}});
  const LayerSet b = run(s, {{"svf_directions", 32}, {"svf_radius_m", 60.0}});
  // Cells with some sky hidden (open fields agree exactly and would flatter the mean).
  std::vector<double> d;
  const auto& sa = values(a, "svf").values;
  const auto& sb = values(b, "svf").values;
  for (std::size_t k = 0; k < sa.size(); ++k) {
    if (sb[k] < 0.95f) d.push_back(std::abs(static_cast<double>(sa[k]) - sb[k]));
  }
  ASSERT_GT(d.size(), 1000u);
  std::sort(d.begin(), d.end());
  double mean = 0;
  for (double x : d) mean += x / static_cast<double>(d.size());
  const double p99 = d[d.size() * 99 / 100];
  std::printf(
      "SVF 16 vs 32 directions, %zu cells with SVF < 0.95: mean |diff| %.4f, 99th "
      "percentile %.4f, max %.4f\n",
      d.size(), mean, p99, d.back());
  EXPECT_LT(mean, 0.006);
  EXPECT_LT(p99, 0.032);
  EXPECT_LT(d.back(), 0.1);
}

}  // namespace
}  // namespace twin::solvers::heat

namespace twin::solvers::heat {
namespace {

TEST(HeatStatistics, ClassesShadedPavingAndTheNearestCoolPlace) {
  data::Scenario s = scene(40, 1.0);
  fill(s, "building_height", 5, 6, 5, 6, 0.5f);  // a low house: no shadow on its neighbours
  fill(s, "dwellings", 5, 6, 5, 6, 10.0f);
  fill(s, "vegetation_height", 20, 26, 5, 11, 8.0f);
  data::Raster<std::uint8_t> lu(s.grid(), 1, 0);
  for (std::int64_t r = 5; r < 11; ++r)
    for (std::int64_t c = 20; c < 26; ++c) lu.at(c, r) = 7;  // paving under the trees
  for (std::int64_t r = 30; r < 34; ++r)
    for (std::int64_t c = 0; c < 4; ++c) lu.at(c, r) = 7;  // and in the sun
  s.set_layer("land_use", data::make_layer(std::move(lu), "1", "land use"));
  const LayerSet r = run(s, {{"svf_radius_m", 30.0}, {"air_temperature", 30.0}});
  const nlohmann::json j = heat_statistics(s, r, s.grid().full());

  double area = 0;
  for (double a : j.at("area_m2_per_pet_class")) area += a;
  EXPECT_DOUBLE_EQ(area, 40.0 * 40.0 - 1.0);  // every cell but the house
  EXPECT_DOUBLE_EQ(j.at("paved_outdoor_cells").get<double>(), 52.0);
  EXPECT_NEAR(j.at("paved_shaded_share").get<double>(), 36.0 / 52.0, 1e-12);
  // The house's 10 dwellings take the PET of the street beside it.
  const double street_pet = values(r, "pet").at(5, 4);
  int cls = 0;
  for (double limit : kPetClassLimits) cls += street_pet >= limit ? 1 : 0;
  EXPECT_DOUBLE_EQ(j.at("dwellings_per_pet_class").at(cls).get<double>(), 10.0);
  // Nearest cool place: the first shaded cell under the crowns, 15 cells east.
  ASSERT_LT(values(r, "pet").at(20, 5), kCoolPetLimit);
  const auto& cool = j.at("nearest_cool_place");
  EXPECT_NEAR(cool.at("mean_distance_m").get<double>(), 15.0, 1e-9);
  EXPECT_DOUBLE_EQ(cool.at("share_within_100m").get<double>(), 1.0);
  EXPECT_THROW(heat_statistics(s, r, s.grid().full(), "pet_15"), data::Error);
}

TEST(HeatStatistics, CoolPlaceDistanceEqualsBruteForce) {
  // Hand-made result layers: cool cells scattered, one dwelling in every cell.
  data::Scenario s = scene(23, 2.0);
  fill(s, "dwellings", 0, 23, 0, 23, 1.0f);
  Raster<float> pet_r(s.grid(), 40.0f, std::nanf("")), shade(s.grid(), 1.0f, std::nanf(""));
  std::vector<std::pair<int, int>> cool = {{3, 4}, {17, 2}, {11, 19}, {22, 22}};
  for (auto [c, r] : cool) pet_r.at(c, r) = 30.0f;
  LayerSet result;
  result.emplace("pet", data::make_layer(pet_r, "degC", ""));
  result.emplace("shadow_fraction", data::make_layer(shade, "1", ""));
  const nlohmann::json j = heat_statistics(s, result, s.grid().full());
  double sum = 0, within = 0;
  for (int r = 0; r < 23; ++r) {
    for (int c = 0; c < 23; ++c) {
      double best = 1e300;
      for (auto [cc, rr] : cool) best = std::min(best, std::hypot(c - cc, r - rr) * 2.0);
      sum += best;
      within += best <= 100.0 ? 1 : 0;
    }
  }
  EXPECT_NEAR(j.at("nearest_cool_place").at("mean_distance_m").get<double>(), sum / (23 * 23),
              1e-9);
  EXPECT_DOUBLE_EQ(j.at("nearest_cool_place").at("share_within_100m").get<double>(),
                   within / (23 * 23));
  EXPECT_DOUBLE_EQ(j.at("dwellings_per_pet_class").at(3).get<double>(), 23 * 23 - 4);
}

}  // namespace
}  // namespace twin::solvers::heat
