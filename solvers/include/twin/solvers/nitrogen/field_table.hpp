#pragma once
// The field of one source kind tabulated for the grid solver: sector_field() (the exact
// per-sector sum over the stability classes) evaluated once per wind sector at log-spaced
// distances and per receptor land-use class, so that a source-receptor pair costs a sector
// position, a logarithm and a bilinear interpolation (sector x ln distance) instead of a few
// dozen transcendental functions. The emission multiplies the looked-up value, so every
// source with the same height, heat, stack and substance shares one table.
// docs/models/nitrogen.md, "The grid solver", states the tabulation error.
#include <cmath>
#include <cstddef>
#include <vector>

#include "twin/solvers/nitrogen/source_receptor.hpp"

namespace twin::solvers::nitrogen {

// Node spacing in ln x: 480 steps from 1 m to 1000 km (2.9 % apart).
inline constexpr double field_table_step = 13.815510557964274 / 480.0;

struct FieldTable {
  int nodes = 0;             // distances exp(i * step), i = 0 .. nodes - 1
  double max_distance = 0;   // pairs farther apart contribute nothing [m]
  double min_distance = 1;   // closer pairs are taken at this distance [m]
  bool interpolate_sectors = true;
  // values[((sector * nodes + i) * land_use_classes + lu) * 4 + q], q = concentration
  // [ug/m3], dry and wet deposition [mol N/ha/yr], padding; per g/s of emission and
  // multiplied by x^2 (x the node distance) so that the stored function is nearly flat in ln x
  // (near-field fields fall roughly as x^-1.8, far-field ones as x^-1).
  std::vector<float> values;
};

// Tabulates `source` (its emission is ignored) out to `max_distance` (>= 1 m).
FieldTable tabulate_field(const PreparedSource& source, double max_distance);

struct FieldValue {
  double concentration = 0;   // [ug/m3] per g/s
  double dry_deposition = 0;  // [mol N/ha/yr] per g/s
  double wet_deposition = 0;  // [mol N/ha/yr] per g/s
};

// The sector position of a receptor at (dx, dy) from the source, 0 <= s < 12 (sector_position()
// of its bearing), with atan2 replaced by Abramowitz and Stegun's polynomial 4.4.49
// (|error| <= 1e-5 rad, i.e. 2e-5 of a sector).
inline double fast_sector_position(double dx, double dy) {
  constexpr double pi = 3.141592653589793;
  const double ax = std::fabs(dx), ay = std::fabs(dy);
  const double hi = std::fmax(std::fmax(ax, ay), 1e-300), lo = std::fmin(ax, ay);
  const double z = lo / hi, z2 = z * z;
  double a = z * (0.9998660 + z2 * (-0.3302995 + z2 * (0.1801410 + z2 * (-0.0851330 + z2 * 0.0208351))));
  if (ax > ay) a = 0.5 * pi - a;  // bearing from north: atan2(dx, dy)
  if (dy < 0) a = pi - a;
  if (dx < 0) a = -a;
  double s = a * (6.0 / pi) + 6.0;  // wind from bearing + 180 degrees, 30 degrees a sector
  if (s >= 12.0) s -= 12.0;
  return s;
}

// The tabulated field at (dx, dy) from the source for land-use class `lu` (0..9), per g/s;
// zero beyond max_distance. Inline: it is the grid solver's inner loop.
inline FieldValue lookup_field(const FieldTable& table, double dx, double dy, int lu) {
  const double r2 = dx * dx + dy * dy;
  if (r2 > table.max_distance * table.max_distance) return {};
  const double x2 = std::fmax(r2, table.min_distance * table.min_distance);
  // Position in ln x; the last interval is used up to max_distance.
  double t = 0.5 * std::log(x2) * (1.0 / field_table_step);
  t = std::fmin(std::fmax(t, 0.0), static_cast<double>(table.nodes - 1));
  int i0 = static_cast<int>(t);
  if (i0 > table.nodes - 2) i0 = table.nodes - 2;
  const double ft = t - i0;
  double s = fast_sector_position(dx, dy);
  int k0, k1;
  double w1;
  if (table.interpolate_sectors) {
    k0 = static_cast<int>(s);
    w1 = s - k0;
    k1 = k0 + 1 == wind_sectors ? 0 : k0 + 1;
  } else {
    k0 = static_cast<int>(s + 0.5);
    if (k0 == wind_sectors) k0 = 0;
    k1 = k0;
    w1 = 0.0;
  }
  constexpr std::size_t stride = land_use_classes * 4;  // one distance node
  const float* a = table.values.data() +
                   ((static_cast<std::size_t>(k0) * table.nodes + i0) * land_use_classes + lu) * 4;
  const float* b = table.values.data() +
                   ((static_cast<std::size_t>(k1) * table.nodes + i0) * land_use_classes + lu) * 4;
  const double w00 = (1.0 - w1) * (1.0 - ft), w01 = (1.0 - w1) * ft, w10 = w1 * (1.0 - ft),
               w11 = w1 * ft;
  const double inv_x2 = 1.0 / x2;
  FieldValue v;
  v.concentration = (w00 * a[0] + w01 * a[stride] + w10 * b[0] + w11 * b[stride]) * inv_x2;
  v.dry_deposition = (w00 * a[1] + w01 * a[stride + 1] + w10 * b[1] + w11 * b[stride + 1]) * inv_x2;
  v.wet_deposition = (w00 * a[2] + w01 * a[stride + 2] + w10 * b[2] + w11 * b[stride + 2]) * inv_x2;
  return v;
}

}  // namespace twin::solvers::nitrogen
