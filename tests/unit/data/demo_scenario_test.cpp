// The synthetic demo landscape: determinism (seed, thread count), plausible statistics in
// the ranges the generator promises, the memory budget and option checks.
#include "twin/data/demo_scenario.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <set>
#include <vector>

#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include "twin/data/error.hpp"
#include "twin/data/standard_names.hpp"

namespace twin::data {
namespace {

using names::LandUse;

DemoOptions options(double size_km, double cell_m, std::uint64_t seed = 1) {
  DemoOptions o;
  o.size_km = size_km;
  o.cell_m = cell_m;
  o.seed = seed;
  return o;
}

// 5 km at 10 m: small enough to build in a fraction of a second, big enough for a town.
const Scenario& small() {
  static const Scenario s = make_demo_scenario(options(5.0, 10.0));
  return s;
}

// 20 km at 25 m: enough farms and roads for densities.
const Scenario& medium() {
  static const Scenario s = make_demo_scenario(options(20.0, 25.0, 7));
  return s;
}

const std::vector<float>& floats(const Scenario& s, std::string_view name) { return s.raster<float>(name).values; }

double median(std::vector<float> v) {
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
  return v[v.size() / 2];
}

// Sum of q_<cat>_<period> over `cats` for segment k.
double flow(const FeatureTable& t, std::size_t k, std::initializer_list<std::string_view> cats,
            std::string_view period = "day") {
  double sum = 0.0;
  for (auto c : cats) sum += t.doubles(names::flow_column(c, period))[k];
  return sum;
}

double all_flow(const FeatureTable& t, std::size_t k, std::string_view period = "day") {
  return flow(t, k, {"cat1", "cat2", "cat3", "cat4a", "cat4b"}, period);
}

Error error_of(const DemoOptions& o) {
  try {
    make_demo_scenario(o);
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "no error for size " << o.size_km << " km, cell " << o.cell_m << " m";
  return Error(ErrorCode::io_error, "none");
}

TEST(DemoScenarioDeterminism, SameSeedGivesIdenticalContent) {
  const Scenario again = make_demo_scenario(options(5.0, 10.0));
  EXPECT_EQ(again.content_digests(), small().content_digests());
  EXPECT_EQ(again.content_digests().size(), 9u);  // 7 layers, 2 tables
}

TEST(DemoScenarioDeterminism, OtherSeedGivesOtherContent) {
  const auto a = small().content_digests();
  const auto b = make_demo_scenario(options(5.0, 10.0, 2)).content_digests();
  for (const auto& [name, digest] : a) EXPECT_NE(digest, b.at(name)) << name;
}

TEST(DemoScenarioDeterminism, ThreadCountDoesNotChangeContent) {
  const auto build = [](std::size_t threads) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
    return make_demo_scenario(options(4.0, 10.0, 3)).content_digests();
  };
  EXPECT_EQ(build(1), build(2));
}

TEST(DemoScenarioLayers, StandardLayersOnTheRequestedGrid) {
  const Scenario& s = small();
  const GridSpec& g = s.grid();
  EXPECT_EQ(g.nx, 500);
  EXPECT_EQ(g.ny, 500);
  EXPECT_EQ(g.epsg, 28992);
  EXPECT_DOUBLE_EQ(g.x_min(), 150000.0);
  EXPECT_DOUBLE_EQ(g.y_min(), 440000.0);
  for (auto name : {names::dtm, names::building_height, names::vegetation_height, names::ground_factor,
                    names::dwellings, names::natura2000_kdw}) {
    EXPECT_EQ(s.layer(name).cell_type(), CellType::float32) << name;
    EXPECT_FALSE(s.layer(name).units.empty()) << name;
    EXPECT_FALSE(s.layer(name).description.empty()) << name;
  }
  EXPECT_EQ(s.layer(names::land_use).cell_type(), CellType::uint8);
  EXPECT_EQ(s.layer(names::natura2000_kdw).units, "mol ha-1 yr-1");
}

TEST(DemoScenarioLayers, InfoAndProvenance) {
  const Scenario& s = small();
  EXPECT_EQ(s.info.name, "demo-5km-10m-seed1");
  EXPECT_EQ(s.info.meteorology.at("climatology"), "nl-default");
  EXPECT_FALSE(s.info.description.empty());
  EXPECT_EQ(s.provenance.process, "demo-scenario");
  EXPECT_EQ(s.provenance.parameters.at("seed"), 1);
  EXPECT_EQ(s.provenance.parameters.at("size_km"), 5.0);
  EXPECT_FALSE(s.provenance.started_utc.empty());
  EXPECT_FALSE(s.provenance.finished_utc.empty());
}

TEST(DemoScenarioStatistics, TerrainIsGentle) {
  const auto& dtm = floats(small(), names::dtm);
  const auto [lo, hi] = std::minmax_element(dtm.begin(), dtm.end());
  EXPECT_GT(*lo, -6.0f);
  EXPECT_LT(*hi, 20.0f);
  EXPECT_GT(*hi - *lo, 2.0f);
  EXPECT_TRUE(std::all_of(dtm.begin(), dtm.end(), [](float z) { return std::isfinite(z); }));
}

TEST(DemoScenarioStatistics, BuildingHeightsAreDutch) {
  const auto& h = floats(small(), names::building_height);
  std::vector<float> built;
  for (float x : h) {
    ASSERT_GE(x, 0.0f);
    if (x > 0.0f) built.push_back(x);
  }
  const double share = static_cast<double>(built.size()) / static_cast<double>(h.size());
  EXPECT_GT(share, 0.02);
  EXPECT_LT(share, 0.25);
  EXPECT_GE(median(built), 6.0);
  EXPECT_LE(median(built), 20.0);
  EXPECT_LE(*std::max_element(built.begin(), built.end()), 80.0f);
}

TEST(DemoScenarioStatistics, DwellingsMatchResidentialVolume) {
  const auto& d = floats(small(), names::dwellings);
  const auto& h = floats(small(), names::building_height);
  double total = 0.0, footprint_m2 = 0.0;
  for (std::size_t i = 0; i < d.size(); ++i) {
    ASSERT_GE(d[i], 0.0f);
    total += d[i];
    if (h[i] > 0.0f) footprint_m2 += 100.0;
  }
  // One town of ~1 km radius: some thousands of dwellings, and on average 1-4 storeys of
  // ~100 m2 dwellings over the built footprint (business halls and barns hold none).
  EXPECT_GT(total, 2000.0);
  EXPECT_LT(total, 40000.0);
  const double per_100m2 = total / (footprint_m2 / 100.0);
  EXPECT_GT(per_100m2, 0.8);
  EXPECT_LT(per_100m2, 4.0);
}

TEST(DemoScenarioStatistics, LandUseClassesAndGroundFactor) {
  const Scenario& s = small();
  const auto& lu = s.raster<std::uint8_t>(names::land_use).values;
  const auto& g = floats(s, names::ground_factor);
  const auto& h = floats(s, names::building_height);
  std::set<int> classes;
  for (std::size_t i = 0; i < lu.size(); ++i) {
    classes.insert(lu[i]);
    ASSERT_GE(g[i], 0.0f);
    ASSERT_LE(g[i], 1.0f);
    if (lu[i] == static_cast<int>(LandUse::water) || h[i] > 0.0f) {
      ASSERT_EQ(g[i], 0.0f);
    }
  }
  for (LandUse c : {LandUse::grass, LandUse::arable, LandUse::permanent_crops, LandUse::water, LandUse::urban,
                    LandUse::other_nature, LandUse::bare_soil}) {
    EXPECT_TRUE(classes.count(static_cast<int>(c))) << "class " << static_cast<int>(c);
  }
  EXPECT_TRUE(classes.count(static_cast<int>(LandUse::coniferous_forest)) ||
              classes.count(static_cast<int>(LandUse::deciduous_forest)));
  EXPECT_FALSE(classes.count(0));  // no nodata
}

TEST(DemoScenarioStatistics, HeathHasItsCriticalDepositionValue) {
  const auto& kdw = floats(small(), names::natura2000_kdw);
  const auto& lu = small().raster<std::uint8_t>(names::land_use).values;
  std::size_t dry = 0, inside = 0;
  for (std::size_t i = 0; i < kdw.size(); ++i) {
    if (std::isnan(kdw[i])) continue;
    ++inside;
    ASSERT_TRUE(kdw[i] == 1071.0f || kdw[i] == 786.0f) << kdw[i];
    ASSERT_EQ(lu[i], static_cast<int>(LandUse::other_nature));
    if (kdw[i] == 1071.0f) ++dry;
  }
  EXPECT_GT(inside, 5000u);  // > 0.5 km2 of heath
  EXPECT_GT(dry, inside / 2);
}

TEST(DemoScenarioRoads, EveryStandardColumnWithUnits) {
  const FeatureTable& t = small().table(names::roads);
  EXPECT_EQ(t.geometry_type(), GeometryType::line);
  EXPECT_FALSE(t.description().empty());
  for (auto c : names::vehicle_categories) {
    for (auto p : names::periods) {
      EXPECT_EQ(t.column(names::flow_column(c, p)).units, "h-1");
      EXPECT_EQ(t.column(names::speed_column(c, p)).units, "km h-1");
    }
  }
  for (auto c : {names::road_id, names::road_name, names::road_kind, names::road_surface, names::road_slope}) {
    EXPECT_TRUE(t.has_column(c)) << c;
  }
  for (const Geometry& g : t.geometries()) ASSERT_EQ(g.vertices.size(), 2u);
}

TEST(DemoScenarioRoads, TrafficIsPlausible) {
  const FeatureTable& t = small().table(names::roads);
  const auto& kind = t.strings(names::road_kind);
  const auto& surface = t.strings(names::road_surface);
  std::set<std::string> kinds;
  for (std::size_t k = 0; k < t.size(); ++k) {
    kinds.insert(kind[k]);
    const double day = all_flow(t, k), heavy = flow(t, k, {"cat2", "cat3"});
    ASSERT_NEAR(all_flow(t, k, "evening") / day, 0.5, 0.1);
    ASSERT_LT(all_flow(t, k, "night") / day, 0.2);
    ASSERT_LE(std::abs(t.doubles(names::road_slope)[k]), 6.0);
    if (kind[k] == "motorway") {
      ASSERT_GE(day, 2700.0);
      ASSERT_LE(day, 5500.0);
      ASSERT_GE(heavy / day, 0.10 - 1e-9);
      ASSERT_LE(heavy / day, 0.15 + 1e-9);
      ASSERT_EQ(surface[k], "NL01");
      ASSERT_EQ(t.doubles("v_cat1_day")[k], 100.0);
      ASSERT_EQ(t.doubles("v_cat3_day")[k], 80.0);
    } else if (kind[k] == "arterial") {
      ASSERT_GE(day, 350.0);
      ASSERT_LE(day, 1650.0);
      ASSERT_GE(t.doubles("v_cat1_day")[k], 50.0);
      ASSERT_LE(t.doubles("v_cat1_day")[k], 80.0);
    } else {
      ASSERT_EQ(kind[k], "street");
      ASSERT_GE(day, 18.0);
      ASSERT_LE(day, 220.0);
    }
  }
  EXPECT_EQ(kinds, (std::set<std::string>{"motorway", "arterial", "street"}));
}

TEST(DemoScenarioSources, FarmsAndOneStack) {
  const FeatureTable& t = small().table(names::nitrogen_sources);
  EXPECT_EQ(t.geometry_type(), GeometryType::point);
  EXPECT_EQ(t.column(names::source_nh3).units, "kg yr-1");
  EXPECT_EQ(t.column(names::source_heat).units, "MW");
  const auto& nh3 = t.doubles(names::source_nh3);
  const auto& nox = t.doubles(names::source_nox);
  const auto& height = t.doubles(names::source_height);
  const auto& heat = t.doubles(names::source_heat);
  std::size_t stacks = 0, farms = 0;
  for (std::size_t k = 0; k < t.size(); ++k) {
    if (heat[k] > 0.0) {
      ++stacks;
      EXPECT_GE(nox[k], 2.0e5);
      EXPECT_LE(nox[k], 5.0e5);
      EXPECT_GE(height[k], 60.0);
      EXPECT_LE(height[k], 120.0);
      EXPECT_GE(heat[k], 5.0);
      EXPECT_LE(heat[k], 20.0);
      const double d = t.doubles(names::source_stack_diameter)[k];
      EXPECT_GT(d, 1.0);
      EXPECT_LT(d, 10.0);
      EXPECT_GT(t.doubles(names::source_exit_temperature)[k], 50.0);
      EXPECT_GT(t.doubles(names::source_exit_velocity)[k], 5.0);
    } else {
      ++farms;
      ASSERT_GE(nh3[k], 1000.0);
      ASSERT_LE(nh3[k], 20000.0);
      ASSERT_LT(nox[k], 200.0);
      ASSERT_GE(height[k], 3.0);
      ASSERT_LE(height[k], 6.0);
    }
  }
  EXPECT_EQ(stacks, 1u);
  EXPECT_GT(farms, 10u);
}

TEST(DemoScenarioDensity, FarmsAndRoadSegmentsPerKm2) {
  const Scenario& s = medium();
  const double km2 = 20.0 * 20.0;
  const double farms = static_cast<double>(s.table(names::nitrogen_sources).size() - 1);
  const double roads = static_cast<double>(s.table(names::roads).size());
  std::printf("[ info ] 20 km: %.2f farms/km2, %.2f road segments/km2\n", farms / km2, roads / km2);
  // About 2 farms and 8 segments per km2 on average; a 20 km square varies with its towns.
  EXPECT_GT(farms / km2, 1.4);
  EXPECT_LT(farms / km2, 2.6);
  EXPECT_GT(roads / km2, 5.0);
  EXPECT_LT(roads / km2, 12.0);
}

TEST(DemoScenarioOptions, ProgressRunsFromZeroToOne) {
  std::vector<double> seen;
  make_demo_scenario(options(2.0, 20.0), [&](double f) { seen.push_back(f); });
  ASSERT_GE(seen.size(), 3u);
  EXPECT_EQ(seen.front(), 0.0);
  EXPECT_EQ(seen.back(), 1.0);
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
}

TEST(DemoScenarioOptions, OverBudgetIsRefusedBeforeAllocating) {
  DemoOptions o = options(5.0, 10.0);
  o.budget.bytes = 1u << 20;
  EXPECT_EQ(error_of(o).code(), ErrorCode::over_memory_budget);
  // 1,000 km at 1 m would be 25 TB: refused at once, not after an attempt to allocate it.
  EXPECT_EQ(error_of(options(1000.0, 1.0)).code(), ErrorCode::over_memory_budget);
}

TEST(DemoScenarioOptions, BadOptionsAreRefused) {
  const double nan = std::nan(""), inf = INFINITY;
  for (const auto& [size, cell] : std::vector<std::pair<double, double>>{
           {0.0, 10.0}, {-5.0, 10.0}, {nan, 10.0}, {inf, 10.0}, {5.0, 0.0}, {5.0, -1.0}, {5.0, nan}, {5.0, 6000.0}}) {
    EXPECT_EQ(error_of(options(size, cell)).code(), ErrorCode::invalid_argument) << size << " km, " << cell << " m";
  }
  DemoOptions o = options(5.0, 10.0);
  o.x_min = nan;
  EXPECT_EQ(error_of(o).code(), ErrorCode::invalid_argument);
}

// Not run by default: the benchmark-size scenario, for timing by hand
// (--gtest_also_run_disabled_tests --gtest_filter='*Generate50km*').
TEST(DemoScenarioTiming, DISABLED_Generate50kmAt10m) {
  const auto t0 = std::chrono::steady_clock::now();
  const Scenario s = make_demo_scenario(options(50.0, 10.0));
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("[ info ] 50 km at 10 m: %.2f s, %zu roads, %zu sources\n", secs, s.table(names::roads).size(),
              s.table(names::nitrogen_sources).size());
}

}  // namespace
}  // namespace twin::data
