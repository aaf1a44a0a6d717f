#include "twin/solvers/nitrogen/wind_profile.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace twin::solvers::nitrogen {

double wind_speed_at(double z0, double z, double ustar, double obukhov_length) {
  constexpr double karman = 0.4;
  const double l = obukhov_length;
  double psi_m = 0.0;
  if (l > 0.0) {
    // Stable profile of Holtslag (1984), as in OPS.
    psi_m = -17.0 * (1.0 - std::exp(-0.29 * z / l)) + 17.0 * (1.0 - std::exp(-0.29 * z0 / l));
  } else {
    // Unstable (Businger-Dyer/Paulson form, coefficient 15 as in OPS); L -> -inf gives 0.
    const double y = std::pow(1.0 - 15.0 * z / l, 0.25);
    psi_m = std::log((1.0 + y) / 2.0 * (1.0 + y) / 2.0 * (1.0 + y * y) / 2.0) - 2.0 * std::atan(y) +
            std::numbers::pi / 2.0;
  }
  const double u = ustar / karman * (std::log(z / z0) - psi_m);
  // OPS keeps low sources from getting implausibly calm winds (and the plume rise that
  // would follow) with a floor of 0.75 m/s.
  return std::max(u, wind_speed_floor);
}

}  // namespace twin::solvers::nitrogen
