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

double rain_event_hours(int sector) {
  // OPS par_nat: TWETZ (summer) and TWETW (winter) per sector, 1 = wind from 345-15 degrees.
  constexpr double summer[12] = {1.6, 1.6, 1.4, 1.3, 1.2, 1.2, 1.2, 1.1, 1.2, 1.3, 1.4, 1.7};
  constexpr double winter[12] = {1.5, 1.7, 1.6, 1.6, 2.0, 1.7, 1.6, 1.7, 1.5, 1.3, 1.2, 1.2};
  const int k = ((sector % 12) + 12) % 12;
  return 0.5 * (summer[k] + winter[k]);
}

double wet_loss_rate_gas(double scavenging_ratio, double diffusivity_cm2_s,
                         const RainStatistics& rain, double x, double u, double sigma_z,
                         double plume_height, double zi) {
  if (rain.probability <= 0.0 || rain.intensity_mm_h <= 0.0) return 0.0;
  const double travel_h = x / (u * 3600.0);
  const double twet = rain.event_hours;
  const double tw = std::max(0.01, twet * -std::expm1(-0.4 * travel_h / twet));
  const double ri = rain.intensity_mm_h;
  // Per hour of the year: the rain probability times what one event of duration tw removes.
  const auto effective = [&](double lambda_per_h) {
    return rain.probability / tw * -std::expm1(-lambda_per_h * tw);
  };
  const double rainout = effective(scavenging_ratio * ri / 1000.0 / zi);
  const double washout =
      std::min(rainout, effective(1.21 * std::pow(diffusivity_cm2_s, 0.744) * std::pow(ri, 0.628)));
  const double below = std::max(0.0, zi - plume_height);
  const double in_cloud =
      std::exp(-(below + 5.0) * (below + 5.0) / (2.0 * sigma_z * sigma_z)) * std::min(1.0, travel_h);
  return (washout * (1.0 - in_cloud) + rainout * in_cloud) / 3600.0;
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
