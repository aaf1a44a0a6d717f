#include "twin/data/grid_spec.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "twin/data/error.hpp"

namespace twin::data {

Window Window::intersect(const Window& other) const {
  const std::int64_t c0 = std::max(col0, other.col0);
  const std::int64_t r0 = std::max(row0, other.row0);
  const std::int64_t c1 = std::min(col0 + ncols, other.col0 + other.ncols);
  const std::int64_t r1 = std::min(row0 + nrows, other.row0 + other.nrows);
  if (c1 <= c0 || r1 <= r0) return Window{c0, r0, 0, 0};
  return Window{c0, r0, c1 - c0, r1 - r0};
}

Window Window::grown(std::int64_t halo) const {
  return Window{col0 - halo, row0 - halo, ncols + 2 * halo, nrows + 2 * halo};
}

std::optional<CellIndex> GridSpec::cell_at(double x, double y) const {
  const double c = std::floor(col_of(x));
  const double r = std::floor(row_of(y));
  if (!(c >= 0 && r >= 0 && c < static_cast<double>(nx) && r < static_cast<double>(ny))) return std::nullopt;
  return CellIndex{static_cast<std::int64_t>(c), static_cast<std::int64_t>(r)};
}

GridSpec GridSpec::sub_grid(const Window& w) const {
  GridSpec g = *this;
  g.x0 = x0 + static_cast<double>(w.col0) * cell;
  g.y0 = y0 - static_cast<double>(w.row0) * cell;
  g.nx = w.ncols;
  g.ny = w.nrows;
  return g;
}

void GridSpec::validate() const {
  // 2^31 cells a side is far beyond any province; it also keeps nx * ny inside int64.
  constexpr std::int64_t max_side = std::int64_t{1} << 31;
  if (!std::isfinite(cell) || cell <= 0.0) {
    throw Error(ErrorCode::invalid_value, "cell size must be a positive number of metres, got " + std::to_string(cell));
  }
  if (nx <= 0 || ny <= 0 || nx > max_side || ny > max_side) {
    throw Error(ErrorCode::invalid_value,
                "grid dimensions must be positive, got " + std::to_string(nx) + " x " + std::to_string(ny));
  }
  if (!std::isfinite(x0) || !std::isfinite(y0)) {
    throw Error(ErrorCode::invalid_value, "grid origin must be finite");
  }
  if (epsg <= 0) throw Error(ErrorCode::unknown_crs, "grid has no EPSG code");
}

bool GridSpec::matches(const GridSpec& other) const {
  const double tol = 1e-6 * cell;
  return epsg == other.epsg && nx == other.nx && ny == other.ny && std::abs(cell - other.cell) <= tol &&
         std::abs(x0 - other.x0) <= tol && std::abs(y0 - other.y0) <= tol;
}

}  // namespace twin::data
