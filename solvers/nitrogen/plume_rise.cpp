#include "twin/solvers/nitrogen/plume_rise.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>

#include "twin/data/error.hpp"
#include "twin/solvers/nitrogen/wind_profile.hpp"

namespace twin::solvers::nitrogen {

namespace {

constexpr double gravity = 9.80665;           // OPS Binas grav
constexpr double temperature_height = 1.5;    // height of the meteo temperature [m] (OPS zmet_T)
constexpr double wind_threshold_height = 10;  // momentum rise of low stacks uses the 10 m wind

// Exit temperature when only the heat content is given (OPS ops_plumerise_qw_Ts): with the
// normal volume flux V0 = pi r^2 V T0/Ts, Qw = rho0 cp0 V0 (Ts - Ta) 1e-6 solves to
// Ts = Ta/(1 - Qw/C1), C1 = rho0 cp0 pi r^2 V T0 1e-6.
double exit_temperature_from_heat(double heat_mw, double diameter, double velocity, double ambient_k) {
  if (heat_mw == 0.0) return ambient_k;
  const double radius = 0.5 * diameter;
  const double c1 = rho0_air * cp0_air * std::numbers::pi * radius * radius * velocity * t0_kelvin * 1e-6;
  const double ts = ambient_k / (1.0 - heat_mw / c1);
  if (heat_mw >= c1 || ts - ambient_k < 0.0 || ts - ambient_k > 2000.0) {
    throw data::Error(data::ErrorCode::invalid_value,
                      "heat content " + std::to_string(heat_mw) + " MW cannot be carried by a stack of diameter " +
                          std::to_string(diameter) + " m at exit velocity " + std::to_string(velocity) +
                          " m/s (the exit temperature would exceed ambient + 2000 K)");
  }
  return ts;
}

double heat_from_exit_temperature(double ts, double diameter, double velocity, double ambient_k) {
  const double radius = 0.5 * diameter;
  const double v0 = std::numbers::pi * radius * radius * velocity * t0_kelvin / ts;
  return rho0_air * cp0_air * v0 * (ts - ambient_k) * 1e-6;
}

}  // namespace

bool non_stable(double obukhov_length) { return obukhov_length < 0.0 || std::abs(obukhov_length) > 50.0; }

double buoyancy_flux(double heat_mw) {
  return gravity * 1e6 / (std::numbers::pi * rho0_air * cp0_air * t0_kelvin) * heat_mw;
}

double ambient_temperature_at(double stack_height, double temperature_c) {
  // theta = T + (g/cp) z with g/cp = 9.8e-3 K/m; OPS assumes dtheta/dz = 0.006 K/m here.
  const double dz = stack_height - temperature_height;
  return dtheta_dz_stable * dz - 9.8e-3 * dz + temperature_c + t0_kelvin;
}

double buoyancy_rise(const BuoyancyInput& in) {
  if (!(in.heat_mw > 0.0)) return 0.0;
  const double f = buoyancy_flux(in.heat_mw);
  double u = in.u_stack;
  double rise = 0.0;
  double previous = -999.0;
  constexpr int max_iterations = 10;
  constexpr double abs_tol = 0.1;
  constexpr double rel_tol = 0.05;
  // The rise depends on the wind at half the rise and vice versa; iterate as OPS does, with
  // its stopping rule, so the result is the same number OPS returns (not a converged limit).
  for (int it = 1; it <= max_iterations; ++it) {
    if (in.non_stable) {
      rise = f >= 55.0 ? 38.8 * std::pow(f, 0.6) / u : 21.3 * std::pow(f, 0.75) / u;
    } else {
      // OPS uses g = 9.81 here and the exponent 0.333 (not 1/3); kept to reproduce OPS.
      const double s = 9.81 / in.ambient_k * dtheta_dz_stable;
      rise = 2.6 * std::pow(f / (s * u), 0.333);
    }
    const bool converged = std::abs(rise - previous) < abs_tol + rel_tol * rise;
    if (converged || it == max_iterations) break;
    u = wind_speed_at(in.z0, in.stack_height + rise / 2.0, in.ustar, in.obukhov_length);
    previous = rise;
  }
  return rise;
}

double momentum_rise(double u_stack, double diameter, double exit_velocity, double exit_temperature_k,
                     double ambient_k, bool non_stable_conditions) {
  if (!(exit_velocity > 0.0)) return 0.0;
  const double rise_non_stable = 3.0 * diameter * exit_velocity / u_stack;  // Briggs 1969 eq. 5.2
  if (non_stable_conditions) return rise_non_stable;
  // Briggs 1969 eqs. 4.28, 4.19b, 4.16 with Ps/P = 1 (as in OPS and Turner et al. 1986).
  const double t = exit_velocity * exit_velocity * diameter * diameter / (exit_temperature_k * u_stack);
  const double rise_stable = 0.646 * std::cbrt(t) * std::sqrt(ambient_k) * std::pow(dtheta_dz_stable, -1.0 / 6.0);
  return std::min(rise_stable, rise_non_stable);
}

PlumeRise plume_rise(const PlumeRiseInput& in) {
  const double ta = ambient_temperature_at(in.stack_height, in.temperature_c);
  const bool stable_free = non_stable(in.obukhov_length);
  const bool has_velocity = !std::isnan(in.exit_velocity);

  // Heat content and exit temperature: whichever is unknown follows from the other.
  double heat = in.heat_mw;
  double ts = in.exit_temperature_k;
  if (has_velocity) {
    if (std::isnan(ts)) {
      if (!in.horizontal_outflow) ts = exit_temperature_from_heat(heat, in.stack_diameter, in.exit_velocity, ta);
    } else {
      heat = heat_from_exit_temperature(ts, in.stack_diameter, in.exit_velocity, ta);
    }
  }
  if (std::isnan(heat)) heat = 0.0;

  const double u_stack = wind_speed_at(in.z0, in.stack_height, in.ustar, in.obukhov_length);
  PlumeRise out;
  out.buoyancy = buoyancy_rise({in.z0, in.ustar, in.obukhov_length, stable_free, heat, ta, u_stack, in.stack_height});
  if (has_velocity && !in.horizontal_outflow) {
    // Low stacks in weak wind would get an unrealistically large momentum rise; OPS takes the
    // wind at 10 m for stacks below 10 m (after the Dutch National Model, H. Erbrink).
    const double u = in.stack_height < wind_threshold_height
                         ? wind_speed_at(in.z0, wind_threshold_height, in.ustar, in.obukhov_length)
                         : u_stack;
    out.momentum = momentum_rise(u, in.stack_diameter, in.exit_velocity, ts, ta, stable_free);
  }
  // Buoyancy rise formulas already contain the momentum effect, so the larger one is used.
  const double rise = std::max(out.buoyancy, out.momentum);
  double height = in.stack_height + rise;

  // Plume penetration (OPS ops_plume_penetration; Briggs 1975, Dutch National Model).
  const double zi = in.mixing_height;
  double below = (in.stack_height > zi || height <= in.stack_height) ? (zi - height) / zi + 0.5
                                                                     : (zi - height) / rise + 0.5;
  if (in.stack_height < in.mixing_height_local && std::abs(in.obukhov_length) < 100.0) below += 0.35;
  below = std::clamp(below, 0.0, 1.0);
  if (height > zi && below > 0.0) height = zi;
  out.effective_height = height;
  out.fraction_below_zi = below;
  return out;
}

}  // namespace twin::solvers::nitrogen
