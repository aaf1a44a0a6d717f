// The Lorient road preset: NoiseModelling's road table (TV_x, HV_x, LV_SPD_x, HV_SPD_x,
// PVMT) mapped onto the standard road columns of standard_names.hpp.
#include <array>
#include <cmath>
#include <cstdint>
#include <sstream>
#include <string>

#include "twin/data/error.hpp"
#include "twin/data/gdal_import.hpp"
#include "twin/data/standard_names.hpp"

namespace twin::data {
namespace {

std::string number(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

// A numeric source column as doubles (shapefiles may store whole numbers as integers).
std::vector<double> numeric_column(const FeatureTable& raw, const std::string& name) {
  if (!raw.has_column(name)) {
    throw Error(ErrorCode::missing_column,
                "Lorient road table (" + raw.description() + ") has no column '" + name + "'");
  }
  const auto& values = raw.column(name).values;
  if (const auto* d = std::get_if<std::vector<double>>(&values)) return *d;
  if (const auto* i = std::get_if<std::vector<std::int64_t>>(&values))
    return {i->begin(), i->end()};
  throw Error(ErrorCode::invalid_value, "Lorient road table (" + raw.description() + "): column '" +
                                            name + "' is text, not a number");
}

std::vector<std::string> text_column(const FeatureTable& raw, const std::string& name) {
  if (!raw.has_column(name)) {
    throw Error(ErrorCode::missing_column,
                "Lorient road table (" + raw.description() + ") has no column '" + name + "'");
  }
  const auto& values = raw.column(name).values;
  if (const auto* s = std::get_if<std::vector<std::string>>(&values)) return *s;
  std::vector<std::string> out;
  for (double v : numeric_column(raw, name))
    out.push_back(std::to_string(static_cast<std::int64_t>(v)));
  return out;
}

std::vector<std::int64_t> id_column(const FeatureTable& raw, const std::string& name) {
  if (raw.has_column(name)) {
    if (const auto* i = std::get_if<std::vector<std::int64_t>>(&raw.column(name).values)) return *i;
  }
  std::vector<std::int64_t> out;
  for (double v : numeric_column(raw, name))
    out.push_back(static_cast<std::int64_t>(std::llround(v)));
  return out;
}

// Traffic and speeds must be real, non-negative numbers; names the row otherwise.
void require_non_negative(const FeatureTable& raw, const std::vector<double>& values,
                          const std::string& column, const std::vector<std::int64_t>& ids) {
  for (std::size_t row = 0; row < values.size(); ++row) {
    if (std::isnan(values[row]) || values[row] < 0) {
      throw Error(ErrorCode::invalid_value,
                  "Lorient road table (" + raw.description() + "), row " + std::to_string(row) +
                      " (PK " + std::to_string(ids[row]) + "): " + column + " is " +
                      number(values[row]) + ", not a non-negative number");
    }
  }
}

}  // namespace

FeatureTable roads_from_lorient_table(const FeatureTable& raw) {
  if (raw.geometry_type() != GeometryType::line) {
    throw Error(ErrorCode::invalid_value,
                "Lorient road table (" + raw.description() + ") must hold lines, not " +
                    std::string(geometry_type_name(raw.geometry_type())) + "s");
  }
  const auto ids = id_column(raw, "PK");
  FeatureTable roads(GeometryType::line,
                     "roads (Lorient NoiseModelling preset) from " + raw.description());
  roads.geometries() = raw.geometries();
  const std::size_t n = raw.size();

  // Source suffix per period: D(ay) 07-19, E(vening) 19-23, N(ight) 23-07, like ours.
  constexpr std::array<const char*, 3> suffix = {"D", "E", "N"};
  for (std::size_t p = 0; p < names::periods.size(); ++p) {
    const std::string s = suffix[p];
    const auto period = names::periods[p];
    auto total = numeric_column(raw, "TV_" + s);
    auto heavy = numeric_column(raw, "HV_" + s);
    auto light_speed = numeric_column(raw, "LV_SPD_" + s);
    auto heavy_speed = numeric_column(raw, "HV_SPD_" + s);
    require_non_negative(raw, total, "TV_" + s, ids);
    require_non_negative(raw, heavy, "HV_" + s, ids);
    require_non_negative(raw, light_speed, "LV_SPD_" + s, ids);
    require_non_negative(raw, heavy_speed, "HV_SPD_" + s, ids);
    std::vector<double> light(n);
    for (std::size_t i = 0; i < n; ++i) light[i] = total[i] - heavy[i];
    require_non_negative(raw, light, "TV_" + s + " - HV_" + s, ids);

    for (auto cat : names::vehicle_categories) {
      const bool heavy_cat = cat == "cat2" || cat == "cat3";
      std::vector<double> flow = cat == "cat1"   ? light
                                 : cat == "cat3" ? heavy
                                                 : std::vector<double>(n, 0.0);
      roads.set_column({names::flow_column(cat, period), "h-1", std::move(flow)});
      roads.set_column(
          {names::speed_column(cat, period), "km h-1", heavy_cat ? heavy_speed : light_speed});
    }
  }
  roads.set_column({std::string(names::road_id), "", ids});
  roads.set_column({std::string(names::road_name), "", text_column(raw, "OSM_ID")});
  roads.set_column({std::string(names::road_surface), "", text_column(raw, "PVMT")});
  roads.set_column({std::string(names::road_slope), "%", std::vector<double>(n, 0.0)});
  roads.set_column({std::string(names::road_kind), "", std::vector<std::string>(n, "street")});
  return roads;
}

}  // namespace twin::data
