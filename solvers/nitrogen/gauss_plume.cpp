#include "twin/solvers/nitrogen/gauss_plume.hpp"

#include <cmath>
#include <numbers>

namespace twin::solvers::nitrogen {

namespace {
constexpr double ug_per_g = 1e6;
}

double crosswind_integrated(const CwiInput& in) {
  // Above the mixing layer the plume (emitted inside it) does not reach the receptor.
  if (in.z > in.zi) return 0.0;
  // OPS switches to the well-mixed form once sigma_z exceeds 1.6 zi (gauss_cwi).
  if (in.sigma_z >= 1.6 * in.zi) return in.q / (in.zi * in.u);
  const double rr = 2.0 * in.sigma_z * in.sigma_z;
  double sum = 0.0;
  // Images i = -1, 0, 1: the source at +-h shifted by 2 i zi. OPS notes that more images do
  // not improve the result noticeably; we keep the same three so results match its tests.
  for (int i = -1; i <= 1; ++i) {
    const double shift = in.z + 2.0 * i * in.zi;
    sum += std::exp(-(shift - in.h) * (shift - in.h) / rr) + std::exp(-(shift + in.h) * (shift + in.h) / rr);
  }
  return in.q / (std::sqrt(2.0 * std::numbers::pi) * in.u * in.sigma_z) * sum;
}

double sector_average_well_mixed(double q, double x, double u, double zi, double virty) {
  return q * wind_sectors * ug_per_g / (2.0 * std::numbers::pi * u * (x + virty) * zi);
}

double sector_average_gaussian(double q, double h, double x, double u, double sigma_z, double cls,
                               double virty) {
  const double pi = std::numbers::pi;
  return q * wind_sectors * ug_per_g / (pi * std::sqrt(2.0 * pi)) * std::exp(-h * h / (2.0 * sigma_z * sigma_z)) *
         cls / (u * (x + virty) * sigma_z);
}

double mixing_height_reflection(double h, double sigma_z, double zi) {
  const double rr = 2.0 * sigma_z * sigma_z;
  const double a = std::exp(-((2.0 * zi + h) * (2.0 * zi + h) - h * h) / rr);
  const double b = std::exp(-((2.0 * zi - h) * (2.0 * zi - h) - h * h) / rr);
  return 1.0 + a + b;
}

double centreline_ground(double q, double h, double u, double sigma_y, double sigma_z) {
  return q * ug_per_g / (std::numbers::pi * sigma_y * sigma_z * u) * std::exp(-h * h / (2.0 * sigma_z * sigma_z));
}

}  // namespace twin::solvers::nitrogen
