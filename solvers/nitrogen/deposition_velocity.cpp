#include "twin/solvers/nitrogen/deposition_velocity.hpp"

#include <array>
#include <cmath>

namespace twin::solvers::nitrogen {

namespace {

constexpr double karman = 0.4;

double psi_h(double zeta) {
  if (zeta < 0.0) return 2.0 * std::log((1.0 + std::sqrt(1.0 - 16.0 * zeta)) / 2.0);
  return -5.0 * zeta;
}

// Effective Rc per DEPAC class 1..9 (grass, arable, permanent crops, coniferous forest,
// deciduous forest, water, urban, other nature, bare soil), computed once from DEPAC's
// parallel paths 1/Rc = g_stom + g_w + 1/(Rinc + Rsoil) at a representative annual state:
// u* = 0.3 m/s, relative humidity 82 %, dry non-frozen surface, annual-mean LAI/SAI from
// DEPAC's growing-season curves, g_stom = g_max/41000 LAI F (D_gas/D_O3) with F = 0.25
// (daylight half the year times a mean environmental factor 0.5). NH3: Rw = 3.5 x 2
// exp((100 - RH)/12)/SAI (Sutton and Fowler 1993 as in DEPAC), Rsoil 100 (water 10).
// NO2: Rw = 2000, Rsoil 1000 (water 2000). Rinc = 14 h SAI/u* for crops and forests, no
// soil path under grass (DEPAC). Rounded to whole s/m. The derivation is in
// docs/models/nitrogen.md.
constexpr std::array<double, 9> rc_nh3 = {10, 28, 28, 5, 10, 10, 100, 10, 100};
constexpr std::array<double, 9> rc_no2 = {190, 342, 342, 203, 386, 2000, 1000, 190, 1000};

}  // namespace

double aerodynamic_resistance(double z, double z0, double ustar, double obukhov_length) {
  const double l = obukhov_length;
  return (std::log(z / z0) - psi_h(z / l) + psi_h(z0 / l)) / (karman * ustar);
}

double gas_diffusivity(Gas gas) { return gas == Gas::nh3 ? 0.21e-4 : 0.13e-4; }

double boundary_layer_resistance(Gas gas, double ustar) {
  constexpr double nu = 1.5e-5;
  constexpr double prandtl = 0.72;
  const double diffusivity = gas_diffusivity(gas);
  return 2.0 / (karman * ustar) * std::pow(nu / diffusivity / prandtl, 2.0 / 3.0);
}

std::optional<double> effective_rc(Gas gas, data::names::LandUse land_use) {
  const int index = static_cast<int>(land_use) - 1;
  if (index < 0 || index >= 9) return std::nullopt;
  return gas == Gas::nh3 ? rc_nh3[static_cast<std::size_t>(index)] : rc_no2[static_cast<std::size_t>(index)];
}

double deposition_velocity(double ra, double rb, double rc) { return 1.0 / (ra + rb + rc); }

}  // namespace twin::solvers::nitrogen
