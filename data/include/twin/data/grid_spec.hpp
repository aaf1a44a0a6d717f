#pragma once
// The georeferenced grid every raster lives on: north-up, square cells, top-left origin.
#include <array>
#include <cstdint>
#include <optional>

namespace twin::data {

// A rectangle of cells: columns [col0, col0 + ncols), rows [row0, row0 + nrows).
struct Window {
  std::int64_t col0 = 0;
  std::int64_t row0 = 0;
  std::int64_t ncols = 0;
  std::int64_t nrows = 0;

  std::int64_t cells() const { return ncols * nrows; }
  bool empty() const { return ncols <= 0 || nrows <= 0; }
  bool contains(std::int64_t col, std::int64_t row) const {
    return col >= col0 && col < col0 + ncols && row >= row0 && row < row0 + nrows;
  }
  Window intersect(const Window& other) const;
  // Grown by `halo` cells on every side (not clipped; see GridSpec::with_halo).
  Window grown(std::int64_t halo) const;
  bool operator==(const Window&) const = default;
};

struct CellIndex {
  std::int64_t col = 0;
  std::int64_t row = 0;
  bool operator==(const CellIndex&) const = default;
};

struct GridSpec {
  double x0 = 0.0;    // x of the top-left corner, metres
  double y0 = 0.0;    // y of the top-left corner, metres
  double cell = 1.0;  // cell size, metres
  std::int64_t nx = 0;
  std::int64_t ny = 0;
  int epsg = 28992;  // Amersfoort / RD New by default

  std::int64_t cells() const { return nx * ny; }
  double width_m() const { return static_cast<double>(nx) * cell; }
  double height_m() const { return static_cast<double>(ny) * cell; }
  double x_min() const { return x0; }
  double x_max() const { return x0 + width_m(); }
  double y_min() const { return y0 - height_m(); }
  double y_max() const { return y0; }
  double cell_area_m2() const { return cell * cell; }

  double col_centre_x(std::int64_t col) const { return x0 + (static_cast<double>(col) + 0.5) * cell; }
  double row_centre_y(std::int64_t row) const { return y0 - (static_cast<double>(row) + 0.5) * cell; }
  // Continuous column/row coordinates (cell edges at integers).
  double col_of(double x) const { return (x - x0) / cell; }
  double row_of(double y) const { return (y0 - y) / cell; }
  // The cell containing (x, y), or nothing when outside the grid.
  std::optional<CellIndex> cell_at(double x, double y) const;

  Window full() const { return Window{0, 0, nx, ny}; }
  // `w` grown by `halo` cells and clipped to the grid.
  Window with_halo(const Window& w, std::int64_t halo) const { return w.grown(halo).intersect(full()); }
  // The grid of a window of this grid (same cell size and CRS).
  GridSpec sub_grid(const Window& w) const;

  // GDAL geotransform: {x0, cell, 0, y0, 0, -cell}.
  std::array<double, 6> geotransform() const { return {x0, cell, 0.0, y0, 0.0, -cell}; }

  // Throws Error(invalid_value) for a non-positive or non-finite cell size, empty or
  // absurd dimensions, or non-finite origin.
  void validate() const;
  // Same CRS, dimensions, and origin and cell size equal to within 1e-6 of a cell.
  bool matches(const GridSpec& other) const;
  bool operator==(const GridSpec&) const = default;
};

}  // namespace twin::data
