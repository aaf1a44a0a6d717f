#pragma once
// OPS text formats (RIVM OPS user manual): emission files (.brn, versions 0 fixed-width and
// 1-5 with a "! BRN-VERSION n" header) and receptor files (.rcp).
#include <cmath>
#include <filesystem>
#include <istream>
#include <limits>
#include <string>
#include <vector>

#include "twin/data/feature_table.hpp"

namespace twin::data {

// Building next to a source (BRN-VERSION 4: dimensions; 5: also its centre). NaN = not given.
struct OpsBuilding {
  double length_m = std::numeric_limits<double>::quiet_NaN();
  double width_m = std::numeric_limits<double>::quiet_NaN();
  double height_m = std::numeric_limits<double>::quiet_NaN();
  double orientation_deg = std::numeric_limits<double>::quiet_NaN();  // w.r.t. x axis, [0, 180)
  double x = std::numeric_limits<double>::quiet_NaN();
  double y = std::numeric_limits<double>::quiet_NaN();
  bool present() const {
    return !std::isnan(length_m) && !std::isnan(width_m) && !std::isnan(height_m) && !std::isnan(orientation_deg);
  }
};

struct OpsSource {
  long long snr = 0;
  double x = 0, y = 0;           // RD New metres
  double q_g_per_s = 0;          // emission
  double heat_mw = 0;            // heat content; NaN = not given (versions 2+: Ts_stack given instead)
  double height_m = 0;
  double area_diameter_m = 0;    // 0 = point source
  double spread_m = 0;           // vertical spread of the emission height
  double stack_diameter_m = std::numeric_limits<double>::quiet_NaN();     // versions 2, 4, 5
  double exit_velocity_ms = std::numeric_limits<double>::quiet_NaN();     // versions 2, 4, 5
  double exit_temperature_c = std::numeric_limits<double>::quiet_NaN();   // versions 2, 4, 5
  double stack_outer_diameter_m = std::numeric_limits<double>::quiet_NaN();  // version 5 only
  bool horizontal_outflow = false;  // a negative V_stack in the file; exit_velocity_ms holds |V|
  OpsBuilding building;             // versions 4 and 5
  long long diurnal_variation = 0;
  long long category = 0;
  long long area = 0;
  long long particle_size = 0;
  std::string component;
};

struct OpsReceptor {
  long long id = 0;
  std::string name;
  double x = 0, y = 0;
};

// Throw Error(parse_error) with "FILE:LINE: what is wrong" for a malformed line.
std::vector<OpsSource> parse_brn(std::istream& in, const std::string& file_name);
std::vector<OpsSource> read_brn(const std::filesystem::path& file);  // + Error(file_not_found)
std::vector<OpsReceptor> parse_rcp(std::istream& in, const std::string& file_name);
std::vector<OpsReceptor> read_rcp(const std::filesystem::path& file);

// Converts to the standard tables. `substance` is "nh3" or "nox": the column q goes into;
// "auto" takes it from each source's component name (NH3, NOx/NO2) and throws
// Error(invalid_value) for other components.
FeatureTable ops_sources_to_table(const std::vector<OpsSource>& sources, const std::string& substance);
FeatureTable ops_receptors_to_table(const std::vector<OpsReceptor>& receptors);

}  // namespace twin::data
