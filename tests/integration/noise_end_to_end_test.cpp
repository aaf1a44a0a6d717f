// The noise process end to end through the `twinsolve` binary: the Lorient data (EPSG:2154,
// NoiseModelling's road table, buildings, ground types and DEM points) imported into a
// scenario, `twinsolve run --process noise` on a 5 m grid over the busiest road's quarter,
// levels next to that road, and the map exported as a COG and a PNG; and the demo scenario
// through the same command.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iostream>
#include <vector>

#include <nlohmann/json.hpp>

#include "run_command.hpp"
#include "test_paths.hpp"
#include "twin/data/hdf5_store.hpp"

namespace twin::test {
namespace {

namespace fs = std::filesystem;

CommandResult twinsolve(const std::string& args) {
  return run_command(std::string(TWINSOLVE_BIN) + " -q " + args, 300, true);
}
std::string q(const fs::path& p) { return "'" + p.string() + "'"; }

double distance_to(const data::Geometry& line, double x, double y) {
  const auto& v = line.vertices;
  double best = 1e18;
  for (std::size_t i = 0; i + 1 < v.size(); ++i) {
    const double dx = v[i + 1].x - v[i].x, dy = v[i + 1].y - v[i].y;
    const double len2 = dx * dx + dy * dy;
    const double t =
        len2 > 0 ? std::clamp(((x - v[i].x) * dx + (y - v[i].y) * dy) / len2, 0.0, 1.0) : 0.0;
    best = std::min(best, std::hypot(x - v[i].x - t * dx, y - v[i].y - t * dy));
  }
  return best;
}

float median(std::vector<float> v) {
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
  return v[v.size() / 2];
}

TEST(NoiseEndToEnd, LorientBusiestRoadQuarterAt5m) {
  const fs::path l = shared_data("lorient");
  if (!fs::exists(l)) GTEST_SKIP() << "../shared/data/lorient is absent";
  const auto dir = scratch_dir("NoiseEndToEnd_Lorient");
  // The DEM comes as points (NoiseModelling's dem.geojson, 75 m apart): gridded by GDAL's
  // linear (Delaunay) interpolation, then warped onto the scenario grid.
  const CommandResult dem = run_command(
      "gdal_grid -q -zfield height -a linear:radius=0:nodata=-9999 -txe 222975 223600 "
      "-tye 6757900 6758600 -tr 25 25 -of GTiff -ot Float32 " +
          q(l / "dem.geojson") + " " + q(dir / "dem.tif"),
      120, true);
  ASSERT_EQ(dem.status, 0) << dem.output;
  // Two receiver points at cell centres (OPS receptor layout; the numbers are EPSG:2154 here).
  std::ofstream(dir / "points.rcp") << "\"nr\" \"name\" \"x\" \"y\"\n"
                                    << "1 \"a\" 223232.5 6758247.5\n2 \"b\" 223102.5 6758397.5\n";
  // 500 m x 500 m around the busiest road (PK 1627, 9,000 vehicles/h by day, 50 km/h).
  const CommandResult ingest = twinsolve(
      "ingest --out " + q(dir / "lorient.h5") +
      " --epsg 2154 --bounds 222980 6758000 223480 6758500 --cell 5 --raster dtm=" +
      q(dir / "dem.tif") + ":bilinear --buildings " + q(l / "buildings.shp") + ":HEIGHT --roads " +
      q(l / "ROADS2.shp") + " --roads-preset lorient --ground " + q(l / "ground_type.shp") + ":G" +
      " --rcp " + q(dir / "points.rcp"));
  ASSERT_EQ(ingest.status, 0) << ingest.output;
  const CommandResult run =
      twinsolve("run --process noise --scenario " + q(dir / "lorient.h5") + " --out " +
                q(dir / "noise.h5") + " --stats " + q(dir / "stats.json"));
  ASSERT_EQ(run.status, 0) << run.output;

  const data::Scenario scenario = data::read_scenario(dir / "lorient.h5");
  const data::Scenario result = data::read_scenario(dir / "noise.h5");
  const auto& lden = result.raster<float>("lden");
  const auto& roads = scenario.table("roads");
  const auto& ids = roads.integers("id");
  const auto it = std::find(ids.begin(), ids.end(), std::int64_t{1627});
  ASSERT_NE(it, ids.end());
  const data::Geometry& busiest = roads.geometries()[static_cast<std::size_t>(it - ids.begin())];
  std::vector<float> near, all;
  const data::GridSpec& g = lden.grid;
  for (std::int64_t r = 0; r < g.ny; ++r) {
    for (std::int64_t c = 0; c < g.nx; ++c) {
      const float v = lden.at(c, r);
      if (std::isnan(v)) continue;
      all.push_back(v);
      const double d = distance_to(busiest, g.col_centre_x(c), g.row_centre_y(r));
      if (d >= 7.5 && d <= 12.5) near.push_back(v);
    }
  }
  ASSERT_GT(near.size(), 20u);
  std::cout << "Lorient, 10 m from PK 1627: median Lden " << median(near) << " dB over "
            << near.size() << " cells; whole quarter median " << median(all) << ", max "
            << *std::max_element(all.begin(), all.end()) << " dB\n";
  // 9,000 light vehicles/h at 50 km/h on NL05 (line source ~86 dB(A)/m by day), 10 m away,
  // 4 m high: low to high 70s; a busy urban road is mapped at 65-80 dB Lden.
  EXPECT_GT(median(near), 65.0f);
  EXPECT_LT(median(near), 82.0f);
  EXPECT_LT(median(all), median(near) - 5.0f);  // the quarter away from the road is quieter

  // The receiver points come out in the statistics with their cells' levels (a point in a
  // building cell has none, as the cell has none).
  const nlohmann::json stats = nlohmann::json::parse(std::ifstream(dir / "stats.json"));
  const nlohmann::json& points = stats.at("receptors");
  ASSERT_EQ(points.size(), 2u) << stats.dump();
  for (const auto& p : points) {
    const auto cell = g.cell_at(p.at("x").get<double>(), p.at("y").get<double>());
    ASSERT_TRUE(cell);
    const float v = lden.at(cell->col, cell->row);
    if (std::isnan(v)) {
      EXPECT_TRUE(p.at("lden").is_null()) << p.dump();
    } else {
      EXPECT_EQ(static_cast<float>(p.at("lden").get<double>()), v) << p.dump();
    }
  }

  for (const std::string format : {"tiff", "png"}) {
    const fs::path out = dir / ("lden." + format);
    const CommandResult e = twinsolve("export " + q(dir / "noise.h5") + " lden --format " + format +
                                      " --out " + q(out));
    ASSERT_EQ(e.status, 0) << e.output;
    EXPECT_GT(fs::file_size(out), 1000u) << format;
  }
  const CommandResult info = run_command("gdalinfo " + q(dir / "lden.tiff"), 60, true);
  EXPECT_NE(info.output.find("LAYOUT=COG"), std::string::npos) << info.output;
  EXPECT_NE(info.output.find("Lambert"), std::string::npos) << "not in EPSG:2154";
}

TEST(NoiseEndToEnd, DemoScenarioThroughRun) {
  const auto dir = scratch_dir("NoiseEndToEnd_Demo");
  const CommandResult made =
      twinsolve("demo-scenario --out " + q(dir / "demo.h5") + " --size-km 1 --cell-m 20");
  ASSERT_EQ(made.status, 0) << made.output;
  const CommandResult run =
      twinsolve("run --process noise --scenario " + q(dir / "demo.h5") + " --out " +
                q(dir / "noise.h5") + " --param max_distance_m=500");
  ASSERT_EQ(run.status, 0) << run.output;
  const data::Scenario result = data::read_scenario(dir / "noise.h5");
  for (const char* name : {"lden", "lday", "levening", "lnight"}) {
    const auto& v = result.raster<float>(name).values;
    const auto finite = std::count_if(v.begin(), v.end(), [](float x) { return !std::isnan(x); });
    EXPECT_GT(finite, static_cast<std::ptrdiff_t>(v.size() / 2)) << name;
    const float top = *std::max_element(v.begin(), v.end(), [](float a, float b) {
      return std::isnan(a) || (!std::isnan(b) && a < b);
    });
    EXPECT_GT(top, 60.0f) << name;
    EXPECT_LT(top, 95.0f) << name;
  }
}

}  // namespace
}  // namespace twin::test
