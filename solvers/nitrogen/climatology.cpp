// Reader of the nitrogen model's climatology table (12 sectors x 6 OPS classes, JSON).
#include "twin/solvers/nitrogen/climatology.hpp"

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "twin/data/error.hpp"
#include "twin/solvers/nitrogen/data_files.hpp"
#include "twin/solvers/nitrogen/depletion.hpp"

namespace twin::solvers::nitrogen {
namespace {

using nlohmann::json;

// Frequencies must add up to one; 1e-3 leaves room for rounding 72 published values.
constexpr double frequency_sum_tolerance = 1e-3;
// A cell's frequency must equal hours / total hours; our file rounds it to 6 decimals.
constexpr double frequency_hours_tolerance = 1e-4;

[[noreturn]] void fail(data::ErrorCode code, const std::string& origin, const std::string& what) {
  throw data::Error(code, origin + ": " + what);
}

double number(const json& j, const char* key, const std::string& origin, const std::string& where) {
  const auto it = j.find(key);
  if (it == j.end()) fail(data::ErrorCode::parse_error, origin, where + " has no '" + key + "'");
  if (!it->is_number())
    fail(data::ErrorCode::parse_error, origin, where + "." + key + " is not a number");
  const double v = it->get<double>();
  if (!std::isfinite(v))
    fail(data::ErrorCode::invalid_value, origin, where + "." + key + " is not finite");
  return v;
}

// Range check of one field: lo <= v <= hi, naming the field and the allowed range.
void check_range(double v, double lo, double hi, const std::string& origin,
                 const std::string& field) {
  if (v < lo || v > hi) {
    std::ostringstream msg;
    msg << field << " = " << v << " is outside " << lo << ".." << hi;
    fail(data::ErrorCode::invalid_value, origin, msg.str());
  }
}

ClimateCell read_cell(const json& j, int sector, double total_hours, const std::string& origin,
                      const std::string& where) {
  if (!j.is_object()) fail(data::ErrorCode::parse_error, origin, where + " is not an object");
  ClimateCell c;
  c.hours = number(j, "hours", origin, where);
  c.frequency = number(j, "frequency", origin, where);
  c.wind_speed_10m = number(j, "wind_speed_10m", origin, where);
  c.mixing_height = number(j, "mixing_height", origin, where);
  c.friction_velocity = number(j, "friction_velocity", origin, where);
  c.obukhov_length = number(j, "obukhov_length", origin, where);
  c.sensible_heat_flux = number(j, "sensible_heat_flux", origin, where);
  c.temperature = number(j, "temperature", origin, where);
  c.wind_power_law_exponent = number(j, "wind_power_law_exponent", origin, where);
  c.precipitation_probability = number(j, "precipitation_probability", origin, where);
  c.rain_intensity = number(j, "rain_intensity", origin, where);
  c.relative_humidity = number(j, "relative_humidity", origin, where);
  // Optional: OPS's statistics files carry a rain-event length; without it OPS (par_nat) and
  // we take its per-sector summer/winter table.
  c.rain_event_hours = j.contains("rain_event_hours") ? number(j, "rain_event_hours", origin, where)
                                                      : rain_event_hours(sector);

  check_range(c.hours, 0, total_hours, origin, where + ".hours");
  check_range(c.frequency, 0, 1, origin, where + ".frequency");
  if (std::abs(c.frequency - c.hours / total_hours) > frequency_hours_tolerance) {
    std::ostringstream msg;
    msg << where << ".frequency = " << c.frequency
        << " disagrees with hours / total_hours = " << c.hours / total_hours;
    fail(data::ErrorCode::invalid_value, origin, msg.str());
  }
  check_range(c.wind_speed_10m, 0, 100, origin, where + ".wind_speed_10m");
  check_range(c.mixing_height, 0, 1e4, origin, where + ".mixing_height");
  check_range(c.friction_velocity, 0, 10, origin, where + ".friction_velocity");
  // A class that occurs carries plumes: the plume formulas divide by u and zi, and the
  // similarity profiles by u* and L.
  if (c.hours > 0) {
    if (c.wind_speed_10m <= 0 || c.mixing_height <= 0 || c.friction_velocity <= 0) {
      fail(data::ErrorCode::invalid_value, origin,
           where +
               ": an occurring class needs a positive wind speed, mixing height and friction "
               "velocity");
    }
    if (c.obukhov_length == 0)
      fail(data::ErrorCode::invalid_value, origin, where + ".obukhov_length is 0");
  }
  check_range(c.temperature, -60, 60, origin, where + ".temperature");
  check_range(c.wind_power_law_exponent, 0, 1, origin, where + ".wind_power_law_exponent");
  check_range(c.precipitation_probability, 0, 1, origin, where + ".precipitation_probability");
  check_range(c.rain_intensity, 0, 500, origin, where + ".rain_intensity");
  check_range(c.relative_humidity, 0, 100, origin, where + ".relative_humidity");
  check_range(c.rain_event_hours, 0.01, 240, origin, where + ".rain_event_hours");
  return c;
}

}  // namespace

const ClimateCell& Climatology::at(int sector, StabilityClass cls) const {
  return cells.at(static_cast<std::size_t>(sector)).at(static_cast<std::size_t>(cls));
}

double Climatology::sector_frequency(int sector) const {
  double f = 0;
  for (const auto& c : cells.at(static_cast<std::size_t>(sector))) f += c.frequency;
  return f;
}

double Climatology::class_frequency(StabilityClass cls) const {
  double f = 0;
  for (const auto& row : cells) f += row[static_cast<std::size_t>(cls)].frequency;
  return f;
}

double Climatology::mean_wind_speed_10m() const {
  double fu = 0, f = 0;
  for (const auto& row : cells) {
    for (const auto& c : row) {
      fu += c.frequency * c.wind_speed_10m;
      f += c.frequency;
    }
  }
  return f > 0 ? fu / f : 0;
}

Climatology parse_climatology(const json& doc, const std::string& source_name) {
  const std::string& origin = source_name;
  if (!doc.is_object())
    fail(data::ErrorCode::parse_error, origin, "the top level is not an object");
  const auto header = doc.find("header");
  if (header == doc.end() || !header->is_object())
    fail(data::ErrorCode::parse_error, origin, "no 'header' object");
  Climatology clim;
  clim.source = source_name;
  clim.total_hours = number(*header, "total_hours", origin, "header");
  clim.roughness_length = number(*header, "roughness_length", origin, "header");
  if (clim.total_hours <= 0)
    fail(data::ErrorCode::invalid_value, origin, "header.total_hours must be positive");
  if (clim.roughness_length <= 0)
    fail(data::ErrorCode::invalid_value, origin, "header.roughness_length must be positive");

  const auto cells = doc.find("cells");
  if (cells == doc.end() || !cells->is_array() || cells->size() != wind_sectors) {
    fail(data::ErrorCode::parse_error, origin, "'cells' must be an array of 12 wind sectors");
  }
  double sum = 0;
  for (std::size_t s = 0; s < wind_sectors; ++s) {
    const json& row = (*cells)[s];
    const std::string row_name = "cells[" + std::to_string(s) + "]";
    if (!row.is_array() || row.size() != stability_classes) {
      fail(data::ErrorCode::parse_error, origin,
           row_name + " must be an array of 6 stability classes");
    }
    for (std::size_t k = 0; k < stability_classes; ++k) {
      clim.cells[s][k] =
          read_cell(row[k], static_cast<int>(s), clim.total_hours, origin,
                    row_name + "[" + std::to_string(k) + "]");
      sum += clim.cells[s][k].frequency;
    }
  }
  if (std::abs(sum - 1.0) > frequency_sum_tolerance) {
    std::ostringstream msg;
    msg << "the frequencies sum to " << sum << ", not 1 (tolerance " << frequency_sum_tolerance
        << ")";
    fail(data::ErrorCode::invalid_value, origin, msg.str());
  }
  return clim;
}

Climatology read_climatology(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in)
    throw data::Error(data::ErrorCode::file_not_found,
                      file.string() + ": cannot open the climatology file");
  json doc;
  try {
    doc = json::parse(in);
  } catch (const json::parse_error& e) {
    throw data::Error(data::ErrorCode::parse_error,
                      file.string() + ": not valid JSON (" + e.what() + ")");
  }
  return parse_climatology(doc, file.string());
}

std::filesystem::path default_climatology_path() {
  return nitrogen_data_dir() / "climatology_nl.json";
}

}  // namespace twin::solvers::nitrogen
