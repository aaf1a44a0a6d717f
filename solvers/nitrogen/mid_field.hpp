#pragma once
// The middle level of the grid solver's fast mode (not installed). Road sub-points every
// 10 m (and area-source sub-points) make hundreds of thousands of emitters of one kind; summing
// each one's near field pair by pair out to R is most of a province run. For such kinds the
// near part w_R K is split once more, at an inner radius r of a few cells:
//   w_R K = w_r K + (w_R - w_r) K,
// the first summed exactly pair by pair (fast_mode.cpp), the second, smooth and zero within
// r/2 of the source, convolved by FFT on the lattice of the window's own cell centres: the
// emissions spread onto it with cubic weights, the kernel sampled at whole-cell offsets, block
// by block (overlap-add would need the whole window in one transform). The result needs no
// interpolation: lattice nodes are the cells. docs/models/nitrogen.md, "Fast mode".
#include <array>
#include <cstdint>
#include <vector>

#include "nitrogen_solver_detail.hpp"
#include "twin/solvers/grid_run.hpp"
#include "twin/solvers/solver.hpp"

namespace twin::solvers::nitrogen::detail {

struct MidPlan {
  double inner_radius = 0;      // r [m]; pairs of convolved kinds beyond it come from the lattice
  std::vector<bool> convolved;  // per source kind; all false = no middle level
  std::int64_t block_cols = 0, block_rows = 0;  // output cells per block
  std::int64_t margin = 0;                      // lattice nodes beyond a block that reach it
  std::int64_t fft_cols = 0, fft_rows = 0;      // transform size per block
  std::int64_t blocks = 0;
  bool any() const;
};

// Which kinds to convolve: those whose emitters within R of the window would make more ring
// pairs (r < d < R) than the kind's share of the block transforms costs. No middle level when
// r = mid_inner_cells cells exceeds R/2, or when a block's transform would exceed 2^21 points
// (cells finer than ~R/750).
MidPlan plan_mid_field(const data::GridSpec& grid, const NitrogenSettings& settings,
                       const Sources& sources, data::Window out);

// Adds (w_R - w_r) K of every convolved kind's emitters to `sum` (the six quantities of
// fast_mode.hpp, window cells row-major); `land_use` holds each cell's class. Blocks run in
// parallel, each summing in a fixed order, so the result does not depend on the thread count.
void add_mid_field(const data::GridSpec& grid, const NitrogenSettings& settings,
                   const Sources& sources, data::Window out, const MidPlan& plan,
                   const std::vector<std::uint8_t>& land_use,
                   std::array<std::vector<double>, 6>& sum, BlockProgress& progress,
                   RunContext& context);

// Inner radius r in cells: the blend w_r runs over r/2..r, 4 cells, as the far field's over
// at least 4 lattice spacings.
inline constexpr double mid_inner_cells = 8.0;

}  // namespace twin::solvers::nitrogen::detail
