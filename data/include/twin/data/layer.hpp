#pragma once
// A named raster layer of a scenario or result, with its units and description.
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "twin/data/raster.hpp"

namespace twin::data {

// The cell types a layer may have. Continuous quantities are float32 (heights, levels,
// deposition); classes are uint8 (land use); counts and ids are int32.
using AnyRaster = std::variant<Raster<float>, Raster<double>, Raster<std::int32_t>, Raster<std::uint8_t>>;

enum class CellType { float32, float64, int32, uint8 };
std::string_view cell_type_name(CellType t);

struct Layer {
  std::string units;        // UDUNITS-style: "m", "dB", "mol ha-1 yr-1", "1" for classes
  std::string description;  // becomes the CF long_name
  AnyRaster raster;

  const GridSpec& grid() const;
  CellType cell_type() const;
  // The values converted to float32, nodata mapped to NaN (for statistics and export).
  Raster<float> to_float() const;
};

template <class T>
Layer make_layer(Raster<T> raster, std::string units, std::string description) {
  return Layer{std::move(units), std::move(description), AnyRaster{std::move(raster)}};
}

}  // namespace twin::data
