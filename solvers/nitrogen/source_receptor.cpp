#include "twin/solvers/nitrogen/source_receptor.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "exp_or_zero.hpp"
#include "twin/solvers/nitrogen/depletion.hpp"
#include "twin/solvers/nitrogen/deposition_velocity.hpp"
#include "twin/solvers/nitrogen/units.hpp"
#include "twin/solvers/nitrogen/vertical_dispersion.hpp"
#include "twin/solvers/nitrogen/wind_profile.hpp"

namespace twin::solvers::nitrogen {

namespace {

using data::names::LandUse;

// The three distinct exponents of OPS's DISPH (U1 U2 N1 N2 S1 S2 = .82 .82 .76 .76 .67 .76): a
// receptor needs x^disph only three times, not once per class.
constexpr std::array<double, 3> disph_values = {0.82, 0.76, 0.67};
constexpr std::array<int, stability_classes> disph_index = {0, 0, 1, 1, 2, 1};

// Depletion table: ln x from ln 1 m to ln 1e6 m in equal steps.
const double table_step = std::log(1e6) / (depletion_points - 1);

// OPS's regime limits (ops_conlt_trans_disp): well mixed once sigma_z > 1.6 zi or beyond 100 km.
constexpr double well_mixed_ratio = 1.6;
constexpr double well_mixed_distance = 100e3;
// Reference height of Ra for deposition: OPS evaluates Ra at 4 m (its ra_..._4 variables).
constexpr double ra_height = 4.0;
// Below 50 m OPS takes the transport wind from the log profile, above from the power law
// u10 (z/10)^p (ops_conlt_trans_disp).
constexpr double power_law_above = 50.0;
constexpr double sqrt_2pi = 2.5066282746310002;

double transport_wind(const ClimateCell& c, double z0, double height) {
  const double z = std::max(height, 1.0);
  if (z > power_law_above) return c.wind_speed_10m * std::pow(z / 10.0, c.wind_power_law_exponent);
  return wind_speed_at(z0, z, c.friction_velocity, c.obukhov_length);
}

// The plume of one sector x class cell at distance x: transport wind u and the ground-level
// vertical distribution Dz [1/m], so that C = q NSEK/(2 pi x u) Dz (OPS report eqs. 3.7-3.9,
// 3.15). xpow = x^disph of the cell's class.
struct PlumeState {
  double u = 0;
  double dz = 0;
  double sz = 0;  // sigma_z [m]
};

PlumeState plume_at(const PreparedCell& c, bool buoyant, double x, double xpow) {
  // sigma_z as sigma_z_point() (OPS ops_conlt_par_puntbr), with the power taken by the caller.
  const double s = c.dispg * xpow;
  double sz2 = s * s;
  if (buoyant) {
    const double a = std::min(s, c.rise / sqrt_2pi) / 1.5;
    sz2 += a * a;
  }
  const double sz = std::sqrt(sz2);
  const double pp = sz / c.zi;
  if (pp > well_mixed_ratio || x > well_mixed_distance) return {c.u_mixed, 1.0 / c.zi, sz};
  // OPS interpolates the transport height between h and zi/2 by pp/1.6 and takes the wind
  // there; we interpolate the two winds (precomputed per cell) by the same weight.
  const double w = pp / well_mixed_ratio;
  const double u = (1.0 - w) * c.u_plume + w * c.u_mixed;
  const double h = c.plume_height;
  const double rr = 2.0 * sz2;
  double cls = 1.0;
  if (pp > c.short_limit) {
    // Intermediate distance: reflections at zi (OPS report eq. 3.15, gases, no descent).
    const double zi2 = 2.0 * c.zi;
    cls += exp_or_zero(-((zi2 + h) * (zi2 + h) - h * h) / rr) +
           exp_or_zero(-((zi2 - h) * (zi2 - h) - h * h) / rr);
  }
  return {u, 2.0 / (sqrt_2pi * sz) * exp_or_zero(-h * h / rr) * cls, sz};
}

// OPS's reference height for the surface gradient: above it the profile is undisturbed by
// deposition (ops_brondepl, zra = 50 m).
constexpr double undisturbed_height = 50.0;

double wet_rate(const PreparedCell& c, double x, const PlumeState& p) {
  return wet_loss_rate_gas(c.wet, x, p.u, p.sz);
}

// 1 - cgt of OPS: the ground-level concentration at 4 m relative to the plume's, lowered by
// the deposition flux as the plume travels (t = x/ugem, ugem the mean of the wind at the
// source's plume height and the transport wind).
// Written with exp(), not 1 - gmax (-expm1(-t rate)): expm1 costs twice as much, and the factor
// is at least 1 - gmax = vd(50 m)/vd(4 m), so the absolute rounding of 1 - exp near t = 0 stays
// a relative 1e-15 of it.
double surface_factor(const PreparedCell& c, std::size_t lu, double travel_s) {
  const double g = c.gradient_max[lu];
  return (1.0 - g) + g * std::exp(-travel_s * c.gradient_rate[lu]);
}

// What one class of a sector gives at distance x per unit emission: the column below zi
// [s/m2], the undisturbed ground-level concentration [s/m3], the wet flux [1/m2] and the
// travel time for the surface gradient [s].
struct ClassTerms {
  double conc = 0;
  double wet = 0;
  double travel = 0;
};

// Position in the depletion table (shared by all cells), clamped at its ends.
struct TablePos {
  int i0 = 0;
  double ft = 0;
};
TablePos table_pos(double lx) {
  const double t = std::clamp(lx / table_step, 0.0, static_cast<double>(depletion_points - 1));
  const int i0 = std::min(static_cast<int>(t), depletion_points - 2);
  return {i0, t - i0};
}

ClassTerms class_terms(const PreparedSource& s, const PreparedCell& c, double x, double xpow,
                       TablePos pos) {
  const PlumeState p = plume_at(c, s.buoyant, x, xpow);
  double depl = 1.0;
  if (s.options.source_depletion) {
    // Linear in the factor itself, not its log: one exp less per class, and between nodes
    // 12 % apart in x the difference is far below the model's own uncertainty.
    const double a = c.depletion[static_cast<std::size_t>(pos.i0)];
    const double b = c.depletion[static_cast<std::size_t>(pos.i0 + 1)];
    depl = a + pos.ft * (b - a);
  }
  // Mass per m2 of the sector-averaged column below zi, per unit emission [s/m2]:
  // Dy = NSEK/(2 pi x).
  const double column = c.frequency * c.fraction_below_zi * depl * wind_sectors /
                        (2.0 * std::numbers::pi * x * p.u);
  return {column * p.dz, column * wet_rate(c, x, p), 2.0 * x / (c.u_plume + p.u)};
}

Gas gas_of(Substance s) { return s == Substance::nh3 ? Gas::nh3 : Gas::no2; }

// The depletion integral's grid is the same for every source and cell: its nodes exp(i step),
// the midpoints exp((i - 0.5) step) and their powers x^disph, computed once per process rather
// than once per source and cell (the same expressions, so the same numbers).
struct DepletionGrid {
  std::array<double, depletion_points> node{};
  std::array<double, depletion_points> mid{};  // mid[i]: between nodes i - 1 and i (i >= 1)
  std::array<std::array<double, depletion_points>, disph_values.size()> mid_pow{};
};

const DepletionGrid& depletion_grid() {
  static const DepletionGrid grid = [] {
    DepletionGrid g;
    for (int i = 0; i < depletion_points; ++i) {
      const auto n = static_cast<std::size_t>(i);
      g.node[n] = std::exp(i * table_step);
      if (i == 0) continue;
      g.mid[n] = std::exp((i - 0.5) * table_step);
      for (std::size_t e = 0; e < disph_values.size(); ++e)
        g.mid_pow[e][n] = std::pow(g.mid[n], disph_values[e]);
    }
    return g;
  }();
  return grid;
}

// Fills deposition_class and distinct_classes of `out` from its cells' vd and gradients.
void group_deposition_classes(PreparedSource& out) {
  const auto same = [&](std::size_t a, std::size_t b) {
    for (const auto& row : out.cells) {
      for (const PreparedCell& c : row) {
        if (c.vd[a] != c.vd[b] || c.gradient_max[a] != c.gradient_max[b] ||
            c.gradient_rate[a] != c.gradient_rate[b])
          return false;
      }
    }
    return true;
  };
  out.distinct_count = 0;
  for (int lu = 1; lu < land_use_classes; ++lu) {
    int first = lu;
    for (int earlier = 1; earlier < lu; ++earlier) {
      if (out.deposition_class[static_cast<std::size_t>(earlier)] == earlier &&
          same(static_cast<std::size_t>(earlier), static_cast<std::size_t>(lu))) {
        first = earlier;
        break;
      }
    }
    out.deposition_class[static_cast<std::size_t>(lu)] = first;
    if (first == lu) out.distinct_classes[static_cast<std::size_t>(out.distinct_count++)] = lu;
  }
}

}  // namespace

double sector_position(double bearing_deg) {
  double s = std::fmod((bearing_deg + 180.0) / 30.0, 12.0);
  if (s < 0) s += 12.0;
  return s >= 12.0 ? 0.0 : s;
}

PreparedSource prepare_source(const PointSource& source, const Climatology& climate,
                              const SourceReceptorOptions& options) {
  PreparedSource out;
  out.x = source.x;
  out.y = source.y;
  out.emission = source.emission;
  out.mol_n_per_gram =
      (source.substance == Substance::nh3 ? mol_n_per_kg_nh3 : mol_n_per_kg_nox) / 1000.0;
  out.buoyant = source.heat_mw > 0;
  out.options = options;
  const Gas gas = gas_of(source.substance);
  out.scavenging_ratio = source.substance == Substance::nh3 ? scavenging_nh3 : scavenging_nox;
  out.diffusivity_cm2_s = gas_diffusivity(gas) * 1e4;
  const double z0 = climate.roughness_length;
  const double chem = per_second(source.conversion_percent_per_hour);
  const int path_lu = static_cast<int>(source.path_land_use);

  for (int k = 0; k < wind_sectors; ++k) {
    for (int j = 0; j < stability_classes; ++j) {
      const auto cls = static_cast<StabilityClass>(j);
      const ClimateCell& m = climate.at(k, cls);
      PreparedCell& c = out.cells[static_cast<std::size_t>(k)][static_cast<std::size_t>(j)];
      if (m.frequency <= 0) continue;

      PlumeRiseInput pr;
      pr.z0 = z0;
      pr.stack_height = source.height;
      pr.ustar = m.friction_velocity;
      pr.obukhov_length = m.obukhov_length;
      pr.heat_mw = source.heat_mw;
      pr.stack_diameter = source.stack_diameter;
      pr.exit_velocity = source.exit_velocity;
      pr.temperature_c = m.temperature;
      pr.mixing_height = m.mixing_height;
      pr.mixing_height_local = m.mixing_height;
      const PlumeRise rise = plume_rise(pr);
      // A plume wholly above the mixing layer gives no ground-level concentration (OPS
      // ops_conlt_gauss_zrcp, onder = 0); its later fate is not modelled (see the notes).
      if (rise.fraction_below_zi <= 0) continue;

      c.frequency = m.frequency;
      c.exponent_index = disph_index[static_cast<std::size_t>(j)];
      c.fraction_below_zi = rise.fraction_below_zi;
      c.plume_height = rise.effective_height;
      c.rise = rise.effective_height - source.height;
      c.zi = m.mixing_height;
      c.dispg = dispg_from_meteo(cls, z0, m.mixing_height, m.obukhov_length, m.friction_velocity,
                                 rise.effective_height);
      c.short_limit = 0.6 * std::sqrt(std::max(0.0, 1.0 - c.plume_height / c.zi));
      c.u_plume = transport_wind(m, z0, c.plume_height);
      c.u_mixed = transport_wind(m, z0, 0.5 * c.zi);
      c.wet =
          prepare_wet_loss_gas(out.scavenging_ratio, out.diffusivity_cm2_s,
                               {m.precipitation_probability, m.rain_intensity, m.rain_event_hours},
                               c.plume_height, c.zi);
      c.chem_rate = chem;
      const double ra =
          aerodynamic_resistance(ra_height, z0, m.friction_velocity, m.obukhov_length);
      const double ra50 =
          aerodynamic_resistance(undisturbed_height, z0, m.friction_velocity, m.obukhov_length);
      const double rb = boundary_layer_resistance(gas, m.friction_velocity);
      for (int lu = 1; lu < land_use_classes; ++lu) {
        const auto rc = effective_rc(gas, static_cast<LandUse>(lu));
        if (!rc) continue;
        const auto l = static_cast<std::size_t>(lu);
        c.vd[l] = deposition_velocity(ra, rb, *rc);
        c.gradient_max[l] = 1.0 - deposition_velocity(ra50, rb, *rc) / c.vd[l];
        c.gradient_rate[l] = c.vd[l] / ra_height;
      }
      const std::size_t pl = path_lu >= 1 && path_lu <= 9 ? static_cast<std::size_t>(path_lu) : 0;
      const double vd_path = c.vd[pl];

      // ln Q(x)/Q0 = -int (vd Dz + wet + chem)/u dx' (OPS ops_brondepl for the dry part; the
      // wet and chemical losses act on the whole column below zi), midpoint rule per table
      // step; no loss within the first metre.
      const DepletionGrid& grid = depletion_grid();
      const auto& mid_pow = grid.mid_pow[static_cast<std::size_t>(c.exponent_index)];
      double ln_q = 0.0;
      c.depletion[0] = 1.0;
      for (std::size_t i = 1; i < depletion_points; ++i) {
        const double xm = grid.mid[i];
        const PlumeState p = plume_at(c, out.buoyant, xm, mid_pow[i]);
        const double travel = 2.0 * xm / (c.u_plume + p.u);
        const double dry = vd_path * surface_factor(c, pl, travel) * p.dz;
        const double rate = (dry + wet_rate(c, xm, p) + c.chem_rate) / p.u;
        ln_q -= rate * (grid.node[i] - grid.node[i - 1]);
        c.depletion[i] = std::exp(ln_q);
      }
    }
  }
  group_deposition_classes(out);
  return out;
}

namespace {

std::array<double, 3> powers_of(double lx) {
  return {std::exp(disph_values[0] * lx), std::exp(disph_values[1] * lx),
          std::exp(disph_values[2] * lx)};
}

// g/m2/s -> mol N/ha/yr with the emission's year (365.25 days), so that deposited moles can
// be compared with emitted moles directly.
double to_mol_ha_yr(const PreparedSource& s) { return 1e4 * seconds_per_year * s.mol_n_per_gram; }

// What every sector needs of the distance: x itself (at least min_distance), x^disph and the
// position in the depletion table, computed once for the 12 sectors of a table node.
struct DistanceTerms {
  double x = 0;
  std::array<double, 3> xpow{};
  TablePos pos;
};

DistanceTerms distance_terms(const PreparedSource& source, double x) {
  x = std::max(x, source.options.min_distance);
  const double lx = std::log(x);
  return {x, powers_of(lx), table_pos(lx)};
}

SectorField field_of_sector(const PreparedSource& source, int sector, const DistanceTerms& d) {
  SectorField f;
  std::array<double, land_use_classes> factor{};
  for (const PreparedCell& c : source.cells[static_cast<std::size_t>(sector)]) {
    if (c.frequency == 0.0) continue;
    const ClassTerms t =
        class_terms(source, c, d.x, d.xpow[static_cast<std::size_t>(c.exponent_index)], d.pos);
    f.wet_deposition += t.wet;
    // A plume that has not reached the ground adds exact zeros to every class.
    if (t.conc == 0.0) continue;
    f.concentration[0] += t.conc;
    for (int j = 0; j < source.distinct_count; ++j) {
      const auto lu =
          static_cast<std::size_t>(source.distinct_classes[static_cast<std::size_t>(j)]);
      factor[lu] = surface_factor(c, lu, t.travel);
    }
    for (std::size_t lu = 1; lu < static_cast<std::size_t>(land_use_classes); ++lu) {
      const double cs = t.conc * factor[static_cast<std::size_t>(source.deposition_class[lu])];
      f.concentration[lu] += cs;
      f.dry_deposition[lu] += cs * c.vd[lu];
    }
  }
  const double mol = to_mol_ha_yr(source);
  for (double& v : f.concentration) v *= 1e6;
  for (double& v : f.dry_deposition) v *= mol;
  f.wet_deposition *= mol;
  return f;
}

}  // namespace

SectorField sector_field(const PreparedSource& source, int sector, double x) {
  return field_of_sector(source, sector, distance_terms(source, x));
}

std::array<SectorField, wind_sectors> sector_fields(const PreparedSource& source, double x) {
  const DistanceTerms d = distance_terms(source, x);
  std::array<SectorField, wind_sectors> out;
  for (int k = 0; k < wind_sectors; ++k)
    out[static_cast<std::size_t>(k)] = field_of_sector(source, k, d);
  return out;
}

Contribution contribution(const PreparedSource& source, const Receptor& receptor) {
  return contribution_from(source, source.x, source.y, receptor);
}

Contribution contribution_from(const PreparedSource& source, double source_x, double source_y,
                               const Receptor& receptor) {
  const double dx = receptor.x - source_x;
  const double dy = receptor.y - source_y;
  const double r = std::hypot(dx, dy);
  const double x = std::max(r, source.options.min_distance);
  const double bearing = r > 0 ? std::atan2(dx, dy) * (180.0 / std::numbers::pi) : 0.0;
  const double s = sector_position(bearing);

  int sectors[2] = {0, 0};
  double weights[2] = {1.0, 0.0};
  if (source.options.sectors == SectorWeighting::interpolate) {
    const int k0 = static_cast<int>(s);
    sectors[0] = k0 % wind_sectors;
    sectors[1] = (k0 + 1) % wind_sectors;
    weights[1] = s - k0;
    weights[0] = 1.0 - weights[1];
  } else {
    sectors[0] = static_cast<int>(s + 0.5) % wind_sectors;
  }

  const double lx = std::log(x);
  const auto xpow = powers_of(lx);
  const TablePos pos = table_pos(lx);
  int lu = static_cast<int>(receptor.land_use);
  if (lu < 0 || lu > 9) lu = 0;
  const auto l = static_cast<std::size_t>(lu);

  // Sums per unit emission: conc [s/m3 per g/s -> g/m3], dry [g/m2/s], wet [g/m2/s].
  double conc = 0, dry = 0, wet = 0;
  for (int n = 0; n < 2; ++n) {
    if (weights[n] == 0.0) continue;
    for (const PreparedCell& c : source.cells[static_cast<std::size_t>(sectors[n])]) {
      if (c.frequency == 0.0) continue;
      const ClassTerms t =
          class_terms(source, c, x, xpow[static_cast<std::size_t>(c.exponent_index)], pos);
      const double cs = weights[n] * t.conc * (l == 0 ? 1.0 : surface_factor(c, l, t.travel));
      conc += cs;
      dry += cs * c.vd[l];
      wet += weights[n] * t.wet;
    }
  }
  const double mol = to_mol_ha_yr(source);
  Contribution out;
  out.concentration = source.emission * (1e6 * conc);
  out.dry_deposition = source.emission * (mol * dry);
  out.wet_deposition = source.emission * (mol * wet);
  return out;
}

}  // namespace twin::solvers::nitrogen
