// Receiver points of the noise solver (the scenario's receptors table): the same levels as the
// grid at a cell centre, shielding behind a building row, their own heights, and bad rows
// refused naming the row before any map is computed.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "noise_test_scene.hpp"
#include "twin/data/error.hpp"
#include "twin/data/standard_names.hpp"
#include "twin/solvers/noise/noise_solver.hpp"

namespace twin::solvers::noise {
namespace {

namespace names = data::names;

const nlohmann::json kParams = {{"max_distance_m", 400.0}};

struct Point {
  double x, y;  // metres from the grid's top-left corner, x east, y south
  double height = std::nan("");
};

void set_receptors(data::Scenario& s, const std::vector<Point>& points) {
  data::FeatureTable t(data::GeometryType::point, "test receptors");
  std::vector<std::int64_t> ids;
  std::vector<std::string> labels;
  std::vector<double> heights;
  for (const Point& p : points) {
    t.geometries().push_back(data::Geometry{{{s.grid().x0 + p.x, s.grid().y0 - p.y}}});
    ids.push_back(100 + static_cast<std::int64_t>(ids.size()));
    labels.push_back("point " + std::to_string(labels.size()));
    heights.push_back(p.height);
  }
  t.set_column(data::Column{std::string(names::receptor_id), "", ids});
  t.set_column(data::Column{std::string(names::receptor_name), "", labels});
  t.set_column(data::Column{std::string(names::receptor_height), "m", heights});
  s.set_table(std::string(names::receptors), std::move(t));
}

struct Solved {
  LayerSet map;
  nlohmann::json stats;
};

Solved run(const data::Scenario& s, const nlohmann::json& given = kParams) {
  const NoiseSolver solver;
  const Params p = resolve(solver.params(), given);
  RunContext ctx({}, nullptr, 2);
  Solved r;
  r.map = solver.solve(s, p, s.grid().full(), ctx);
  r.stats = solver.statistics(s, r.map, p);
  return r;
}

float cell(const Solved& r, const char* layer, std::int64_t col, std::int64_t row) {
  return std::get<data::Raster<float>>(r.map.at(layer).raster).at(col, row);
}

TEST(NoiseReceptors, APointAtACellCentreGetsTheCellsLevels) {
  data::Scenario s = test::small_town();
  // Cell centres: (col + 0.5) * 10, (row + 0.5) * 10; the last one at 4 m given explicitly.
  const std::vector<std::pair<std::int64_t, std::int64_t>> cells = {{3, 3}, {10, 20}, {27, 5}, {15, 16}, {0, 29}};
  std::vector<Point> points;
  for (const auto& [c, r] : cells) points.push_back({(c + 0.5) * 10, (r + 0.5) * 10});
  points.back().height = 4.0;
  set_receptors(s, points);
  const Solved r = run(s);
  const nlohmann::json& rows = r.stats.at("receptors");
  ASSERT_EQ(rows.size(), cells.size());
  for (std::size_t k = 0; k < cells.size(); ++k) {
    const auto [c, row] = cells[k];
    EXPECT_EQ(rows[k].at("id").get<std::int64_t>(), 100 + static_cast<std::int64_t>(k));
    EXPECT_EQ(rows[k].at("name").get<std::string>(), "point " + std::to_string(k));
    EXPECT_EQ(rows[k].at("height_m").get<double>(), 4.0);
    for (const char* layer : {"lday", "levening", "lnight", "lden"}) {
      EXPECT_EQ(static_cast<float>(rows[k].at(layer).get<double>()), cell(r, layer, c, row))
          << layer << " at cell " << c << ", " << row;
    }
    EXPECT_GT(rows[k].at("lden").get<double>(), 30.0);
  }
  EXPECT_EQ(r.stats.at("receptors_left_out").get<std::size_t>(), 0u);
}

TEST(NoiseReceptors, APointBehindABuildingRowIsQuieter) {
  // North of the row of houses (cols 12-20, rows 10-13), which stands between it and the bent
  // road to the south; the straight road is 110 m to the west in the open.
  const std::vector<Point> points = {{165, 85}, {165, 155}};  // behind, and in front of the row
  data::Scenario built = test::small_town();
  set_receptors(built, points);
  data::Scenario open = built;
  auto& bh = open.raster<float>(names::building_height);
  for (std::int64_t r = 10; r < 14; ++r)
    for (std::int64_t c = 12; c < 21; ++c) bh.at(c, r) = 0.0f;
  const nlohmann::json a = run(built).stats.at("receptors"), b = run(open).stats.at("receptors");
  const double behind = a[0].at("lden").get<double>(), behind_open = b[0].at("lden").get<double>();
  std::cout << "behind the row " << behind << " dB, without the row " << behind_open << " dB\n";
  EXPECT_LT(behind, behind_open - 3.0);
  // In front of the row a building only shields (without reflections nothing is added), and
  // little: only some of the straight road's paths cross the row.
  const double front = a[1].at("lden").get<double>(), front_open = b[1].at("lden").get<double>();
  std::cout << "in front of the row " << front << " dB, without the row " << front_open << " dB\n";
  EXPECT_LE(front, front_open + 1e-9);
  EXPECT_GT(front, front_open - 1.0);
}

TEST(NoiseReceptors, OwnHeightsAreUsedAndPointsInBuildingsHaveNoLevel) {
  data::Scenario s = test::small_town();
  set_receptors(s, {{165, 85, 4.0}, {165, 85, 14.0}, {160, 115}});  // the last in a house
  const nlohmann::json rows = run(s).stats.at("receptors");
  // 14 m sees over the 9 m row: louder than 4 m behind it.
  EXPECT_GT(rows[1].at("lden").get<double>(), rows[0].at("lden").get<double>() + 3.0);
  EXPECT_EQ(rows[1].at("height_m").get<double>(), 14.0);
  EXPECT_TRUE(rows[2].at("lden").is_null());
  EXPECT_NE(rows[2].at("note").get<std::string>().find("building"), std::string::npos);
}

TEST(NoiseReceptors, AtMostMaxReceptorsRowsAreComputed) {
  data::Scenario s = test::small_town();
  set_receptors(s, {{35, 35}, {45, 45}, {55, 55}});
  nlohmann::json p = kParams;
  p["max_receptors"] = 2;
  const Solved r = run(s, p);
  EXPECT_EQ(r.stats.at("receptors").size(), 2u);
  EXPECT_EQ(r.stats.at("receptors_left_out").get<std::size_t>(), 1u);
}

TEST(NoiseReceptors, BadRowsAreRefusedNamingTheRowBeforeTheMap) {
  const auto refused = [](data::Scenario s, const std::string& want) {
    const NoiseSolver solver;
    const Params p = resolve(solver.params(), kParams);
    RunContext ctx({}, nullptr, 1);
    try {
      solver.solve(s, p, s.grid().full(), ctx);
      ADD_FAILURE() << "accepted: " << want;
    } catch (const data::Error& e) {
      EXPECT_NE(std::string(e.what()).find(want), std::string::npos) << e.what();
    }
  };
  const std::vector<Point> good = {{75, 75}, {85, 85}};
  const auto with = [&](Point bad) {
    data::Scenario s = test::small_town();
    std::vector<Point> pts = good;
    pts.push_back(bad);
    set_receptors(s, pts);
    return s;
  };
  refused(with({-50, 35}), "row 2: the point lies outside the scenario grid");
  refused(with({std::nan(""), 35}), "row 2: coordinates are not finite");
  refused(with({35, 35, -1.0}), "row 2: height_m must lie in (0, 200] m");
  refused(with({35, 35, 500.0}), "row 2: height_m must lie in (0, 200] m");
  {
    data::Scenario s = with({35, 35});
    auto& dtm = s.raster<float>(names::dtm);
    for (std::int64_t r = 2; r < 5; ++r)
      for (std::int64_t c = 2; c < 5; ++c) dtm.at(c, r) = std::nanf("");
    refused(s, "row 2: the terrain (dtm) is unknown");
  }
  {
    data::Scenario s = with({35, 35});
    s.table(names::receptors).geometries()[1].vertices.push_back({s.grid().x0 + 1, s.grid().y0 - 1});
    refused(s, "row 1: a receptor must be one point");
  }
  {
    data::Scenario s = test::small_town();
    data::FeatureTable lines(data::GeometryType::line, "not points");
    lines.geometries().push_back(data::Geometry{{{s.grid().x0 + 5, s.grid().y0 - 5}, {s.grid().x0 + 15, s.grid().y0 - 5}}});
    s.set_table(std::string(names::receptors), std::move(lines));
    refused(s, "table 'receptors' must hold points");
  }
  {
    data::Scenario s = with({35, 35});
    s.table(names::receptors)
        .set_column(data::Column{std::string(names::receptor_height), "", std::vector<std::string>{"a", "b", "c"}});
    refused(s, "column 'height_m' must hold numbers");
  }
}

}  // namespace
}  // namespace twin::solvers::noise
