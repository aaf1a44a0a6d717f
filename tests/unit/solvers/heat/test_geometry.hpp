#pragma once
// Analytic geometries drawn on rasters for the heat tests: flat ground, street canyons,
// walls, courtyards, blocks.
#include <cmath>
#include <cstdint>

#include "twin/data/raster.hpp"

namespace twin::solvers::heat::test_geometry {

inline data::Raster<float> flat(std::int64_t nx, std::int64_t ny, double cell, float z = 0.0f) {
  data::GridSpec g;
  g.y0 = static_cast<double>(ny) * cell;
  g.cell = cell;
  g.nx = nx;
  g.ny = ny;
  return data::Raster<float>(g, z, std::nanf(""));
}

// Cells [c0, c1) × [r0, r1) set to `z`.
inline void block(data::Raster<float>& r, std::int64_t c0, std::int64_t c1, std::int64_t r0,
                  std::int64_t r1, float z) {
  for (std::int64_t row = r0; row < r1; ++row)
    for (std::int64_t col = c0; col < c1; ++col) r.at(col, row) = z;
}

inline void fill_columns(data::Raster<float>& r, std::int64_t c0, std::int64_t c1, float z) {
  block(r, c0, c1, 0, r.grid.ny, z);
}

// A north–south street: floor columns [c0, c0 + n), walls 2 m thick on both sides, rows
// enough that every ray within `radius_m` of the middle row meets what an infinite street
// would show it. `row` is the middle row.
struct Canyon {
  data::Raster<float> dsm;
  std::int64_t c0, n, row;
};
inline Canyon canyon(std::int64_t floor_cells, double cell, double height, double radius_m) {
  const auto wall = static_cast<std::int64_t>(std::ceil(2.0 / cell));
  const std::int64_t ny = 2 * static_cast<std::int64_t>(radius_m / cell) + 1;
  Canyon c{flat(floor_cells + 2 * wall, ny, cell), wall, floor_cells, ny / 2};
  fill_columns(c.dsm, 0, wall, static_cast<float>(height));
  fill_columns(c.dsm, wall + floor_cells, 2 * wall + floor_cells, static_cast<float>(height));
  return c;
}

// A round courtyard of `radius_m` in an n × n grid (n odd: the centre cell's centre is the
// circle's centre), walls of `height` everywhere outside it.
inline data::Raster<float> courtyard(std::int64_t n, double cell, double radius_m, double height) {
  data::Raster<float> dsm = flat(n, n, cell);
  const double centre = static_cast<double>(n / 2) + 0.5;
  for (std::int64_t row = 0; row < n; ++row) {
    for (std::int64_t col = 0; col < n; ++col) {
      const double dx = (static_cast<double>(col) + 0.5 - centre) * cell;
      const double dy = (static_cast<double>(row) + 0.5 - centre) * cell;
      if (std::hypot(dx, dy) >= radius_m) dsm.at(col, row) = static_cast<float>(height);
    }
  }
  return dsm;
}

}  // namespace twin::solvers::heat::test_geometry
