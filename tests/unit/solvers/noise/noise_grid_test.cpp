// The noise grid solver on synthetic scenes (a lone straight road on flat ground, a building
// row beside it), its parameters, 1 vs N threads, cancellation, statistics, and the demo
// landscape.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <iostream>
#include <optional>
#include <vector>

#include "noise_solver_detail.hpp"
#include "support/cancel_timing.hpp"
#include "twin/data/demo_scenario.hpp"
#include "twin/data/error.hpp"
#include "twin/data/standard_names.hpp"
#include "twin/solvers/builtin.hpp"
#include "twin/solvers/noise/emission.hpp"
#include "twin/solvers/noise/noise_solver.hpp"
#include "twin/solvers/noise/path.hpp"

namespace twin::solvers::noise {
namespace {

using data::Raster;
using data::Window;

constexpr double kRoadX = 150.0;  // metres from the grid's left edge

// Flat hard ground, `nx` x `ny` cells of `cell` m, and one straight road from the top to the
// bottom edge at x = kRoadX with `q` light vehicles per hour at 50 km/h in every period.
data::Scenario road_scene(std::int64_t nx, std::int64_t ny, double cell, double q, float g) {
  data::GridSpec grid;
  grid.x0 = 136000.0;
  grid.y0 = 456000.0;
  grid.cell = cell;
  grid.nx = nx;
  grid.ny = ny;
  data::Scenario s(grid);
  s.set_layer("dtm", data::make_layer(Raster<float>(grid, 2.0f, std::nanf("")), "m", ""));
  s.set_layer("building_height",
              data::make_layer(Raster<float>(grid, 0.0f, std::nanf("")), "m", ""));
  s.set_layer("ground_factor", data::make_layer(Raster<float>(grid, g, std::nanf("")), "1", ""));
  data::FeatureTable roads(data::GeometryType::line, "one road");
  roads.geometries().push_back(
      data::Geometry{{{grid.x0 + kRoadX, grid.y0}, {grid.x0 + kRoadX, grid.y_min()}}});
  roads.set_column(data::Column{"surface", "", std::vector<std::string>{"DEF"}});
  for (auto period : data::names::periods) {
    roads.set_column(
        data::Column{data::names::flow_column("cat1", period), "h-1", std::vector<double>{q}});
    roads.set_column(data::Column{data::names::speed_column("cat1", period), "km h-1",
                                  std::vector<double>{50.0}});
  }
  s.set_table("roads", std::move(roads));
  return s;
}

void fill(data::Scenario& s, std::string_view layer, std::int64_t c0, std::int64_t c1,
          std::int64_t r0, std::int64_t r1, float v) {
  auto& r = s.raster<float>(layer);
  for (std::int64_t row = r0; row < r1; ++row)
    for (std::int64_t col = c0; col < c1; ++col) r.at(col, row) = v;
}

LayerSet run(const data::Scenario& s, const nlohmann::json& given, int threads = 0,
             std::optional<Window> window = {}) {
  const NoiseSolver solver;
  const Params p = resolve(solver.params(), given);
  RunContext ctx({}, nullptr, threads);
  return solver.solve(s, p, window.value_or(s.grid().full()), ctx);
}

const Raster<float>& values(const LayerSet& r, const std::string& name) {
  const auto it = r.find(name);
  if (it == r.end()) throw std::runtime_error("no layer " + name);
  return std::get<Raster<float>>(it->second.raster);
}

// The reference: the same road cut into 0.5 m point sources, each propagated over the flat
// two-point profile with propagate(), summed energetically; A-weighted Lday.
double reference_lday(const data::Scenario& s, double x, double y, double q, double g) {
  const data::GridSpec& grid = s.grid();
  RoadConditions road;
  road.temperature_c = 15.0;
  const Spectrum lw = line_power_per_metre({{VehicleCategory::light, q, 50.0}}, road);
  Atmosphere atm;  // 15 degC, 70 %
  double e = 0;
  const double step = 0.5;
  for (double yy = grid.y_min() + step / 2; yy < grid.y0; yy += step) {
    Profile prof;
    CutPoint src;
    src.type = CutPointType::source;
    src.x = grid.x0 + kRoadX;
    src.y = yy;
    src.z = 2.05;
    src.z_ground = 2.0;
    src.g = 0.0;  // the road platform
    CutPoint rec;
    rec.type = CutPointType::receiver;
    rec.x = x;
    rec.y = y;
    rec.z = 6.0;
    rec.z_ground = 2.0;
    rec.g = g;
    prof.points = {src};
    if (g != 0.0) {  // the ground changes to G at the first profile sample after the source
      const double d = std::hypot(x - src.x, y - yy);
      const double f = 1.0 / std::ceil(d / grid.cell);
      CutPoint mid = src;
      mid.type = CutPointType::ground_effect;
      mid.x = src.x + f * (x - src.x);
      mid.y = yy + f * (y - yy);
      mid.z = 2.0;
      mid.g = g;
      if (f < 1.0) prof.points.push_back(mid);
    }
    prof.points.push_back(rec);
    const PathResult r = propagate(prof, flat(0.0), atm, 0.0);
    for (std::size_t b = 0; b < band_count; ++b) {
      const double w = std::pow(10.0, (lw[b] + a_weighting[b]) / 10.0) * step;
      e += w * (0.5 * std::pow(10.0, r.lf[b] / 10.0) + 0.5 * std::pow(10.0, r.lh[b] / 10.0));
    }
  }
  return 10.0 * std::log10(e);
}

TEST(NoiseGrid, LoneRoadOnHardGroundFallsWithDistanceAsThePathModelSays) {
  const data::Scenario s = road_scene(60, 120, 5.0, 800.0, 0.0f);
  const LayerSet r = run(s, nlohmann::json::object());
  const auto& lday = values(r, "lday");
  const std::int64_t row = 60;  // the middle: the road reaches 300 m either way
  double previous = 1e9;
  for (std::int64_t col = 30; col < 60; ++col) {
    const double x = s.grid().col_centre_x(col), y = s.grid().row_centre_y(row);
    const double got = lday.at(col, row);
    const double want = reference_lday(s, x, y, 800.0, 0.0);
    EXPECT_NEAR(got, want, 0.15) << "at " << x - s.grid().x0 - kRoadX << " m";
    EXPECT_LT(got, previous);
    previous = got;
  }
  // Line source: about 3 dB per doubling of distance near the road (hard ground, short of
  // the road's ends and of air absorption).
  // Receivers 7.5, 17.5 and 37.5 m from the road.
  const double l1 = lday.at(31, row), l2 = lday.at(33, row), l3 = lday.at(37, row);
  EXPECT_NEAR(l1 - l2, 10 * std::log10(17.5 / 7.5), 0.6);
  EXPECT_NEAR(l2 - l3, 10 * std::log10(37.5 / 17.5), 0.6);
}

TEST(NoiseGrid, LoneRoadOnSoftGroundMatchesThePathModel) {
  const data::Scenario s = road_scene(60, 120, 5.0, 800.0, 1.0f);
  const LayerSet r = run(s, nlohmann::json::object());
  const auto& lday = values(r, "lday");
  for (std::int64_t col : {31, 34, 40, 50, 59}) {
    const double x = s.grid().col_centre_x(col), y = s.grid().row_centre_y(60);
    EXPECT_NEAR(lday.at(col, 60), reference_lday(s, x, y, 800.0, 1.0), 0.25) << "col " << col;
  }
}

TEST(NoiseGrid, BuildingRowShieldsTheCellsBehindIt) {
  data::Scenario open = road_scene(60, 120, 5.0, 800.0, 0.0f);
  data::Scenario built = open;
  fill(built, "building_height", 33, 36, 0, 120, 12.0f);  // x = 165 .. 180 m, 12 m high
  const nlohmann::json p = {{"max_distance_m", 400.0}};
  const LayerSet ra = run(open, p);
  const auto& a = values(ra, "lden");
  const LayerSet rb = run(built, p);
  const auto& b = values(rb, "lden");
  for (std::int64_t row = 40; row < 80; row += 5) {
    for (std::int64_t col = 38; col < 60; col += 3) {
      EXPECT_LE(b.at(col, row), a.at(col, row) - 5.0) << col << ", " << row;
    }
    EXPECT_TRUE(std::isnan(b.at(34, row)));  // inside the building: no receiver
    // In front of the row nothing changes (no reflections are modelled).
    EXPECT_NEAR(b.at(31, row), a.at(31, row), 1e-4);
  }
}

TEST(NoiseGrid, DoublingTrafficAddsThreeDecibels) {
  const data::Scenario one = road_scene(40, 60, 5.0, 400.0, 0.5f);
  const data::Scenario two = road_scene(40, 60, 5.0, 800.0, 0.5f);
  const nlohmann::json p = {{"max_distance_m", 300.0}};
  const LayerSet a = run(one, p), b = run(two, p);
  for (const char* name : {"lden", "lday", "levening", "lnight"}) {
    const auto& la = values(a, name).values;
    const auto& lb = values(b, name).values;
    for (std::size_t k = 0; k < la.size(); ++k) {
      ASSERT_NEAR(lb[k] - la[k], 3.0103, 0.05) << name << " cell " << k;
    }
  }
}

TEST(NoiseGrid, OneAndTwoThreadsGiveIdenticalResults) {
  data::Scenario s = road_scene(80, 80, 5.0, 600.0, 0.5f);
  fill(s, "building_height", 33, 36, 10, 50, 9.0f);
  fill(s, "ground_factor", 40, 80, 0, 80, 1.0f);
  const nlohmann::json p = {{"max_distance_m", 300.0}};
  const LayerSet one = run(s, p, 1), two = run(s, p, 2);
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

TEST(NoiseGrid, WindowEqualsTheSameCellsOfTheFullRun) {
  const data::Scenario s = road_scene(40, 40, 5.0, 600.0, 0.5f);
  const nlohmann::json p = {{"max_distance_m", 200.0}};
  const LayerSet full = run(s, p);
  const Window w{25, 5, 10, 12};
  const LayerSet part = run(s, p, 0, w);
  const auto& a = values(full, "lden");
  const auto& b = values(part, "lden");
  ASSERT_EQ(b.grid.nx, 10);
  for (std::int64_t r = 0; r < w.nrows; ++r)
    for (std::int64_t c = 0; c < w.ncols; ++c) EXPECT_EQ(b.at(c, r), a.at(c + w.col0, r + w.row0));
}

TEST(NoiseGrid, CancelledBeforeAndDuringTheRun) {
  const data::Scenario s = road_scene(200, 200, 5.0, 600.0, 0.5f);
  const NoiseSolver solver;
  const Params p = resolve(solver.params(), nlohmann::json::object());
  std::atomic<bool> cancel{true};
  RunContext pre({}, &cancel, 0);
  EXPECT_THROW(solver.solve(s, p, s.grid().full(), pre), Cancelled);

  cancel = false;
  std::atomic<int> reports{0};
  RunContext ctx([&](double) { ++reports; }, &cancel, 0);
  EXPECT_LT(
      test::seconds_to_stop_after_cancel(cancel, [&] { solver.solve(s, p, s.grid().full(), ctx); }),
      1.0);
  EXPECT_GE(reports.load(), 1);
}

TEST(NoiseGrid, BadParametersAndRoadsAreRefusedNamingThem) {
  const auto refused = [&](const nlohmann::json& given, const std::string& name) {
    try {
      const data::Scenario s = road_scene(10, 10, 5.0, 100.0, 0.5f);
      run(s, given);
      ADD_FAILURE() << "accepted " << given.dump();
    } catch (const data::Error& e) {
      EXPECT_NE(std::string(e.what()).find(name), std::string::npos) << e.what();
    }
  };
  refused({{"max_distance_m", 20.0}}, "max_distance_m");
  refused({{"max_distance_m", 6000.0}}, "max_distance_m");
  refused({{"receiver_height_m", 0.1}}, "receiver_height_m");
  refused({{"p_night", 1.5}}, "p_night");
  refused({{"default_surface", "NL99"}}, "default_surface");
  refused({{"min_source_spacing_m", 20.0}, {"max_source_spacing_m", 10.0}}, "min_source_spacing_m");
  refused({{"no_such_thing", 1}}, "no_such_thing");

  data::Scenario s = road_scene(10, 10, 5.0, 100.0, 0.5f);
  s.table("roads").set_column(data::Column{"surface", "", std::vector<std::string>{"XX1"}});
  try {
    run(s, nlohmann::json::object());
    ADD_FAILURE() << "accepted an unknown surface";
  } catch (const data::Error& e) {
    EXPECT_NE(std::string(e.what()).find("row 0"), std::string::npos) << e.what();
  }
  const Window outside{5, 5, 10, 10};
  EXPECT_THROW(run(road_scene(10, 10, 5.0, 100.0, 0.5f), nlohmann::json::object(), 0, outside),
               data::Error);
}

TEST(NoiseGrid, IsRegisteredAsNoise) {
  Registry registry;
  register_builtin_solvers(registry);
  const Solver* noise = registry.find("noise");
  ASSERT_NE(noise, nullptr);
  EXPECT_EQ(noise->needs(), (std::vector<std::string>{"dtm", "building_height", "roads"}));
  EXPECT_EQ(noise->halo_m(resolve(noise->params(), {{"max_distance_m", 700.0}})), 700.0);
  const nlohmann::json d = describe(noise->params());
  for (const auto& p : d) {
    EXPECT_TRUE(p.contains("default")) << p.dump();
    EXPECT_FALSE(p.at("help").get<std::string>().empty()) << p.dump();
  }
}

TEST(NoiseStatistics, AreaAndDwellingsPerBand) {
  data::Scenario s = road_scene(40, 40, 5.0, 1000.0, 0.5f);
  fill(s, "building_height", 35, 37, 10, 12, 8.0f);  // a house 25 m from the road
  s.set_layer("dwellings", data::make_layer(Raster<float>(s.grid(), 0.0f, std::nanf("")), "1", ""));
  fill(s, "dwellings", 35, 36, 10, 11, 3.0f);
  const LayerSet r = run(s, {{"max_distance_m", 300.0}});
  const nlohmann::json j =
      NoiseSolver().statistics(s, r, resolve(NoiseSolver().params(), nlohmann::json::object()));
  const auto& lden = values(r, "lden");
  double area = 0, highest_near = 0;
  for (float v : lden.values) area += !std::isnan(v) && v >= 50.0f ? 25.0 : 0.0;
  double sum = 0;
  for (double a : j["lden"]["area_m2_per_band"]) sum += a;
  EXPECT_DOUBLE_EQ(sum, area);
  for (std::int64_t r0 = 8; r0 <= 12; ++r0)
    for (std::int64_t c0 = 33; c0 <= 37; ++c0) {
      const float v = lden.at(c0, r0);
      if (!std::isnan(v) && std::hypot(c0 - 35, r0 - 10) * 5.0 <= 10.0)
        highest_near = std::max(highest_near, double{v});
    }
  const auto band = static_cast<std::size_t>(std::clamp((highest_near - 50.0) / 5.0, 0.0, 5.0));
  EXPECT_EQ(j["lden"]["dwellings_per_band"][band].get<double>(), 3.0) << j.dump();
  EXPECT_EQ(j["lnight"]["dwellings_unknown"].get<double>(), 0.0);
}

TEST(NoiseGrid, DemoTownIsLoudNextToTheBusiestRoadAndQuieterFarAway) {
  data::DemoOptions o;
  o.size_km = 1.0;
  o.cell_m = 10.0;
  const data::Scenario s = data::make_demo_scenario(o);
  const auto start = std::chrono::steady_clock::now();
  const LayerSet r = run(s, nlohmann::json::object());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "demo 1 km at 10 m: " << seconds << " s\n";
  const auto& lden = values(r, "lden");
  const data::FeatureTable& roads = s.table("roads");
  const auto& q = roads.doubles("q_cat1_day");
  const auto& kind = roads.strings("kind");
  // The busiest town or provincial road, and the busiest motorway carriageway.
  constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  std::size_t busiest = kNone, motorway = kNone;
  for (std::size_t k = 0; k < roads.size(); ++k) {
    std::size_t& best = kind[k] == "motorway" ? motorway : busiest;
    if (best == kNone || q[k] > q[best]) best = k;
  }
  ASSERT_NE(busiest, kNone);
  const data::GridSpec& g = s.grid();
  // Distance of a point to a road row's polyline.
  const auto distance_to = [&](std::size_t row, double x, double y) {
    const auto& v = roads.geometries()[row].vertices;
    double best = 1e18;
    for (std::size_t i = 0; i + 1 < v.size(); ++i) {
      const double dx = v[i + 1].x - v[i].x, dy = v[i + 1].y - v[i].y;
      const double len2 = dx * dx + dy * dy;
      const double t =
          len2 > 0 ? std::clamp(((x - v[i].x) * dx + (y - v[i].y) * dy) / len2, 0.0, 1.0) : 0.0;
      best = std::min(best, std::hypot(x - v[i].x - t * dx, y - v[i].y - t * dy));
    }
    return best;
  };
  std::vector<float> near, near_motorway, far;
  double dwellings = 0;
  for (float d : s.raster<float>("dwellings").values) dwellings += d > 0 ? d : 0;
  for (std::int64_t row = 0; row < g.ny; ++row) {
    for (std::int64_t col = 0; col < g.nx; ++col) {
      const float v = lden.at(col, row);
      if (std::isnan(v)) continue;
      const double x = g.col_centre_x(col), y = g.row_centre_y(row);
      if (distance_to(busiest, x, y) <= 15.0) near.push_back(v);
      if (motorway != kNone && distance_to(motorway, x, y) <= 15.0) near_motorway.push_back(v);
      double nearest = 1e18;
      for (std::size_t k = 0; k < roads.size(); ++k)
        nearest = std::min(nearest, distance_to(k, x, y));
      if (nearest >= 100.0) far.push_back(v);
    }
  }
  ASSERT_GT(near.size(), 3u);
  const auto median = [](std::vector<float> v) {
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
    return v[v.size() / 2];
  };
  const float near_max = *std::max_element(near.begin(), near.end());
  std::cout << "busiest road (" << kind[busiest] << "): q_cat1_day " << q[busiest]
            << ", Lden next to it: median " << median(near) << ", max " << near_max << " dB; "
            << far.size() << " cells >= 100 m from roads, median "
            << (far.empty() ? 0.0f : median(far)) << " dB\n";
  // The maximum may sit where the road meets the motorway; the median is the road's own.
  EXPECT_GT(median(near), 60.0f);
  EXPECT_LT(median(near), 80.0f);
  // A Dutch 2x3 motorway carriageway (3,000-5,000 veh/h, 10-15 % freight, ZOAB) within 15 m:
  // the model gives low to mid 80s (line source ~90 dB(A)/m, hard verge, no barrier).
  if (!near_motorway.empty()) {
    std::cout << "motorway (q_cat1_day " << q[motorway] << "): Lden within 15 m median "
              << median(near_motorway) << " dB\n";
    EXPECT_GT(median(near_motorway), 72.0f);
    EXPECT_LT(median(near_motorway), 88.0f);
  }
  std::cout << "dwellings in the demo: " << dwellings << "\n";
  if (!far.empty()) {
    EXPECT_LT(median(far), median(near) - 10.0f);
  }
  const nlohmann::json stats =
      NoiseSolver().statistics(s, r, resolve(NoiseSolver().params(), nlohmann::json::object()));
  std::cout << stats.dump() << "\n";
  EXPECT_TRUE(stats["lden"].contains("dwellings_per_band"));
}

}  // namespace
}  // namespace twin::solvers::noise

namespace twin::solvers::noise {
namespace {

// The solver computes a block of receivers road chunk by road chunk (for the cache); every
// receiver must still get exactly what it gets alone, in the documented summation order.
TEST(NoiseGrid, BlockwiseKernelEqualsEachReceiverAlone) {
  data::DemoOptions o;
  o.size_km = 1.0;
  o.cell_m = 20.0;
  const data::Scenario s = data::make_demo_scenario(o);
  const nlohmann::json given = {{"max_distance_m", 400.0}};
  const LayerSet r = run(s, given, 2);
  const auto& lday = values(r, "lday");
  const detail::NoiseSettings st = detail::read_settings(resolve(NoiseSolver().params(), given));
  const auto& dtm = s.raster<float>("dtm");
  const auto& bh = s.raster<float>("building_height");
  const detail::Terrain terrain(dtm, bh, &s.raster<float>("ground_factor"), st.default_g);
  const detail::Sources sources = detail::make_sources(s, st);
  const detail::Facades facades = detail::make_facades(s, st);
  Atmosphere atm;
  atm.temperature_c = st.temperature_c;
  atm.humidity_percent = st.humidity_pct;
  detail::Scratch scratch(atm);
  const data::GridSpec& g = s.grid();
  std::size_t checked = 0;
  for (std::int64_t row = 0; row < g.ny; row += 3) {
    for (std::int64_t col = 0; col < g.nx; col += 2) {
      if (!std::isfinite(dtm.at(col, row)) || bh.at(col, row) > 0.0f) continue;
      const detail::ReceiverResult alone =
          detail::receiver_energy({terrain, sources, facades, st}, g.col_centre_x(col), g.row_centre_y(row),
                                  dtm.at(col, row) + st.receiver_height_m, scratch);
      const float want = static_cast<float>(std::max(0.0, 10.0 * std::log10(alone.energy[0])));
      ASSERT_EQ(lday.at(col, row), want) << col << ", " << row;
      ++checked;
    }
  }
  EXPECT_GT(checked, 300u);
}

}  // namespace
}  // namespace twin::solvers::noise
