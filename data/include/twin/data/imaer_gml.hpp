#pragma once
// AERIUS IMAER GML (imaer.aerius.nl, versions 0.5 to 6.x): the emission sources of a
// FeatureCollectionCalculator. Point and polygon sources become rows of the standard
// `nitrogen_sources` table; road sources (SRM1Road, SRM2Road, ADMSRoad) rows of a `roads`
// table with traffic per CNOSSOS vehicle category. docs/data.md ("IMAER GML") gives the
// mapping and what is dropped.
#include <filesystem>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "twin/data/feature_table.hpp"

namespace twin::data {

// One <vehicles> entry of a road (StandardVehicle, SpecificVehicle or CustomVehicle).
struct ImaerVehicles {
  std::string element;       // "StandardVehicle", "SpecificVehicle", "CustomVehicle"
  std::string vehicle_type;  // LIGHT_TRAFFIC, NORMAL_FREIGHT, HEAVY_FREIGHT, AUTO_BUS, ...
  double per_time_unit = 0;  // vehiclesPerTimeUnit
  std::string time_unit;     // HOUR, DAY, MONTH, YEAR
  double stagnation = 0;     // stagnationFactor, fraction 0..1 (StandardVehicle)
  double max_speed_kmh = std::numeric_limits<double>::quiet_NaN();  // maximumSpeed; NaN = not given
  bool strict_enforcement = false;
  std::map<std::string, double> emission_g_per_km;  // CustomVehicle: substance -> g/km
  double per_hour() const;                          // vehicles per hour, annual mean
};

struct ImaerSource {
  std::string gml_id;   // e.g. "ES.1"
  std::string element;  // feature element, e.g. "FarmLodgingEmissionSource", "SRM2Road"
  std::string label;
  long long sector = 0;  // sectorId
  long line = 0;         // line of the feature's start tag in the file (0 = unknown)
  GeometryType geometry = GeometryType::point;
  Geometry shape;       // RD New metres; polygon rings exterior first
  double height_m = 0;  // emissionHeight
  double heat_mw =
      std::numeric_limits<double>::quiet_NaN();  // SpecifiedHeatContent; NaN = calculated
  double spread_m = 0;
  double stack_diameter_m = std::numeric_limits<double>::quiet_NaN();    // CalculatedHeatContent
  double exit_velocity_ms = std::numeric_limits<double>::quiet_NaN();    // CalculatedHeatContent
  double exit_temperature_c = std::numeric_limits<double>::quiet_NaN();  // CalculatedHeatContent
  std::map<std::string, double>
      emission_kg_yr;  // <emission>: substance (NH3, NOX, NO2, PM10, ...) -> kg/yr
  // Roads only.
  std::string road_type;  // roadType attribute (FREEWAY, NON_URBAN_ROAD, URBAN_ROAD_NORMAL, ...)
  std::string road_area;  // roadAreaType attribute
  std::string traffic_direction;
  double tunnel_factor = 1.0;
  std::string elevation;  // RoadElevationType
  double elevation_height_m = 0;
  std::vector<ImaerVehicles> vehicles;
  bool is_road() const { return geometry == GeometryType::line; }
};

struct ImaerCollection {
  int year = 0;  // metadata project year (0 = not given)
  std::string situation_name;
  std::string situation_type;  // REFERENCE, PROPOSED, ...
  std::vector<ImaerSource> sources;
};

// Parses IMAER GML text. Throws Error(parse_error) with "FILE:LINE: what" (LINE = the feature's
// start tag where known) for text that is not XML, no FeatureCollectionCalculator, a source
// without or with unreadable coordinates, a coordinate system other than RD New (EPSG:28992),
// non-numeric or negative values, unknown time units, and emission sources of a kind not read
// (shipping, ...), so nothing is silently dropped.
ImaerCollection parse_imaer_gml(const std::string& text, const std::string& file_name);
ImaerCollection read_imaer_gml(const std::filesystem::path& file);  // + Error(file_not_found)

// Point and polygon sources as the standard nitrogen_sources table (a polygon becomes its
// centroid with area_diameter_m = side of the square of equal area, OPS's square area source).
FeatureTable imaer_sources_to_table(const ImaerCollection& c);
// Road sources as a roads table: standard columns (q_/v_ per category and period, kind) plus
// emission_class, stagnation_<cat>, imaer_id, sector, height_m and the emissions the file states
// (nox_kg_yr, nh3_kg_yr, no2_kg_yr; NaN where the file gives none).
FeatureTable imaer_roads_to_table(const ImaerCollection& c);

}  // namespace twin::data
