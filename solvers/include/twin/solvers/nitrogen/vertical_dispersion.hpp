#pragma once
// The coefficient dispg of sigma_z = dispg x^disph per stability class, from the class's
// meteorology (u*, L, zi, z0) and the plume height. OPS derives it in ops_stab_rek from
// sigma_z(x) of ops_vertdisp, which blends a surface-layer, a near-neutral and a convective
// parameterisation (van Jaarsveld 2004, section 3.2.1 and figure 3.1). We implement only the
// surface-layer part (OPS ops_surface; OPS report eqs. 3.17-3.18) and evaluate it at one
// reference distance per source and class; docs/models/nitrogen.md states the simplification.
#include "twin/solvers/nitrogen/sigma_z.hpp"

namespace twin::solvers::nitrogen {

// Distance at which dispg is fitted: OPS fits it at the actual source-receptor distance; one
// fixed distance lets the per-receptor work stay a power law. 1 km is the middle of the range
// (100 m - 10 km) where a farm's deposition matters most.
inline constexpr double dispg_reference_distance = 1000.0;

struct SurfaceLayerInput {
  double z0 = 0.03;           // roughness length [m]
  double zi = 1000;           // mixing height [m]
  double obukhov_length = 0;  // L [m], < 0 unstable
  double ustar = 0;           // friction velocity [m/s]
  double plume_height = 0;    // stack height + rise [m]
  double x = 0;               // downwind distance [m]
};

// sigma_z [m] from K-theory in the surface layer: sigma_z = sqrt(2 Kz x/u(zu)), Kz at the
// plume's effective height zw (stable: k u* zw/phi_h * a, phi_h = 0.74 + 4.7 zw/L (Businger
// 1973), a = 1.2, doubled for L < 30 m, OPS's prairie-grass calibration; otherwise
// k u* zw/phi_h (1 - zw/zi)^1.5, phi_h = 0.74 (1 - 9 zw/L)^-1/2 (Brost and Wyngaard 1978)),
// k = 0.35 as in OPS. zw and zu follow OPS's fixed-point rules: well mixed (0.69 sigma_z >= zi/2)
// zu = zi/2; elevated plume not touching the ground zw = max(h - sigma_z, h/2), zu = h;
// touching plume zu = 0.69 sigma_z within [h, zi/2]; zw = 0.75 zu when unstable, else zu.
double sigma_z_surface_layer(const SurfaceLayerInput& in);

// dispg = sigma_z(x_ref)/x_ref^disph with sigma_z_surface_layer at x_ref.
double dispg_from_meteo(StabilityClass cls, double z0, double zi, double obukhov_length,
                        double ustar, double plume_height, double x_ref = dispg_reference_distance);

}  // namespace twin::solvers::nitrogen
