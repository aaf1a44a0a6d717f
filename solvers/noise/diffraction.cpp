// Diffraction, CNOSSOS-EU Annex II 2.5.7.
#include "twin/solvers/noise/diffraction.hpp"

#include <algorithm>
#include <cmath>

namespace twin::solvers::noise {

double multiple_edge_factor(double lambda, double e) {
  if (e <= 0.3) return 1.0;  // one edge (or edges closer than 0.3 m act as one)
  const double x = 5.0 * lambda / e;
  return (1.0 + x * x) / (1.0 / 3.0 + x * x);  // 2.5.22
}

Spectrum diffraction_attenuation(double delta, double e) {
  Spectrum d{};
  for (std::size_t i = 0; i < band_count; ++i) {
    const double lambda = 340.0 / nominal_frequencies[i];
    const double t = 40.0 / lambda * multiple_edge_factor(lambda, e) * delta;
    d[i] = t >= -2.0 ? 10.0 * std::log10(3.0 + t) : 0.0;  // 2.5.21 with C_h = 1
  }
  return d;
}

double curved_length(double chord, double d) {
  const double gamma = std::max(1000.0, 8.0 * d);  // ray curvature radius (2.5.24)
  return 2.0 * gamma * std::asin(std::min(chord / (2.0 * gamma), 1.0));
}

}  // namespace twin::solvers::noise
