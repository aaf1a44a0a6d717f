#pragma once
// Ground attenuation A_ground of CNOSSOS-EU (Annex II, 2.5.6), homogeneous and favourable.
#include "twin/solvers/noise/bands.hpp"

namespace twin::solvers::noise {

// One leg of a path over its mean plane.
struct GroundLeg {
  double zs = 0;       // source (or diffraction edge) height above the mean plane
  double zr = 0;       // receiver (or edge) height above the mean plane
  double dp = 0;       // distance between the projections on the plane
  double g_path = 0;   // G_path: length-weighted ground factor of the leg
  double g_source = 0; // G_s: ground factor at the source, for G'_path near the source
  bool near_source_correction = true;  // false on a receiver-side leg: G'_path = G_path
};

// G'_path (2.5.14): G_path blended towards G_s when the source and receiver are close.
double g_path_prime(const GroundLeg& leg);

// A_ground,H (2.5.15 - 2.5.18) and A_ground,F (2.5.19 - 2.5.20), per band.
Spectrum ground_homogeneous(const GroundLeg& leg);
Spectrum ground_favourable(const GroundLeg& leg);

}  // namespace twin::solvers::noise
