#pragma once
// Sky view factor of a horizontal surface, radiation (cosine-weighted) definition: the
// azimuth average of cos²(horizon elevation) over N directions (e.g. Oke 1987; Johnson &
// Watson 1984; the quantity SOLWEIG's patch scheme and Tygron's ray scan approximate).
// 1 on open ground, W/√(W² + 4H²) in the middle of an infinite street canyon.
#include <atomic>
#include <functional>

#include "twin/data/grid_spec.hpp"
#include "twin/data/raster.hpp"

namespace twin::solvers::heat {

struct SvfParams {
  int directions = 32;      // azimuths 0, 360/N, … (from north); at least 4
  double radius_m = 100.0;  // horizon search distance
  // Checked once per line of cells: when set, the computation throws solvers::Cancelled, so
  // that a job with many directions and a long radius still stops within a second. May be null.
  const std::atomic<bool>* cancel = nullptr;
  // Called on the calling thread after each direction (progress). May be empty.
  std::function<void()> direction_done = {};
};

// SVF for the cells of `out` (a window of the DSM's grid); the result lies on the window's
// sub-grid. Per direction, the cells lie on parallel digital lines along the azimuth (as the
// shadow sweep); along each line the horizon of every cell comes from upper convex hulls of
// the profile ahead (Stewart 1998), O(log reach) per cell instead of a ray walk. Every other
// cell is a flat-topped prism seen at its near edge; cells count up to the search radius.
// Parallel over lines with TBB; a cell's value depends on nothing but the DSM (lines and hull
// chunks are anchored on the grid's position, not the window's), so 1 and N threads, and any
// window, give the same bits. Nodata cells get NaN and block nothing. Throws
// data::Error(invalid_value) for fewer than 4 directions or a non-positive radius,
// (invalid_argument) for a window outside the grid.
data::Raster<float> sky_view_factor(const data::Raster<float>& dsm, const SvfParams& params,
                                    const data::Window& out);

// The SVF of one cell (the same computation, for tests and point queries).
double sky_view_factor_at(const data::Raster<float>& dsm, const SvfParams& params, std::int64_t col,
                          std::int64_t row);

// The argument checks both SVF computations share (the errors listed above).
void check_svf_params(const SvfParams& params);
void check_svf_window(const data::GridSpec& grid, const data::Window& out);

}  // namespace twin::solvers::heat
