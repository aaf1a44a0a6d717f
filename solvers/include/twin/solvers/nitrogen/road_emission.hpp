#pragma once
// Road traffic emissions of NOx and NH3 from the roads table: vehicles per hour and speed per
// CNOSSOS-EU category and period, times emission factors in g per vehicle-km chosen by road
// kind and speed (or by the row's `emission_class`). The default factor table,
// solvers/nitrogen/data/road_emission_factors_nl.json, holds the Dutch Ministry of I&W's
// published NOx factors; its header and docs/models/nitrogen.md ("Road emissions") give the
// source and what is simplified. Users pass their own table in the same layout.
#include <array>
#include <cstddef>
#include <filesystem>
#include <limits>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "twin/data/feature_table.hpp"

namespace twin::solvers::nitrogen {

// Hours of the day, evening and night periods (07-19, 19-23, 23-07), in data::names::periods order.
inline constexpr std::array<double, 3> road_period_hours = {12.0, 4.0, 8.0};

// Emission factors of one vehicle category [g per vehicle-km]; NOx counted as NO2.
// nh3 is NaN when the table gives no NH3 figure (JSON null): it then contributes nothing.
struct VehicleEmissionFactors {
  double nox = 0;
  double nh3 = std::numeric_limits<double>::quiet_NaN();
};

// A traffic situation with its factors: applies to the road kinds listed and to a category's
// mean speed v with min_speed_kmh <= v < max_speed_kmh.
struct RoadEmissionClass {
  std::string name;                // e.g. "motorway", "rural", "urban_free_flow"
  std::vector<std::string> kinds;  // values of the roads table's `kind` column
  double min_speed_kmh = 0;
  double max_speed_kmh = std::numeric_limits<double>::infinity();
  std::array<VehicleEmissionFactors, 5> factors{};  // data::names::vehicle_categories order
};

struct RoadEmissionFactors {
  std::string source;  // the file it came from (or the caller's name)
  std::vector<RoadEmissionClass> classes;

  // The class named `name`; throws data::Error(invalid_value) naming the known classes.
  const RoadEmissionClass& by_name(std::string_view name) const;
  // The class for a road kind and speed; throws data::Error(invalid_value) if none applies.
  const RoadEmissionClass& select(std::string_view kind, double speed_kmh) const;
  // False when some class has no NH3 figure for some category (road NH3 is then understated).
  bool has_all_nh3() const;
};

// Builds the table from a parsed JSON document of the layout of road_emission_factors_nl.json:
// {"header": {...}, "classes": [{"name", "kinds": [...], "min_speed_kmh", "max_speed_kmh",
// "factors": {"cat1": {"nox": g/km, "nh3": g/km | null}, ... "cat4b": {...}}}, ...]}.
// Throws data::Error(parse_error) for missing or mistyped fields and data::Error(invalid_value)
// for negative or non-finite factors, an empty or inverted speed range, duplicate class names,
// and classes of one kind whose speed ranges overlap or leave a gap in 0..200 km/h. Messages
// name `source_name` and the field, e.g. "f.json: classes[2].factors.cat3.nox: ...".
RoadEmissionFactors parse_road_emission_factors(const nlohmann::json& doc,
                                                const std::string& source_name);

// Reads and parses a factor file: data::Error(file_not_found) if it cannot be opened,
// data::Error(parse_error) if it is not JSON, and whatever parse_road_emission_factors throws.
RoadEmissionFactors read_road_emission_factors(const std::filesystem::path& file);

// The shipped default, road_emission_factors_nl.json in nitrogen_data_dir() (data_files.hpp).
std::filesystem::path default_road_emission_factors_path();

// Annual-mean emission of one road segment per metre of road [g/s/m].
struct RoadEmission {
  double nox_g_per_s_m = 0;
  double nh3_g_per_s_m = 0;
};

// Annual emission of one road segment.
struct RoadEmissionTotals {
  double length_m = 0;  // length of the segment's polyline
  double nox_kg_yr = 0;
  double nh3_kg_yr = 0;
};

// Emission of every row of a roads table (columns of data::names: kind, q_<cat>_<period>,
// v_<cat>_<period>; optional emission_class). E = sum over periods p and categories c of
// (hours_p / 24) * q_cp [1/h] * EF_c(class(kind, v_cp)) [g/km] / 1000 / 3600. A category
// whose flow columns are absent has no traffic. Throws data::Error(missing_column) for a
// missing kind or speed column where there is flow, data::Error(invalid_value) for negative or
// non-finite flows, non-positive speeds with traffic, or no class for a row (naming the row).
std::vector<RoadEmission> road_emissions(const data::FeatureTable& roads,
                                         const RoadEmissionFactors& factors);
// One row of the same (for reporting and tests; resolves the columns on every call).
RoadEmission road_emission(const data::FeatureTable& roads, std::size_t row,
                           const RoadEmissionFactors& factors);
// kg/yr of one row: E x length x 365.25 d x 86400 s / 1000.
RoadEmissionTotals road_emission_per_year(const data::FeatureTable& roads, std::size_t row,
                                          const RoadEmissionFactors& factors);

}  // namespace twin::solvers::nitrogen
