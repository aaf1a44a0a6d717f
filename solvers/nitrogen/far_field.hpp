#pragma once
// The far field of the grid solver's fast mode (not installed). The field of every source is
// split by a partition of unity in distance, K = w K + (1 - w) K: the near part w K is summed
// exactly pair by pair (fast_mode.cpp); the far part (1 - w) K, smooth and zero near the
// source, is evaluated on a coarse lattice by FFT convolution of the emissions spread onto the
// lattice (cubic Lagrange weights) with the far kernel sampled at the lattice offsets, and
// interpolated to the cells with the same weights. The climatological field of a source kind is
// translation-invariant for a given receptor land-use class, so there is one convolution per
// (kind, land-use class); each cell takes the result of its own class.
// docs/models/nitrogen.md, "Fast mode", derives and measures the error.
#include <array>
#include <cmath>
#include <cstdint>
#include <vector>

#include "nitrogen_solver_detail.hpp"
#include "twin/solvers/solver.hpp"

namespace twin::solvers::nitrogen::detail {

// The near weight w(d) for squared distance r2 and the fast-mode radius R: 1 up to R/2, 0 from
// R on, a quintic smoothstep between (continuous with two derivatives, so that the far part
// (1 - w) K stays smooth on the coarse lattice).
inline double near_weight(double r2, double radius) {
  const double half = 0.5 * radius;
  if (r2 <= half * half) return 1.0;
  if (r2 >= radius * radius) return 0.0;
  const double t = (radius - std::sqrt(r2)) / half;  // 1 at R/2, 0 at R
  return t * t * t * (10.0 + t * (-15.0 + 6.0 * t));
}

// Quantities of the far field per substance: concentration by receptor land-use class 0..9,
// dry deposition by class (index 10 + class; class 0 has none) and wet deposition (index 20).
inline constexpr int far_quantities = 21;
inline constexpr int far_dry = 10;
inline constexpr int far_wet = 20;

// Weights of cubic Lagrange interpolation at t in [0, 1) between nodes 0 and 1, for the
// nodes -1, 0, 1, 2. Spreading a source with the same weights (the adjoint) keeps its moments
// up to the third, so that the far field is fourth-order accurate in the lattice spacing.
inline std::array<double, 4> cubic_weights(double t) {
  const double a = t + 1.0, b = t - 1.0, c = t - 2.0;
  return {-t * b * c / 6.0, a * b * c / 2.0, -a * t * c / 2.0, a * t * b / 6.0};
}

struct FarField {
  // Lattice nodes (x0 + i h, y0 + j h), i < nx, j < ny: one node beyond the window's cell
  // centres on the west and south, two on the east and north (the cubic stencil).
  double x0 = 0, y0 = 0, h = 1;
  std::int64_t nx = 0, ny = 0;
  // values[substance][quantity][j * nx + i]; empty where not computed (a substance without
  // sources, a land-use class absent from the window).
  std::array<std::array<std::vector<double>, far_quantities>, 2> values;
  int far_kinds = 0;                    // distinct far-field kernels
  std::int64_t fft_nx = 0, fft_ny = 0;  // FFT size

  // Cubic interpolation of one quantity at (x, y) inside the window; 0 when not computed.
  double at(int substance, int quantity, double x, double y) const {
    const std::vector<double>& v =
        values[static_cast<std::size_t>(substance)][static_cast<std::size_t>(quantity)];
    if (v.empty()) return 0.0;
    const double fx = (x - x0) / h, fy = (y - y0) / h;
    std::int64_t i = static_cast<std::int64_t>(fx), j = static_cast<std::int64_t>(fy);
    i = i < 1 ? 1 : (i > nx - 3 ? nx - 3 : i);
    j = j < 1 ? 1 : (j > ny - 3 ? ny - 3 : j);
    const auto wx = cubic_weights(fx - static_cast<double>(i)),
               wy = cubic_weights(fy - static_cast<double>(j));
    const double* p = v.data() + (j - 1) * nx + (i - 1);
    double sum = 0;
    for (std::size_t b = 0; b < 4; ++b) {
      const double* row = p + static_cast<std::int64_t>(b) * nx;
      sum += wy[b] * (wx[0] * row[0] + wx[1] * row[1] + wx[2] * row[2] + wx[3] * row[3]);
    }
    return sum;
  }
};

// The far field of all emitters at the lattice covering the cell centres of `out`, for the
// land-use classes marked in `classes_present`. Throws data::Error(invalid_argument) naming
// fast_cell_m when the FFT would exceed its memory limit; Cancelled when the context's flag
// is set.
FarField far_field(const data::Scenario& scenario, const NitrogenSettings& settings,
                   const Sources& sources, data::Window out,
                   const std::array<bool, land_use_classes>& classes_present, RunContext& context);

}  // namespace twin::solvers::nitrogen::detail
