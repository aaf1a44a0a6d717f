#include "twin/data/layer.hpp"

#include <limits>

namespace twin::data {

std::string_view cell_type_name(CellType t) {
  switch (t) {
    case CellType::float32: return "float32";
    case CellType::float64: return "float64";
    case CellType::int32: return "int32";
    case CellType::uint8: return "uint8";
  }
  return "unknown";
}

const GridSpec& Layer::grid() const {
  return std::visit([](const auto& r) -> const GridSpec& { return r.grid; }, raster);
}

CellType Layer::cell_type() const {
  return static_cast<CellType>(raster.index());  // variant order matches CellType
}

Raster<float> Layer::to_float() const {
  return std::visit(
      [](const auto& r) {
        Raster<float> out;
        out.grid = r.grid;
        out.nodata = std::numeric_limits<float>::quiet_NaN();
        out.values.resize(r.values.size());
        for (std::size_t i = 0; i < r.values.size(); ++i) {
          out.values[i] = r.is_nodata(r.values[i]) ? out.nodata : static_cast<float>(r.values[i]);
        }
        return out;
      },
      raster);
}

}  // namespace twin::data
