#pragma once
// A small synthetic town for the noise map tests: sloping terrain with a hill, mixed ground,
// building blocks of different heights, a thin barrier and two roads (one straight, one bent
// with a gradient and a Dutch surface), day/evening/night traffic. Everything the grid
// kernel branches on appears somewhere, on 30 x 30 cells of 10 m, so a whole map takes well
// under a second.
#include <cmath>
#include <string>
#include <vector>

#include "twin/data/scenario.hpp"
#include "twin/data/standard_names.hpp"

namespace twin::solvers::noise::test {

inline data::Scenario small_town() {
  data::GridSpec grid;
  grid.x0 = 136000.0;
  grid.y0 = 456300.0;
  grid.cell = 10.0;
  grid.nx = 30;
  grid.ny = 30;
  const float nan = std::nanf("");
  data::Scenario s(grid);
  data::Raster<float> dtm(grid, 0.0f, nan), bh(grid, 0.0f, nan), g(grid, 0.0f, nan);
  for (std::int64_t r = 0; r < grid.ny; ++r) {
    for (std::int64_t c = 0; c < grid.nx; ++c) {
      const double x = grid.col_centre_x(c) - grid.x0, y = grid.y0 - grid.row_centre_y(r);
      const double hill = 6.0 * std::exp(-(std::pow(x - 230, 2) + std::pow(y - 70, 2)) / 1800.0);
      dtm.at(c, r) = static_cast<float>(2.0 + 0.02 * x + hill);
      g.at(c, r) = x < 100 ? 0.0f : r > 20 ? 0.5f : 1.0f;
    }
  }
  const auto block = [&](std::int64_t c0, std::int64_t c1, std::int64_t r0, std::int64_t r1, float h) {
    for (std::int64_t r = r0; r < r1; ++r)
      for (std::int64_t c = c0; c < c1; ++c) bh.at(c, r) = h;
  };
  block(12, 21, 10, 14, 9.0f);   // a row of houses
  block(22, 25, 18, 27, 15.0f);  // a taller block
  block(8, 9, 2, 13, 4.0f);      // a thin barrier beside the straight road
  s.set_layer(std::string(data::names::dtm), data::make_layer(std::move(dtm), "m", ""));
  s.set_layer(std::string(data::names::building_height), data::make_layer(std::move(bh), "m", ""));
  s.set_layer(std::string(data::names::ground_factor), data::make_layer(std::move(g), "1", ""));

  data::FeatureTable roads(data::GeometryType::line, "two roads");
  roads.geometries().push_back(data::Geometry{{{grid.x0 + 55, grid.y0}, {grid.x0 + 55, grid.y_min()}}});
  roads.geometries().push_back(data::Geometry{
      {{grid.x0, grid.y0 - 160}, {grid.x0 + 150, grid.y0 - 170}, {grid.x0 + 300, grid.y0 - 230}}});
  roads.set_column(data::Column{"surface", "", std::vector<std::string>{"DEF", "NL05"}});
  roads.set_column(data::Column{"slope_pct", "%", std::vector<double>{0.0, 4.0}});
  const double share[] = {1.0, 0.6, 0.25};  // day, evening, night
  for (std::size_t p = 0; p < 3; ++p) {
    const auto period = data::names::periods[p];
    roads.set_column(data::Column{data::names::flow_column("cat1", period), "h-1",
                                  std::vector<double>{1200.0 * share[p], 500.0 * share[p]}});
    roads.set_column(data::Column{data::names::speed_column("cat1", period), "km h-1",
                                  std::vector<double>{50.0, 70.0}});
    roads.set_column(data::Column{data::names::flow_column("cat3", period), "h-1",
                                  std::vector<double>{80.0 * share[p], 40.0 * share[p]}});
    roads.set_column(data::Column{data::names::speed_column("cat3", period), "km h-1",
                                  std::vector<double>{50.0, 70.0}});
  }
  s.set_table(std::string(data::names::roads), std::move(roads));
  return s;
}

}  // namespace twin::solvers::noise::test
