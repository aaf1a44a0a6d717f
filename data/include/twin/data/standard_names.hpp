#pragma once
// The standard layer, table and column names every module agrees on (docs/data.md lists
// them with units and meaning). Solvers look up inputs by these names only.
#include <array>
#include <string>
#include <string_view>

namespace twin::data::names {

// Raster layers.
inline constexpr std::string_view dtm = "dtm";                            // m above datum, float32
inline constexpr std::string_view building_height = "building_height";    // m above ground, 0 = none
inline constexpr std::string_view vegetation_height = "vegetation_height";  // m above ground, 0 = none
inline constexpr std::string_view land_use = "land_use";                  // uint8 LandUse class
inline constexpr std::string_view ground_factor = "ground_factor";        // CNOSSOS G, 0 hard .. 1 soft
inline constexpr std::string_view dwellings = "dwellings";                // dwellings per cell
inline constexpr std::string_view natura2000_kdw = "natura2000_kdw";      // mol N/ha/yr, NaN outside

// Feature tables.
inline constexpr std::string_view roads = "roads";                        // lines
inline constexpr std::string_view nitrogen_sources = "nitrogen_sources";  // points
inline constexpr std::string_view receptors = "receptors";                // points

// Land-use classes: the nine DEPAC classes used by OPS for dry deposition, shared by the
// noise (ground factor) and heat (albedo, emissivity) solvers. 0 is nodata.
enum class LandUse : unsigned char {
  grass = 1,
  arable = 2,
  permanent_crops = 3,
  coniferous_forest = 4,
  deciduous_forest = 5,
  water = 6,
  urban = 7,
  other_nature = 8,  // heath, dunes, bog
  bare_soil = 9,
};

// Road columns. Traffic is per CNOSSOS-EU vehicle category and period:
//   q_<cat>_<period>  vehicles per hour (mean over the period), "h-1"
//   v_<cat>_<period>  mean speed, "km h-1"
// with cat in {cat1 light, cat2 medium heavy, cat3 heavy, cat4a two-wheelers <= 50 cc,
// cat4b two-wheelers > 50 cc} and period in {day 07-19, evening 19-23, night 23-07}.
inline constexpr std::array<std::string_view, 5> vehicle_categories = {"cat1", "cat2", "cat3", "cat4a", "cat4b"};
inline constexpr std::array<std::string_view, 3> periods = {"day", "evening", "night"};
inline std::string flow_column(std::string_view cat, std::string_view period) {
  return "q_" + std::string(cat) + "_" + std::string(period);
}
inline std::string speed_column(std::string_view cat, std::string_view period) {
  return "v_" + std::string(cat) + "_" + std::string(period);
}
inline constexpr std::string_view road_id = "id";              // int64
inline constexpr std::string_view road_name = "name";          // string
inline constexpr std::string_view road_surface = "surface";    // "DEF" reference, "NL01".."NL14"
inline constexpr std::string_view road_slope = "slope_pct";    // gradient in %, + uphill along the line
inline constexpr std::string_view road_kind = "kind";          // "motorway", "arterial", "street"

// Nitrogen source columns (one point per source, OPS .brn semantics).
inline constexpr std::string_view source_id = "id";                          // int64
inline constexpr std::string_view source_label = "label";                    // string
inline constexpr std::string_view source_sector = "sector";                  // int64, OPS category code
inline constexpr std::string_view source_height = "height_m";                // emission height, m
inline constexpr std::string_view source_heat = "heat_mw";                   // heat content, MW
inline constexpr std::string_view source_area_diameter = "area_diameter_m";  // 0 = point source
inline constexpr std::string_view source_spread = "spread_m";                // vertical spread of height, m
inline constexpr std::string_view source_stack_diameter = "stack_diameter_m";  // m, NaN = unknown
inline constexpr std::string_view source_exit_velocity = "exit_velocity_ms";   // m/s, NaN = unknown
inline constexpr std::string_view source_exit_temperature = "exit_temperature_c";  // degC, NaN = unknown
inline constexpr std::string_view source_diurnal = "diurnal_variation";      // int64, OPS dv code
inline constexpr std::string_view source_nh3 = "nh3_kg_yr";                  // kg NH3 per year
inline constexpr std::string_view source_nox = "nox_kg_yr";                  // kg NOx (as NO2) per year

// Receptor columns.
inline constexpr std::string_view receptor_id = "id";      // int64
inline constexpr std::string_view receptor_name = "name";  // string
inline constexpr std::string_view receptor_height = "height_m";  // m above the terrain; NaN = the solver's default

}  // namespace twin::data::names
