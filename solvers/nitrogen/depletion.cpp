#include "twin/solvers/nitrogen/depletion.hpp"

#include <algorithm>
#include <cmath>

#include "exp_or_zero.hpp"
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

namespace {

// Shortest Lagrangian rain event OPS allows (par_nat) [h].
constexpr double min_event_hours = 0.01;
// Travel time below which the event is surely the shortest: 0.4 t < 0.99 x 0.01 h.
constexpr double short_event_travel_h = 0.99 * min_event_hours / 0.4;

// 1 - exp(-y) for y >= 0. expm1() costs twice what exp() does, and it is needed only for small y:
// above 0.01 the rounding of 1 - exp(-y) (1.1e-16 absolute) is at most 1.1e-14 of the result.
double one_minus_exp(double y) { return y > 0.01 ? 1.0 - std::exp(-y) : -std::expm1(-y); }

// Per hour of the year: the rain probability times what one event of duration tw removes.
double effective_rate(double probability, double tw, double lambda_per_h) {
  return probability / tw * one_minus_exp(lambda_per_h * tw);
}

}  // namespace

double wet_loss_rate_gas(double scavenging_ratio, double diffusivity_cm2_s,
                         const RainStatistics& rain, double x, double u, double sigma_z,
                         double plume_height, double zi) {
  return wet_loss_rate_gas(
      prepare_wet_loss_gas(scavenging_ratio, diffusivity_cm2_s, rain, plume_height, zi), x, u,
      sigma_z);
}

GasWetLoss prepare_wet_loss_gas(double scavenging_ratio, double diffusivity_cm2_s,
                                const RainStatistics& rain, double plume_height, double zi) {
  GasWetLoss w;
  w.raining = rain.probability > 0.0 && rain.intensity_mm_h > 0.0;
  if (!w.raining) return w;
  w.probability = rain.probability;
  w.event_hours = rain.event_hours;
  const double ri = rain.intensity_mm_h;
  w.rainout_per_h = scavenging_ratio * ri / 1000.0 / zi;
  w.washout_per_h = 1.21 * std::pow(diffusivity_cm2_s, 0.744) * std::pow(ri, 0.628);
  const double below = std::max(0.0, zi - plume_height);
  w.cloud_gap_sq = (below + 5.0) * (below + 5.0);
  w.cloud_sigma_sq_min = w.cloud_gap_sq / 1500.0;
  w.rainout_short = effective_rate(w.probability, min_event_hours, w.rainout_per_h);
  w.washout_short =
      std::min(w.rainout_short, effective_rate(w.probability, min_event_hours, w.washout_per_h));
  return w;
}

double wet_loss_rate_gas(const GasWetLoss& w, double x, double u, double sigma_z) {
  if (!w.raining) return 0.0;
  const double travel_h = x / (u * 3600.0);
  double rainout = w.rainout_short, washout = w.washout_short;
  // tw = max(0.01, twet (1 - exp(-y))), y = 0.4 t/twet, and 1 - exp(-y) <= y: while twet y
  // = 0.4 t stays below 0.01 h (by a margin far above the rounding of expm1), tw is 0.01 h and
  // the rates are the prepared ones.
  if (travel_h >= short_event_travel_h) {
    const double twet = w.event_hours;
    const double tw = std::max(min_event_hours, twet * one_minus_exp(0.4 * travel_h / twet));
    if (tw != min_event_hours) {
      rainout = effective_rate(w.probability, tw, w.rainout_per_h);
      washout = std::min(rainout, effective_rate(w.probability, tw, w.washout_per_h));
    }
  }
  // Below cloud_sigma_sq_min the exponent is below -750: the share is 0 (exp_or_zero's +0).
  const double in_cloud =
      sigma_z * sigma_z < w.cloud_sigma_sq_min
          ? 0.0
          : exp_or_zero(-w.cloud_gap_sq / (2.0 * sigma_z * sigma_z)) * std::min(1.0, travel_h);
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
