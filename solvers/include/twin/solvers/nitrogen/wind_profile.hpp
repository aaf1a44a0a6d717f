#pragma once
// Wind speed at a height from the surface-layer similarity profile OPS uses
// (OPS ops_wv_log_profile; Holtslag 1984, van Ulden and Holtslag 1985).
namespace twin::solvers::nitrogen {

// Lowest wind speed the profile returns [m/s] (OPS uz_cutoff2).
inline constexpr double wind_speed_floor = 0.75;

// u(z) = u*/k (ln(z/z0) - psi_m) with k = 0.4; stable (L > 0): psi_m = -17 (1 - exp(-0.29 z/L))
// + 17 (1 - exp(-0.29 z0/L)); unstable or neutral (L <= 0): psi_m from y = (1 - 15 z/L)^(1/4),
// psi_m = ln(((1+y)/2)^2 (1+y^2)/2) - 2 atan(y) + pi/2. At least wind_speed_floor.
// z0 roughness length [m], z height [m], ustar friction velocity [m/s], obukhov_length L [m].
double wind_speed_at(double z0, double z, double ustar, double obukhov_length);

}  // namespace twin::solvers::nitrogen
