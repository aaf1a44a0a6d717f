#pragma once
// The annual contribution of one point source to one receptor: the OPS long-term
// sector-averaged Gaussian plume summed over the stability classes of the wind sector that
// carries the plume to the receptor, with plume rise per class, source depletion by dry and
// wet deposition (and an optional chemical loss) along the path, and dry (vd C) and wet
// deposition at the receptor (OPS ops_conltexp, ops_conlt_trans_disp, ops_conlt_gauss_zrcp,
// ops_brondepl; van Jaarsveld 2004, chapters 3-5). docs/models/nitrogen.md, "Source-receptor
// contribution", lists the formulas and where we simplify OPS.
//
// Work is split for speed: prepare_source() does everything that depends on the source and
// the climatology only (plume rise, dispg, wind speeds, vd per land-use class, the depletion
// table) once; contribution() is the per-receptor part, allocation-free, a few transcendental
// functions per class.
#include <array>

#include "twin/data/standard_names.hpp"
#include "twin/solvers/nitrogen/climatology.hpp"
#include "twin/solvers/nitrogen/depletion.hpp"
#include "twin/solvers/nitrogen/plume_rise.hpp"

namespace twin::solvers::nitrogen {

enum class Substance { nh3, nox };  // NOx counted as NO2, as OPS/AERIUS

struct PointSource {
  double x = 0, y = 0;              // position [m], RD New
  double height = 0;                // emission (stack) height [m]
  double heat_mw = 0;               // heat content [MW]
  double stack_diameter = unknown;  // [m]; with exit_velocity: momentum rise
  double exit_velocity = unknown;   // [m/s]
  double emission = 0;              // [g/s] of NH3, or of NOx as NO2
  Substance substance = Substance::nh3;
  // Land use along the path, for the deposition velocity of source depletion (OPS uses a
  // trajectory average of vd; we take one class per source).
  data::names::LandUse path_land_use = data::names::LandUse::grass;
  // First-order chemical loss of the primary gas [%/h] (e.g. nh3_conversion_rate()); the
  // secondary aerosol it forms is not followed. 0 = no chemistry.
  double conversion_percent_per_hour = 0;
};

struct Receptor {
  double x = 0, y = 0;  // position [m]
  // Land-use class for vd; 0 (nodata) or unknown = no dry deposition.
  data::names::LandUse land_use = data::names::LandUse::grass;
};

struct Contribution {
  double concentration = 0;   // annual mean at ground level [ug/m3] of NH3 or NOx as NO2
  double dry_deposition = 0;  // [mol N/ha/yr]
  double wet_deposition = 0;  // [mol N/ha/yr]
  double total_deposition() const { return dry_deposition + wet_deposition; }
};

// How a receptor between two sector centres is served. OPS interpolates the meteorology
// between the two nearest sectors by the receptor's angle (ops_statparexp); we interpolate
// the two sectors' contributions linearly instead (cheaper, same where the sectors agree, and
// it keeps the angular integral equal to the sector sum, so mass is conserved).
enum class SectorWeighting { nearest, interpolate };

struct SourceReceptorOptions {
  SectorWeighting sectors = SectorWeighting::interpolate;
  bool source_depletion = true;  // false: no dry/wet/chemical loss along the path (for checks)
  double min_distance = 1.0;     // closer receptors are taken at this distance [m] (OPS: 1 m)
};

// Depletion table: Q(x)/Q0 at log-spaced distances from 1 m to 1000 km (ratio 1.122 a step).
inline constexpr int depletion_points = 121;

// Per sector x class: everything the per-receptor step needs.
struct PreparedCell {
  double frequency = 0;    // 0: class absent, or plume wholly above zi (skipped)
  int exponent_index = 0;  // which of the three disph values (0.82, 0.76, 0.67)
  double fraction_below_zi = 1;
  double plume_height = 0;  // h [m]
  double rise = 0;          // plume rise, for the buoyancy spread [m]
  double zi = 0;            // [m]
  double dispg = 0;
  double short_limit = 0;       // 0.6 sqrt(1 - h/zi): sigma_z/zi above it = intermediate regime
  double u_plume = 0;           // wind at the plume height [m/s]
  double u_mixed = 0;           // wind at zi/2 [m/s]
  GasWetLoss wet;               // the source's gas in this cell's rain (OPS par_nat)
  double chem_rate = 0;         // [1/s]
  std::array<double, 10> vd{};  // at 4 m, by land-use class 0..9 [m/s]; 0 for nodata
  // Surface gradient (OPS ops_brondepl): C(4 m) = C (1 - gmax (1 - exp(-t rate))), gmax =
  // 1 - vd(50 m)/vd(4 m), rate = vd(4 m)/4 m, t the travel time; by land-use class.
  std::array<double, 10> gradient_max{};
  std::array<double, 10> gradient_rate{};
  std::array<double, depletion_points> depletion{};
};

struct PreparedSource {
  double x = 0, y = 0;
  double emission = 0;  // [g/s], applied last so contributions scale exactly
  double mol_n_per_gram = 0;
  double scavenging_ratio = 0;   // W of the gas
  double diffusivity_cm2_s = 0;  // of the gas, for below-cloud washout
  bool buoyant = false;
  SourceReceptorOptions options;
  // Receptor land-use classes with the same canopy resistance for this gas have the same vd
  // and surface gradient in every cell (NH3: 4 distinct among classes 1..9, NO2: 6), so the
  // per-distance surface factor is computed once per distinct class: deposition_class[lu] is
  // the first class lu' <= lu with vd, gradient_max and gradient_rate equal to lu's in every
  // cell; distinct_classes lists classes 1..9 that are their own deposition_class.
  std::array<int, 10> deposition_class{};
  std::array<int, 9> distinct_classes{};
  int distinct_count = 0;
  std::array<std::array<PreparedCell, stability_classes>, wind_sectors> cells{};
};

// Per-source precomputation. Throws data::Error(invalid_value) when plume_rise() does (heat
// content a stack cannot carry).
PreparedSource prepare_source(const PointSource& source, const Climatology& climate,
                              const SourceReceptorOptions& options = {});

// The annual contribution of the prepared source at the receptor. No allocation, no throw.
Contribution contribution(const PreparedSource& source, const Receptor& receptor);
// The same for the prepared source placed at (source_x, source_y) instead of its own position:
// one source kind prepared once serves every source of that kind (the grid solver's emitters).
Contribution contribution_from(const PreparedSource& source, double source_x, double source_y,
                               const Receptor& receptor);

// The field of one sector at distance x (>= min_distance) per unit emission (1 g/s), for
// every receptor land-use class 0..9 (class 0: no dry deposition and no surface gradient):
// what contribution() sums with its sector weights and the emission. The grid solver
// tabulates it.
inline constexpr int land_use_classes = 10;
struct SectorField {
  std::array<double, land_use_classes> concentration{};   // [ug/m3]
  std::array<double, land_use_classes> dry_deposition{};  // [mol N/ha/yr]
  double wet_deposition = 0;                              // [mol N/ha/yr]
};
SectorField sector_field(const PreparedSource& source, int sector, double x);
// sector_field() of every sector at one distance (the same numbers; the distance's logarithm
// and powers are computed once).
std::array<SectorField, wind_sectors> sector_fields(const PreparedSource& source, double x);

// The sector whose wind carries a plume from the source to a receptor at `bearing_deg`
// (clockwise from north): the wind comes from bearing + 180 degrees; as a real-valued sector
// position 0 <= s < 12 (sector k centred on 30 k degrees).
double sector_position(double bearing_deg);

}  // namespace twin::solvers::nitrogen
