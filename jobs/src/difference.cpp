#include "twin/jobs/difference.hpp"

#include <cmath>

#include "twin/data/error.hpp"

namespace twin::jobs {

namespace {

std::string describe(const data::GridSpec& g) {
  return std::to_string(g.nx) + " x " + std::to_string(g.ny) + " cells of " +
         std::to_string(g.cell) + " m at (" + std::to_string(g.x0) + ", " + std::to_string(g.y0) +
         "), EPSG:" + std::to_string(g.epsg);
}

}  // namespace

std::map<std::string, data::Layer> difference_layers(const data::Scenario& result,
                                                     const data::Scenario& reference) {
  if (!result.grid().matches(reference.grid())) {
    throw data::Error(data::ErrorCode::grid_mismatch,
                      "cannot difference a result on " + describe(result.grid()) +
                          " against a reference on " + describe(reference.grid()));
  }
  std::map<std::string, data::Layer> out;
  for (const auto& [name, layer] : result.layers()) {
    if (!reference.has_layer(name)) continue;
    const data::Layer& base = reference.layer(name);
    // to_float maps each type's nodata to NaN, so NaN propagates through the subtraction.
    data::Raster<float> diff = layer.to_float();
    const data::Raster<float> before = base.to_float();
    for (std::size_t i = 0; i < diff.values.size(); ++i) {
      diff.values[i] = static_cast<float>(static_cast<double>(diff.values[i]) - before.values[i]);
    }
    out.emplace(name + "_diff", data::make_layer(std::move(diff), layer.units,
                                                 "change in " + name + " (result - reference)"));
  }
  return out;
}

}  // namespace twin::jobs
