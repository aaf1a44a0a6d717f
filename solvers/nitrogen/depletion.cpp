#include "twin/solvers/nitrogen/depletion.hpp"

#include <algorithm>
#include <cmath>

#include "twin/solvers/nitrogen/gauss_plume.hpp"
#include "twin/solvers/nitrogen/units.hpp"

namespace twin::solvers::nitrogen {

double dry_depletion_well_mixed(double x, double vd, double u, double zi) { return std::exp(-x * vd / (u * zi)); }

double dry_depletion_gaussian(double x, double vd, double u, double h, double zi,
                              const std::function<double(double)>& sigma_z) {
  if (x <= 0.0) return 1.0;
  constexpr int steps = 400;
  double integral = 0.0;
  for (int i = 0; i < steps; ++i) {
    const double t = (i + 0.5) / steps;
    const double xp = x * std::pow(t, 5.0);
    const double dxp = 5.0 * x * std::pow(t, 4.0) / steps;
    // Dz: crosswind integral of a unit source in unit wind at ground level [1/m].
    const double dz = crosswind_integrated({1.0, h, xp, 0.0, 1.0, sigma_z(xp), zi});
    integral += dz * dxp;
  }
  return std::exp(-vd / u * integral);
}

double wet_removal_rate(double scavenging_ratio, double precipitation_mm_per_year, double zi) {
  const double p = precipitation_mm_per_year * 1e-3 / seconds_per_year;  // m/s
  return scavenging_ratio * p / zi;
}

double nh3_conversion_rate(double so2, double no2, double nh3) {
  const double ch = std::min(so2 / nh3, 3.0);
  const double k = 0.1 + 0.8 * no2 / nh3 + 6.3 * ch + 1.8 * std::pow(ch, 4) - 0.17 * std::pow(ch, 6);
  return std::max(1.0, 3.0 * k + 0.5);
}

double per_second(double percent_per_hour) { return percent_per_hour / 100.0 / 3600.0; }

MassBudget mass_budget(double q, double dry_rate, double wet_rate, double chemical_rate, double t) {
  MassBudget b;
  const double total = dry_rate + wet_rate + chemical_rate;
  b.airborne = q * std::exp(-total * t);
  if (total <= 0.0) return b;
  // Each process takes its share of what has left the air: the rates are constant, so the
  // shares are the rates' ratios and the parts add up to q exactly (up to rounding).
  const double removed = q * -std::expm1(-total * t);
  b.dry_deposited = removed * dry_rate / total;
  b.wet_deposited = removed * wet_rate / total;
  b.converted = removed * chemical_rate / total;
  return b;
}

}  // namespace twin::solvers::nitrogen
