#include "twin/data/scenario_checks.hpp"

#include <cmath>
#include <functional>
#include <sstream>

#include "twin/data/error.hpp"
#include "twin/data/standard_names.hpp"

namespace twin::data {
namespace {

// Calls `ok` on every cell of a float layer (if present); reports the first failure.
void check_cells(const Scenario& s, std::string_view name, const std::function<bool(float)>& ok, const char* rule) {
  if (!s.has_layer(name)) return;
  const Raster<float> r = s.layer(name).to_float();  // nodata -> NaN
  const Raster<float>* raw = std::get_if<Raster<float>>(&s.layer(name).raster);
  for (std::int64_t row = 0; row < r.grid.ny; ++row) {
    for (std::int64_t col = 0; col < r.grid.nx; ++col) {
      // A float layer's declared nodata is allowed only where the rule allows NaN.
      const float v = raw ? raw->at(col, row) : r.at(col, row);
      if (ok(v)) continue;
      std::ostringstream msg;
      msg << "layer '" << name << "': value " << v << " at column " << col << ", row " << row << " (x "
          << r.grid.col_centre_x(col) << ", y " << r.grid.row_centre_y(row) << ") breaks the rule: " << rule;
      throw Error(ErrorCode::invalid_value, msg.str());
    }
  }
}

void check_column(const FeatureTable& t, std::string_view table, std::string_view column,
                  const std::function<bool(double)>& ok, const char* rule) {
  if (!t.has_column(column)) return;
  const auto& values = t.doubles(column);
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (ok(values[i])) continue;
    std::ostringstream msg;
    msg << "table '" << table << "', row " << i << ", column '" << column << "': value " << values[i]
        << " breaks the rule: " << rule;
    throw Error(ErrorCode::invalid_value, msg.str());
  }
}

bool finite_non_negative(double v) { return std::isfinite(v) && v >= 0.0; }

void check_roads(const FeatureTable& roads) {
  for (auto cat : names::vehicle_categories) {
    for (auto period : names::periods) {
      const std::string q = names::flow_column(cat, period);
      check_column(roads, names::roads, q, finite_non_negative, "traffic flow must be finite and >= 0 veh/h");
      const std::string v = names::speed_column(cat, period);
      if (!roads.has_column(v) || !roads.has_column(q)) continue;
      const auto& flow = roads.doubles(q);
      const auto& speed = roads.doubles(v);
      for (std::size_t i = 0; i < speed.size(); ++i) {
        if (flow[i] > 0 && !(std::isfinite(speed[i]) && speed[i] > 0 && speed[i] <= 200)) {
          std::ostringstream msg;
          msg << "table 'roads', row " << i << ", column '" << v << "': speed " << speed[i]
              << " km/h with traffic; speeds must be in (0, 200] km/h";
          throw Error(ErrorCode::invalid_value, msg.str());
        }
      }
    }
  }
}

void check_sources(const FeatureTable& sources) {
  const std::string_view t = names::nitrogen_sources;
  check_column(sources, t, names::source_nh3, finite_non_negative, "emission must be finite and >= 0 kg/yr");
  check_column(sources, t, names::source_nox, finite_non_negative, "emission must be finite and >= 0 kg/yr");
  check_column(sources, t, names::source_height, finite_non_negative, "emission height must be finite and >= 0 m");
  check_column(sources, t, names::source_heat, finite_non_negative, "heat content must be finite and >= 0 MW");
  check_column(sources, t, names::source_area_diameter, finite_non_negative, "area diameter must be >= 0 m");
  check_column(sources, t, names::source_spread, finite_non_negative, "spread must be >= 0 m");
}

}  // namespace

void check_scenario(const Scenario& s) {
  auto height = [](float v) { return std::isfinite(v) && v >= 0.0f && v < 1000.0f; };
  check_cells(s, names::building_height, height, "heights must be finite, >= 0 and < 1000 m (0 = no building)");
  check_cells(s, names::vegetation_height, height, "heights must be finite, >= 0 and < 1000 m (0 = no vegetation)");
  if (s.has_layer(names::dtm)) {
    const Layer& dtm = s.layer(names::dtm);
    const Raster<float> f = dtm.to_float();
    for (std::size_t i = 0; i < f.values.size(); ++i) {
      const float v = f.values[i];
      if (!std::isnan(v) && !(std::isfinite(v) && std::abs(v) < 10000.0f)) {
        throw Error(ErrorCode::invalid_value, "layer 'dtm': value at cell " + std::to_string(i) +
                                                  " is not a plausible elevation (|z| < 10 km)");
      }
    }
  }
  check_cells(s, names::ground_factor, [](float v) { return v >= 0.0f && v <= 1.0f; }, "G must be in [0, 1]");
  check_cells(s, names::dwellings, [](float v) { return std::isfinite(v) && v >= 0.0f; }, "dwellings must be >= 0");
  check_cells(s, names::natura2000_kdw, [](float v) { return std::isnan(v) || (std::isfinite(v) && v > 0.0f); },
              "critical deposition must be > 0 mol/ha/yr, or NaN outside habitats");
  if (s.has_layer(names::land_use)) {
    const auto& lu = s.layer(names::land_use);
    const auto* classes = std::get_if<Raster<std::uint8_t>>(&lu.raster);
    if (classes == nullptr) throw Error(ErrorCode::invalid_value, "layer 'land_use' must be uint8 classes");
    for (std::size_t i = 0; i < classes->values.size(); ++i) {
      if (classes->values[i] > 9) {
        throw Error(ErrorCode::invalid_value, "layer 'land_use': class " + std::to_string(classes->values[i]) +
                                                  " at cell " + std::to_string(i) + " is not one of 1..9 (0 = nodata)");
      }
    }
  }
  if (s.has_table(names::roads)) check_roads(s.table(names::roads));
  if (s.has_table(names::nitrogen_sources)) check_sources(s.table(names::nitrogen_sources));
}

}  // namespace twin::data
