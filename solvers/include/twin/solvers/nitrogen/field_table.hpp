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
#include <cstdint>
#include <cstring>
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
  // values[((lu * wind_sectors + sector) * nodes + i) * 4 + q], q = concentration
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
  // Plain comparisons, not std::fmax/fmin: those are library calls without -ffast-math.
  double hi = ax > ay ? ax : ay;
  hi = hi > 1e-300 ? hi : 1e-300;
  const double lo = ax > ay ? ay : ax;
  const double z = lo / hi, z2 = z * z;
  double a = z * (0.9998660 + z2 * (-0.3302995 + z2 * (0.1801410 + z2 * (-0.0851330 + z2 * 0.0208351))));
  if (ax > ay) a = 0.5 * pi - a;  // bearing from north: atan2(dx, dy)
  if (dy < 0) a = pi - a;
  if (dx < 0) a = -a;
  double s = a * (6.0 / pi) + 6.0;  // wind from bearing + 180 degrees, 30 degrees a sector
  if (s >= 12.0) s -= 12.0;
  return s;
}

// ln v for v > 0 (normal doubles) without libm: v = m 2^e with m in [1, 2), ln m from the
// series 2 (z + z^3/3 + ... + z^9/9), z = (m - 1)/(m + 1) <= 1/3 (absolute error < 1.5e-6,
// i.e. 5e-5 of a table step). Inline and branch-free, so the inner loop stays cheap.
inline double fast_ln(double v) {
  std::uint64_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  const int e = static_cast<int>((bits >> 52) & 0x7ff) - 1023;
  bits = (bits & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL;
  double m;
  std::memcpy(&m, &bits, sizeof m);
  const double z = (m - 1.0) / (m + 1.0), z2 = z * z;
  return e * 0.6931471805599453 + 2.0 * z * (1.0 + z2 * (1.0 / 3 + z2 * (1.0 / 5 + z2 * (1.0 / 7 + z2 * (1.0 / 9)))));
}

// The tabulated field at (dx, dy) from the source for land-use class `lu` (0..9), per g/s;
// zero beyond max_distance. Inline: it is the grid solver's inner loop.
inline FieldValue lookup_field(const FieldTable& table, double dx, double dy, int lu) {
  const double r2 = dx * dx + dy * dy;
  if (r2 > table.max_distance * table.max_distance) return {};
  const double min2 = table.min_distance * table.min_distance;
  const double x2 = r2 > min2 ? r2 : min2;
  // Position in ln x; the last interval is used up to max_distance.
  double t = 0.5 * fast_ln(x2) * (1.0 / field_table_step);
  const double last = static_cast<double>(table.nodes - 1);
  t = t < 0.0 ? 0.0 : (t > last ? last : t);
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
  // One land-use class's table is contiguous (12 sectors x nodes x 4 floats, 92 kB at most),
  // so that neighbouring cells of one class hit the same cache lines; nodes i0 and i0 + 1
  // are adjacent.
  constexpr std::size_t stride = 4;
  const float* base = table.values.data() + static_cast<std::size_t>(lu) * wind_sectors * table.nodes * 4;
  const float* a = base + (static_cast<std::size_t>(k0) * table.nodes + i0) * 4;
  const float* b = base + (static_cast<std::size_t>(k1) * table.nodes + i0) * 4;
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
