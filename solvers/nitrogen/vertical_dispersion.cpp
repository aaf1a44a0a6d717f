#include "twin/solvers/nitrogen/vertical_dispersion.hpp"

#include <algorithm>
#include <cmath>

#include "twin/solvers/nitrogen/wind_profile.hpp"

namespace twin::solvers::nitrogen {

namespace {

constexpr double karman_ops_surface = 0.35;  // OPS ops_surface uses k = 0.35 here, not 0.4
// Heights below this are not resolved by the log profile (u -> 0 at z0); OPS's own floor on
// the wind speed (0.75 m/s) would take over, we keep the heights at least 1 m instead.
constexpr double min_height = 1.0;

double sigma_at(const SurfaceLayerInput& in, double zw, double zu) {
  const double l = in.obukhov_length;
  double kz = 0;
  if (l > 0) {
    const double phih = 0.74 + 4.7 * zw / l;
    const double a = l < 30.0 ? 2.4 : 1.2;
    kz = karman_ops_surface * in.ustar * zw / phih * a;
  } else {
    const double phih = 0.74 / std::sqrt(1.0 - 9.0 * zw / l);
    kz = karman_ops_surface * in.ustar * zw / phih * std::pow(std::max(0.0, 1.0 - zw / in.zi), 1.5);
  }
  const double u = wind_speed_at(in.z0, zu, in.ustar, l);
  return std::sqrt(2.0 * kz * in.x / u);
}

}  // namespace

double sigma_z_surface_layer(const SurfaceLayerInput& in) {
  const double h = in.plume_height;
  const double half_zi = 0.5 * in.zi;
  const bool unstable = in.obukhov_length < 0;
  // OPS's first guess of the effective height: the height a ground plume has grown to.
  double zw = in.obukhov_length < 0   ? 0.07 * std::pow(in.x, 0.8)
              : in.obukhov_length > 0 ? 0.04 * std::pow(in.x, 0.7)
                                      : h;
  zw = std::clamp(std::max(zw, h), min_height, std::max(min_height, half_zi));
  double zu = zw;
  double sz = sigma_at(in, zw, zu);
  // OPS iterates at most 12 times, relaxing by 0.6 and stopping at a 10 % change; we keep
  // those numbers but one set of update rules for zw and zu together.
  for (int iter = 0; iter < 12; ++iter) {
    const double s = 0.69 * sz;  // effective plume half-depth (OPS: below eq. 3.18)
    double zu_new = 0, zw_new = 0;
    if (s >= half_zi) {
      zu_new = half_zi;
      zw_new = unstable ? 0.75 * zu_new : zu_new;
    } else if (h >= s) {
      zu_new = h;
      zw_new = std::max(h - sz, 0.5 * h);
    } else {
      zu_new = std::clamp(s, h, half_zi);
      zw_new = unstable ? 0.75 * zu_new : zu_new;
    }
    zu_new = std::max(zu_new, min_height);
    zw_new = std::max(zw_new, min_height);
    const bool converged = std::abs(zw_new - zw) <= 0.1 * zw && std::abs(zu_new - zu) <= 0.1 * zu;
    zw += 0.6 * (zw_new - zw);
    zu += 0.6 * (zu_new - zu);
    sz = sigma_at(in, zw, zu);
    if (converged) break;
  }
  return sz;
}

double dispg_from_meteo(StabilityClass cls, double z0, double zi, double obukhov_length,
                        double ustar, double plume_height, double x_ref) {
  const double sz = sigma_z_surface_layer({z0, zi, obukhov_length, ustar, plume_height, x_ref});
  return sz / std::pow(x_ref, disph(cls));
}

}  // namespace twin::solvers::nitrogen
