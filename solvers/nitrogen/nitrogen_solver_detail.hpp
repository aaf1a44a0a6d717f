#pragma once
// Private pieces of the nitrogen grid solver shared by its source files (not installed): the
// parameters as typed settings, and the scenario's sources as emitters, each a point with an
// emission [g/s] and the index of the tabulated field of its kind.
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "twin/data/scenario.hpp"
#include "twin/solvers/nitrogen/climatology.hpp"
#include "twin/solvers/nitrogen/field_table.hpp"
#include "twin/solvers/nitrogen/source_receptor.hpp"
#include "twin/solvers/params.hpp"

namespace twin::solvers::nitrogen::detail {

// Which AERIUS hexagon centres (aerius_hexagons.hpp) get values in the statistics.
enum class HexagonOutput { none, habitats, all };

struct NitrogenSettings {
  Climatology climate;
  bool nh3 = true;
  bool nox = true;
  SourceReceptorOptions options;
  double max_distance_m = 100e3;
  double area_spacing_m = 10.0;  // sub-point spacing of area sources
  data::names::LandUse path_land_use = data::names::LandUse::grass;
  double nh3_conversion = 0.0;     // [%/h]
  double nox_conversion = 0.0;     // [%/h]
  std::set<std::int64_t> sectors;  // OPS sector codes to include; empty = all
  std::size_t max_receptors = 10000;
  HexagonOutput hexagons = HexagonOutput::none;  // AERIUS hexagon centres in the statistics
  std::size_t max_hexagons = 100000;
  bool roads = true;              // the roads table's traffic as sources
  double road_spacing_m = 10.0;   // sub-point spacing along a road
  double road_height_m = 0.5;     // emission height of road sub-points
  std::string road_factors_json;  // empty = the shipped emission-factor table
  bool fast = false;              // mode=fast: exact near field, far field by FFT (fast_mode.hpp)
  double fast_radius_m = 1500.0;  // near-field radius R
  double fast_cell_m = 100.0;     // far-field lattice spacing
  // Bytes of kind tables alive at once where kinds are tabulated a chunk at a time (exact mode,
  // fast mode's near field, hexagon values): a province has ~10,000 kinds of ~0.9 MB. Not a
  // parameter; tests lower it to make several chunks.
  std::size_t table_budget_bytes = std::size_t{256} << 20;
};

// Throws data::Error(invalid_argument) naming the parameter (a bad climatology JSON included).
NitrogenSettings read_settings(const Params& params);

// One point (or sub-point) that emits one substance.
struct Emitter {
  double x = 0, y = 0;
  double emission = 0;     // [g/s]
  std::uint32_t kind = 0;  // index into Sources::kinds / tables
  Substance substance = Substance::nh3;
};

struct Sources {
  std::vector<PointSource> kinds;        // distinct source parameters (emission 1 g/s)
  std::vector<PreparedSource> prepared;  // per kind
  std::vector<Emitter> emitters;         // in table order: row, substance, sub-point
  double emitted_mol_n_per_yr = 0;       // all emitters, for the budget statistics
};

// The scenario's nitrogen_sources rows (point sources; area_diameter_m > 0 split into
// sub-points on a square lattice inside the disc) and, with settings.roads, the roads table's
// traffic (road_emission.hpp) as sub-points every road_spacing_m along each polyline. Rows
// without emission of the selected substances, or outside the selected sectors (roads have
// none and are kept only when no sector is selected), are left out. Throws data::Error naming
// the row for negative or non-finite values, and when the scenario has neither table.
Sources make_sources(const data::Scenario& scenario, const NitrogenSettings& settings);

// make_sources()'s emitted_mol_n_per_yr without preparing the kinds (for the statistics: on a
// province, preparing ~10,000 kinds costs ~9 CPU-s).
double emitted_mol_n_per_yr(const data::Scenario& scenario, const NitrogenSettings& settings);

// Emitters grouped by kind: `order` lists emitter indices kind by kind (table order within a
// kind), kind k at order[first[k]] .. order[first[k + 1] - 1]. Solvers that hold tables for a
// chunk of kinds at a time walk the emitters this way.
struct EmittersByKind {
  std::vector<std::uint32_t> order;
  std::vector<std::size_t> first;
};
EmittersByKind group_by_kind(const Sources& sources);

// The emitters of kinds k0 .. k1 - 1 in table order: the order in which exact mode and the
// hexagon values add them, so that a point on a cell centre gets that cell's sums.
std::vector<std::uint32_t> emitters_of_chunk(const EmittersByKind& by_kind, std::size_t k0,
                                             std::size_t k1);

// How many kinds' tables out to `radius` fit in `budget` bytes (at least one).
std::size_t kinds_per_chunk(double radius, std::size_t budget);

// Land-use class of a cell, 0 (nodata) for anything outside 1..9.
inline int land_use_class(std::uint8_t v) { return v >= 1 && v <= 9 ? v : 0; }

}  // namespace twin::solvers::nitrogen::detail
