#pragma once
// A single-band raster: a grid plus row-major, north-up cell values.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <type_traits>
#include <vector>

#include "twin/data/grid_spec.hpp"

namespace twin::data {

template <class T>
struct Raster {
  static_assert(std::is_arithmetic_v<T>);
  using value_type = T;

  GridSpec grid;
  std::vector<T> values;
  T nodata{};

  Raster() = default;
  Raster(const GridSpec& g, T fill, T nodata_value)
      : grid(g), values(static_cast<std::size_t>(g.cells()), fill), nodata(nodata_value) {}

  std::size_t index(std::int64_t col, std::int64_t row) const {
    return static_cast<std::size_t>(row * grid.nx + col);
  }
  T& at(std::int64_t col, std::int64_t row) { return values[index(col, row)]; }
  const T& at(std::int64_t col, std::int64_t row) const { return values[index(col, row)]; }
  std::span<T> row(std::int64_t r) { return {values.data() + r * grid.nx, static_cast<std::size_t>(grid.nx)}; }
  std::span<const T> row(std::int64_t r) const {
    return {values.data() + r * grid.nx, static_cast<std::size_t>(grid.nx)};
  }
  // True for the nodata value, and for NaN in floating-point rasters.
  bool is_nodata(T v) const {
    if constexpr (std::is_floating_point_v<T>) {
      if (std::isnan(v)) return true;
      if (std::isnan(nodata)) return false;
    }
    return v == nodata;
  }
  std::uint64_t bytes() const { return values.size() * sizeof(T); }
};

}  // namespace twin::data
