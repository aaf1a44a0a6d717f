#pragma once
// Bit-for-bit comparison of two layers, for the tests that say tiled equals untiled.
#include <cstring>
#include <type_traits>
#include <variant>

#include "twin/data/scenario.hpp"

namespace twin::test {

// Cells whose bits differ (NaN equal to NaN of the same bits); rasters of different sizes
// count every cell of both.
inline std::size_t cells_differing(const data::Layer& a, const data::Layer& b) {
  return std::visit(
      [&](const auto& ra) -> std::size_t {
        using R = std::decay_t<decltype(ra)>;
        const auto& rb = std::get<R>(b.raster);
        if (ra.values.size() != rb.values.size()) return ra.values.size() + rb.values.size();
        std::size_t n = 0;
        for (std::size_t k = 0; k < ra.values.size(); ++k)
          if (std::memcmp(&ra.values[k], &rb.values[k], sizeof ra.values[k]) != 0) ++n;
        return n;
      },
      a.raster);
}

}  // namespace twin::test
