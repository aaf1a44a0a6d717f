#include "twin/data/threshold_statistics.hpp"

#include <cmath>
#include <variant>

#include "twin/data/error.hpp"

namespace twin::data {
namespace {

bool starts_with(const std::string& text, std::string_view prefix) { return text.rfind(prefix, 0) == 0; }

// Cell values as double, whatever the stored type; NaN for nodata.
template <class T>
double value_at(const Raster<T>& raster, std::size_t i) {
  const T v = raster.values[i];
  return raster.is_nodata(v) ? std::nan("") : static_cast<double>(v);
}

double any_value(const AnyRaster& raster, std::size_t i) {
  return std::visit([i](const auto& r) { return value_at(r, i); }, raster);
}

}  // namespace

std::vector<double> thresholds_for(const std::string& name) {
  if (name.size() >= 5 && name.compare(name.size() - 5, 5, "_diff") == 0) return {};
  if (starts_with(name, "lden") || starts_with(name, "lnight") || starts_with(name, "lday") ||
      starts_with(name, "levening"))
    return {50, 55, 60, 65, 70, 75};
  if (starts_with(name, "pet")) return {23, 29, 35, 41};
  if (starts_with(name, "utci")) return {26, 32, 38, 46};
  return {};
}

nlohmann::json threshold_statistics(const std::string& layer_name, const Layer& layer, const Layer* dwellings) {
  const auto thresholds = thresholds_for(layer_name);
  if (thresholds.empty()) return nlohmann::json::object();
  const GridSpec grid = std::visit([](const auto& r) { return r.grid; }, layer.raster);
  if (dwellings != nullptr && std::visit([](const auto& r) { return r.grid; }, dwellings->raster) != grid)
    throw Error(ErrorCode::grid_mismatch, "dwellings are on another grid than layer " + layer_name);
  std::vector<std::uint64_t> cells(thresholds.size(), 0);
  std::vector<double> homes(thresholds.size(), 0.0);
  const auto n = static_cast<std::size_t>(grid.cells());
  for (std::size_t i = 0; i < n; ++i) {
    const double v = any_value(layer.raster, i);
    if (std::isnan(v)) continue;
    const double d = dwellings != nullptr ? any_value(dwellings->raster, i) : 0.0;
    for (std::size_t t = 0; t < thresholds.size(); ++t) {
      if (v < thresholds[t]) break;  // ascending thresholds
      ++cells[t];
      if (!std::isnan(d)) homes[t] += d;
    }
  }
  nlohmann::json rows = nlohmann::json::array();
  for (std::size_t t = 0; t < thresholds.size(); ++t) {
    nlohmann::json row{{"at", thresholds[t]},
                       {"cells", cells[t]},
                       {"area_m2", static_cast<double>(cells[t]) * grid.cell_area_m2()}};
    if (dwellings != nullptr) row["dwellings"] = homes[t];
    rows.push_back(row);
  }
  return {{"units", layer.units}, {"thresholds", rows}};
}

}  // namespace twin::data
