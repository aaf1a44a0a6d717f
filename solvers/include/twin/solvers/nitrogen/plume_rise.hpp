#pragma once
// Plume rise of the OPS long-term model (OPS m_ops_plumerise; van Jaarsveld 2004,
// section 4.1): Briggs (1969, 1971, 1982) buoyancy rise for unstable/neutral and for stable
// conditions, Briggs (1969) momentum rise, the larger of the two, and the fraction of the
// plume that stays below the mixing height (plume penetration).
#include <limits>

namespace twin::solvers::nitrogen {

inline constexpr double unknown = std::numeric_limits<double>::quiet_NaN();

// OPS's constants: reference density and specific heat of air at T0, P0; T0 = 273.16 K as in
// OPS's Binas module; potential-temperature gradient 0.006 K/m for stable conditions (TNO 1976).
inline constexpr double rho0_air = 1.293;         // kg/m3
inline constexpr double cp0_air = 1005.0;         // J/kg/K
inline constexpr double t0_kelvin = 273.16;       // K
inline constexpr double dtheta_dz_stable = 0.006; // K/m

struct PlumeRiseInput {
  double z0 = 0.03;                          // roughness length [m]
  double stack_height = 0;                   // [m]
  double ustar = 0;                          // friction velocity [m/s]
  double obukhov_length = 0;                 // Monin-Obukhov length L [m]
  double heat_mw = 0;                        // heat content Qw [MW]; unknown = from exit temperature
  double stack_diameter = unknown;           // inner diameter [m]
  double exit_velocity = unknown;            // [m/s]; unknown = no momentum rise
  double exit_temperature_k = unknown;       // [K]; unknown = from heat content
  bool horizontal_outflow = false;           // no momentum rise
  double temperature_c = 12;                 // ambient temperature at 1.5 m [degC]
  double mixing_height = 1000;               // zi [m]
  double mixing_height_local = 1000;         // zi near the source [m]
};

struct PlumeRise {
  double buoyancy = 0;          // Briggs buoyancy rise [m]
  double momentum = 0;          // momentum rise [m]
  double effective_height = 0;  // stack height + the larger rise, capped at zi if it penetrates [m]
  double fraction_below_zi = 1; // part of the plume inside the mixing layer (OPS "onder")
};

// True for unstable or neutral conditions as OPS decides them: L < 0 or |L| > 50 m.
bool non_stable(double obukhov_length);

// Buoyancy flux F = g 1e6 / (pi rho0 cp0 T0) Qw [m4/s3] (about 8.8 Qw; Briggs 1982 eq. 11).
double buoyancy_flux(double heat_mw);

// Ambient temperature at stack height [K]: the 1.5 m temperature continued with the stable
// potential-temperature gradient minus the dry adiabatic lapse rate (OPS ops_plumerise).
double ambient_temperature_at(double stack_height, double temperature_c);

struct BuoyancyInput {
  double z0 = 0.03, ustar = 0, obukhov_length = 0;  // for the wind at half the rise
  bool non_stable = true;
  double heat_mw = 0;
  double ambient_k = 0;      // ambient temperature at stack height [K]
  double u_stack = 0;        // wind speed at stack height [m/s]
  double stack_height = 0;   // [m]
};
// Buoyancy rise [m]: unstable/neutral 38.8 F^0.6/u (F >= 55) or 21.3 F^0.75/u (Briggs 1971);
// stable 2.6 (F/(s u))^0.333 with s = 9.81/Ta 0.006 (Briggs 1982 eq. 59). u is the wind at
// stack height + half the rise, found by OPS's fixed-point iteration (at most 10 steps,
// stop when the change is below 0.1 m + 5 %).
double buoyancy_rise(const BuoyancyInput& in);

// Momentum rise [m] (Briggs 1969): non-stable 3 D V/u; stable the smaller of that and
// 0.646 (V^2 D^2/(Ts u))^(1/3) Ta^(1/2) (dtheta/dz)^(-1/6). 0 when V <= 0.
double momentum_rise(double u_stack, double diameter, double exit_velocity, double exit_temperature_k,
                     double ambient_k, bool non_stable);

// The full OPS plume-rise step. Throws data::Error(invalid_value) when the heat content
// cannot be carried by the given volume flux (exit temperature would be out of range).
PlumeRise plume_rise(const PlumeRiseInput& in);

}  // namespace twin::solvers::nitrogen
