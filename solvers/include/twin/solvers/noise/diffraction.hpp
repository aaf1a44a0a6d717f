#pragma once
// Diffraction of CNOSSOS-EU (Annex II, 2.5.7): the attenuation Delta_dif for a path
// difference, the multiple-edge factor C'', and ray lengths along the curved rays of
// favourable conditions.
#include "twin/solvers/noise/bands.hpp"

namespace twin::solvers::noise {

// Delta_dif = 10 C_h lg(3 + (40/lambda) C'' delta) when (40/lambda) C'' delta >= -2, else 0
// (2.5.21), with C_h = 1 and lambda = 340 / f (nominal f). e = distance between the first and
// last edges (0 for one edge).
Spectrum diffraction_attenuation(double delta, double e);

// C'' (2.5.22): 1 for a single edge (e <= 0.3 m), else (1 + (5 lambda / e)^2) / (1/3 + (5 lambda / e)^2).
double multiple_edge_factor(double lambda, double e);

// Length of the circular arc of radius Gamma = max(1000, 8 d) under the chord `chord`
// (2.5.24 - 2.5.25): 2 Gamma asin(chord / (2 Gamma)); d is the direct source-receiver distance.
double curved_length(double chord, double d);

}  // namespace twin::solvers::noise
