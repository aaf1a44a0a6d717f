#pragma once
// The synthetic scenario the edits tests share: a 20 x 20 grid, three roads, two sources.
#include <cmath>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "twin/data/scenario.hpp"
#include "twin/data/standard_names.hpp"

namespace twin::jobs::edits_test {

namespace names = data::names;
using nlohmann::json;

// 20 x 20 cells of 10 m; x 1000..1200, y 2000..2200. Cell (col, row) has its centre at
// (1005 + 10 col, 2195 - 10 row).
inline const data::GridSpec grid{1000.0, 2200.0, 10.0, 20, 20, 28992};

inline data::FeatureTable roads_table() {
  data::FeatureTable roads(data::GeometryType::line, "three segments");
  roads.geometries() = {
      data::Geometry{{{1000, 2150}, {1200, 2150}}, {0}},  // id 11: west-east at y 2150
      data::Geometry{{{1050, 2000}, {1050, 2200}}, {0}},  // id 12: south-north at x 1050
      data::Geometry{{{1150, 2020}, {1190, 2020}}, {0}},  // id 13: short, south-east
  };
  roads.set_column({"id", "", std::vector<std::int64_t>{11, 12, 13}});
  for (std::string_view cat : {"cat1", "cat3"}) {
    for (std::string_view period : names::periods) {
      roads.set_column(
          {names::flow_column(cat, period), "h-1", std::vector<double>{100, 200, 300}});
      roads.set_column(
          {names::speed_column(cat, period), "km h-1", std::vector<double>{50, 80, 30}});
    }
  }
  return roads;
}

inline data::FeatureTable sources_table() {
  data::FeatureTable sources(data::GeometryType::point, "two farms");
  sources.geometries() = {data::Geometry{{{1025, 2175}}, {0}}, data::Geometry{{{1175, 2025}}, {0}}};
  sources.set_column({"id", "", std::vector<std::int64_t>{1, 2}});
  sources.set_column({std::string(names::source_nh3), "kg yr-1", std::vector<double>{100, 200}});
  sources.set_column({std::string(names::source_nox), "kg yr-1", std::vector<double>{10, 20}});
  return sources;
}

// Buildings 0 (none), land use all grass, no vegetation layer (edits must create it).
inline data::Scenario test_scenario(bool with_tables = true, bool with_land_use = true) {
  data::Scenario s(grid);
  const float nan = std::nanf("");
  s.set_layer(std::string(names::building_height),
              data::make_layer(data::Raster<float>(grid, 0.0f, nan), "m", "buildings"));
  if (with_land_use) {
    s.set_layer(std::string(names::land_use),
                data::make_layer(data::Raster<std::uint8_t>(grid, 1, 0), "1", "land use"));
  }
  if (with_tables) {
    s.set_table(std::string(names::roads), roads_table());
    s.set_table(std::string(names::nitrogen_sources), sources_table());
  }
  return s;
}

// Polygon of the cells with columns [c0, c1) and rows [r0, r1), edges on cell borders.
inline json cells_rect(int c0, int c1, int r0, int r1) {
  const double x0 = 1000 + 10 * c0, x1 = 1000 + 10 * c1;
  const double y0 = 2200 - 10 * r0, y1 = 2200 - 10 * r1;
  return json::array({{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}});
}

}  // namespace twin::jobs::edits_test
