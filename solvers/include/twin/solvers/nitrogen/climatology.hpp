#pragma once
// The climatology of the nitrogen model: 12 wind sectors x 6 OPS stability / mixing-height
// classes (U1, U2, N1, N2, S1, S2), each with its frequency of occurrence and the meteorology
// the sector-averaged plume needs (van Jaarsveld 2004, chapter 2; OPS ops_statparexp).
// The default table, solvers/nitrogen/data/climatology_nl.json, holds OPS's own meteo
// statistics of the central Netherlands for 2005 at distance class 0 km; its header states
// the source and the simplifications (docs/models/nitrogen.md, "Climatology").
#include <array>
#include <filesystem>
#include <nlohmann/json_fwd.hpp>
#include <string>

#include "twin/solvers/nitrogen/gauss_plume.hpp"
#include "twin/solvers/nitrogen/sigma_z.hpp"

namespace twin::solvers::nitrogen {

// One sector x class cell; names and units as in the JSON file.
struct ClimateCell {
  double hours = 0;                      // hours per year in this cell [h]
  double frequency = 0;                  // hours / total hours [-]
  double wind_speed_10m = 0;             // [m/s] at 10 m
  double mixing_height = 0;              // zi [m]
  double friction_velocity = 0;          // u* [m/s]
  double obukhov_length = 0;             // L [m], < 0 unstable
  double sensible_heat_flux = 0;         // H0 [W/m2]
  double temperature = 0;                // [degC]
  double wind_power_law_exponent = 0;    // p in u(z) = u10 (z/10)^p [-]
  double precipitation_probability = 0;  // fraction of the hours with rain [-]
  double rain_intensity = 0;             // during rain [mm/h]
  double relative_humidity = 0;          // [%]
  double rain_event_hours = 1.5;         // mean duration of a rain event [h] (OPS twet)
};

struct Climatology {
  std::string source;           // where the table came from (file name, or the caller's name)
  double total_hours = 0;       // hours the frequencies are fractions of [h]
  double roughness_length = 0;  // z0 of the region the statistics describe [m]
  // cells[sector][class]: sector k is centred on 30 k degrees, the direction the wind comes
  // from, clockwise from north (OPS windsek); class in StabilityClass order.
  std::array<std::array<ClimateCell, stability_classes>, wind_sectors> cells{};

  const ClimateCell& at(int sector, StabilityClass cls) const;
  double sector_frequency(int sector) const;         // summed over the classes
  double class_frequency(StabilityClass cls) const;  // summed over the sectors
  double mean_wind_speed_10m() const;                // frequency-weighted [m/s]
};

// Builds the table from a parsed JSON document of the layout of climatology_nl.json:
// {"header": {"total_hours", "roughness_length", ...}, "cells": 12 arrays of 6 objects}.
// Throws data::Error(parse_error) for a missing or mistyped field or wrong array sizes and
// data::Error(invalid_value) for values out of range (negative hours, frequency or wind speed,
// frequencies not summing to 1 within 1e-3, a frequency that disagrees with hours / total,
// non-positive mixing height or u*, a probability outside 0..1, ...). Messages name
// `source_name` and the cell, e.g. "file.json: cells[7][2].wind_speed_10m: ...".
Climatology parse_climatology(const nlohmann::json& doc, const std::string& source_name);

// Reads and parses a climatology file. Throws data::Error(file_not_found) if it cannot be
// opened, data::Error(parse_error) if it is not JSON, and whatever parse_climatology throws.
Climatology read_climatology(const std::filesystem::path& file);

// The shipped default, climatology_nl.json in nitrogen_data_dir() (data_files.hpp).
std::filesystem::path default_climatology_path();

}  // namespace twin::solvers::nitrogen
