#include "twin/solvers/nitrogen/sigma_z.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace twin::solvers::nitrogen {

double disph(StabilityClass cls) {
  // OPS m_commonconst_lt DISPH, classes U1 U2 N1 N2 S1 S2.
  static constexpr std::array<double, stability_classes> exponents = {0.82, 0.82, 0.76, 0.76, 0.67, 0.76};
  return exponents[static_cast<std::size_t>(cls)];
}

double sigma_z_point(const SigmaZInput& in) {
  const double s = in.dispg * std::pow(in.x, disph(in.cls));
  if (in.heat_mw == 0.0) return std::sqrt(s * s + in.sigma_z0 * in.sigma_z0);
  // Extra spread of a buoyant plume, as OPS takes it from the OML model; 2.5066 = sqrt(2 pi).
  // OPS caps it at sigma_z itself and divides by 1.5 (ops_conlt_par_puntbr).
  const double a = std::min(s, (in.plume_height - in.stack_height) / 2.5066) / 1.5;
  return std::sqrt(s * s + a * a + in.sigma_z0 * in.sigma_z0);
}

double briggs_rural_d_sigma_y(double x) { return 0.08 * x / std::sqrt(1.0 + 0.0001 * x); }

double briggs_rural_d_sigma_z(double x) { return 0.06 * x / std::sqrt(1.0 + 0.0015 * x); }

}  // namespace twin::solvers::nitrogen
