#include "twin/solvers/noise/bands.hpp"

#include <cmath>
#include <limits>

namespace twin::solvers::noise {

Spectrum exact_frequencies() {
  Spectrum f{};
  for (std::size_t i = 0; i < band_count; ++i) f[i] = 1000.0 * std::pow(10.0, 0.3 * (static_cast<double>(i) - 4.0));
  return f;
}

double energetic_sum(double a, double b) {
  // Guard -inf + -inf (no contribution at all) so it stays -inf rather than NaN.
  if (std::isinf(a) && a < 0) return b;
  if (std::isinf(b) && b < 0) return a;
  const double m = std::max(a, b);
  return m + 10.0 * std::log10(std::pow(10.0, (a - m) / 10.0) + std::pow(10.0, (b - m) / 10.0));
}

double total_level(const Spectrum& levels) {
  double sum = -std::numeric_limits<double>::infinity();
  for (double l : levels) sum = energetic_sum(sum, l);
  return sum;
}

Spectrum flat(double value) {
  Spectrum s;
  s.fill(value);
  return s;
}

}  // namespace twin::solvers::noise
