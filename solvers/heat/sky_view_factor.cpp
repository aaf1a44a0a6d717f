// Sky view factor by a sweep per azimuth: the cells on parallel digital lines along the
// direction, the horizon of every cell of a line from convex hulls of its profile
// (horizon_profile.cpp).
#include "twin/solvers/heat/sky_view_factor.hpp"

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <vector>

#include "horizon_profile.hpp"
#include "twin/data/error.hpp"
#include "twin/solvers/solver.hpp"

namespace twin::solvers::heat {
namespace {

// One azimuth as a family of parallel digital lines, in global cell indices (anchored on the
// grid's position, so that any window of a grid sees the same lines). The major axis is the
// one the direction moves along faster: one step moves one cell on it and `g` cells on the
// other (|g| ≤ 1), rounded; cell (m, λ + off(m)) lies on line λ, so every line is a translate
// of the same digital line and every cell lies on exactly one (the shadow sweep's geometry).
// `t` = s·m counts the steps in the direction looked at.
struct LineFamily {
  bool by_columns =
      true;             // major axis = columns (the direction is more east/west than north/south)
  int s = 1;            // +1 when looking towards increasing major index
  double g = 0.0;       // minor index change per +1 of the major index
  double step_m = 1.0;  // horizontal length of one step
  std::int64_t reach = 0;  // steps within the search radius

  std::int64_t off(std::int64_t m) const {
    return static_cast<std::int64_t>(std::floor(g * static_cast<double>(m) + 0.5));
  }
};

LineFamily line_family(double azimuth_rad, double cell, double radius_m) {
  const double dc = std::sin(azimuth_rad);   // +col = east
  const double dr = -std::cos(azimuth_rad);  // −row = north
  LineFamily f;
  f.by_columns = std::abs(dc) >= std::abs(dr);
  const double major = f.by_columns ? dc : dr;
  const double minor = f.by_columns ? dr : dc;
  f.s = major >= 0.0 ? 1 : -1;
  f.g = minor / major;
  // Snap the axes and diagonals, where sin/cos leave a rounding residue.
  if (std::abs(f.g) < 1e-12) f.g = 0.0;
  if (std::abs(std::abs(f.g) - 1.0) < 1e-12) f.g = f.g > 0.0 ? 1.0 : -1.0;
  f.step_m = cell * std::sqrt(1.0 + f.g * f.g);
  // A cell t steps ahead is seen at its near edge, (t − ½) steps away (horizon_slopes), and
  // counts while that is within the radius.
  f.reach = static_cast<std::int64_t>(std::floor(radius_m / f.step_m + 0.5));
  return f;
}

// The first m in [lo, hi] where `pred` (false … false true … true) holds, or hi + 1.
template <class Pred>
std::int64_t first_true(std::int64_t lo, std::int64_t hi, const Pred& pred) {
  std::int64_t count = hi - lo + 1;
  while (count > 0) {
    const std::int64_t half = count / 2;
    if (pred(lo + half)) {
      count = half;
    } else {
      lo += half + 1;
      count -= half + 1;
    }
  }
  return lo;
}

struct LineBuffers {
  std::vector<float> z;
  std::vector<double> slope;
  detail::ProfileWorkspace work;
};

// A part of the grid laid out with one axis contiguous in memory, so that lines along that
// axis read and write memory in order (a sweep north–south on the row-major DSM would touch
// a new cache line at every step). Element (major, minor) at index minor · n_major + major,
// indices relative to the first global major/minor index.
struct AxisLayout {
  std::int64_t maj0 = 0, min0 = 0;  // global indices of element (0, 0)
  std::int64_t n_maj = 0, n_min = 0;
  std::vector<float> z;  // NaN for nodata
  std::size_t at(std::int64_t maj, std::int64_t mnr) const {
    return static_cast<std::size_t>((mnr - min0) * n_maj + (maj - maj0));
  }
};

// `part` of the DSM (a window of its grid) with columns (by_columns) or rows as the major axis.
AxisLayout lay_out(const data::Raster<float>& dsm, const data::Window& part, bool by_columns,
                   std::int64_t gc0, std::int64_t gr0) {
  AxisLayout l;
  l.maj0 = by_columns ? gc0 + part.col0 : gr0 + part.row0;
  l.min0 = by_columns ? gr0 + part.row0 : gc0 + part.col0;
  l.n_maj = by_columns ? part.ncols : part.nrows;
  l.n_min = by_columns ? part.nrows : part.ncols;
  l.z.resize(static_cast<std::size_t>(part.cells()));
  for (std::int64_t r = 0; r < part.nrows; ++r) {
    for (std::int64_t c = 0; c < part.ncols; ++c) {
      const float v = dsm.at(part.col0 + c, part.row0 + r);
      const std::size_t k = by_columns ? static_cast<std::size_t>(r * part.ncols + c)
                                       : static_cast<std::size_t>(c * part.nrows + r);
      l.z[k] = dsm.is_nodata(v) ? std::numeric_limits<float>::quiet_NaN() : v;
    }
  }
  return l;
}

// Adds cos² of every output cell's horizon in one direction to `sum`, laid out as `out`.
// `cells` holds the DSM around the window in the direction family's layout.
void add_direction(const AxisLayout& cells, const AxisLayout& out, const LineFamily& f,
                   const std::atomic<bool>* cancel,
                   tbb::enumerable_thread_specific<LineBuffers>& buffers,
                   std::vector<double>& sum) {
  const std::int64_t w_maj0 = out.maj0, w_maj1 = out.maj0 + out.n_maj - 1;
  const std::int64_t w_min0 = out.min0, w_min1 = out.min0 + out.n_min - 1;
  // off() over the layout's major range, once per direction.
  std::vector<std::int64_t> offs(static_cast<std::size_t>(cells.n_maj));
  for (std::int64_t i = 0; i < cells.n_maj; ++i)
    offs[static_cast<std::size_t>(i)] = f.off(cells.maj0 + i);
  const auto off = [&](std::int64_t m) { return offs[static_cast<std::size_t>(m - cells.maj0)]; };
  const std::int64_t off0 = off(w_maj0), off1 = off(w_maj1);
  const std::int64_t lambda0 = w_min0 - std::max(off0, off1);
  const std::int64_t lambda1 = w_min1 - std::min(off0, off1);
  const double inv_step = 1.0 / f.step_m;

  tbb::parallel_for(
      tbb::blocked_range<std::int64_t>(lambda0, lambda1 + 1, 16),
      [&](const tbb::blocked_range<std::int64_t>& lines) {
        LineBuffers& b = buffers.local();
        for (std::int64_t lambda = lines.begin(); lambda != lines.end(); ++lambda) {
          if (cancel != nullptr && cancel->load(std::memory_order_relaxed)) throw Cancelled{};
          // The output cells of this line: major indices whose minor index is in the window
          // (off() is monotone, so they form one interval).
          const auto minor_at = [&](std::int64_t m) { return lambda + off(m); };
          std::int64_t m_lo, m_hi;
          if (f.g >= 0.0) {
            m_lo =
                first_true(w_maj0, w_maj1, [&](std::int64_t m) { return minor_at(m) >= w_min0; });
            m_hi =
                first_true(w_maj0, w_maj1, [&](std::int64_t m) { return minor_at(m) > w_min1; }) -
                1;
          } else {
            m_lo =
                first_true(w_maj0, w_maj1, [&](std::int64_t m) { return minor_at(m) <= w_min1; });
            m_hi =
                first_true(w_maj0, w_maj1, [&](std::int64_t m) { return minor_at(m) < w_min0; }) -
                1;
          }
          if (m_lo > m_hi) continue;
          const std::int64_t t_begin = f.s > 0 ? m_lo : -m_hi;
          const std::int64_t n_out = m_hi - m_lo + 1;
          // Gather the profile from the first output cell to `reach` beyond the last one, as
          // far as the line stays on the laid-out part (which holds every cell within reach of
          // the window that the grid has).
          b.z.clear();
          for (std::int64_t k = 0; k < n_out + f.reach; ++k) {
            const std::int64_t m = f.s * (t_begin + k);
            if (m < cells.maj0 || m >= cells.maj0 + cells.n_maj) break;
            const std::int64_t mnr = minor_at(m);
            if (mnr < cells.min0 || mnr >= cells.min0 + cells.n_min) break;
            b.z.push_back(cells.z[cells.at(m, mnr)]);
          }
          b.slope.resize(b.z.size());
          detail::horizon_slopes(b.z, t_begin, f.reach, 0, n_out, b.slope, b.work);
          for (std::int64_t k = 0; k < n_out; ++k) {
            const std::int64_t m = f.s * (t_begin + k);
            const double tan = b.slope[static_cast<std::size_t>(k)] * inv_step;
            sum[out.at(m, minor_at(m))] += 1.0 / (1.0 + tan * tan);  // cos²; NaN stays NaN
          }
        }
      });
}

}  // namespace

void check_svf_params(const SvfParams& p) {
  if (p.directions < 4) {
    throw data::Error(data::ErrorCode::invalid_value, "sky view factor: at least 4 directions");
  }
  if (!(p.radius_m > 0.0) || !std::isfinite(p.radius_m)) {
    throw data::Error(data::ErrorCode::invalid_value,
                      "sky view factor: search radius must be positive");
  }
}

void check_svf_window(const data::GridSpec& grid, const data::Window& out) {
  if (out.empty() || out.intersect(grid.full()) != out) {
    throw data::Error(data::ErrorCode::invalid_argument,
                      "sky view factor: the output window must lie inside the grid");
  }
}

data::Raster<float> sky_view_factor(const data::Raster<float>& dsm, const SvfParams& params,
                                    const data::Window& out) {
  check_svf_params(params);
  check_svf_window(dsm.grid, out);
  const data::GridSpec& grid = dsm.grid;
  // Global cell indices: lines and hull chunks anchored on them look the same from any window.
  const std::int64_t gc0 = std::llround(grid.x0 / grid.cell);
  const std::int64_t gr0 = std::llround(-grid.y0 / grid.cell);
  // Every cell within the radius of the window, in both layouts; the output sums likewise
  // (east–west families add into the row-major sum, north–south ones into the column-major).
  const auto halo = static_cast<std::int64_t>(std::ceil(params.radius_m / grid.cell)) + 1;
  const data::Window part = grid.with_halo(out, halo);
  const AxisLayout by_cols = lay_out(dsm, part, true, gc0, gr0);
  const AxisLayout by_rows = lay_out(dsm, part, false, gc0, gr0);
  AxisLayout out_cols{gc0 + out.col0, gr0 + out.row0, out.ncols, out.nrows, {}};
  AxisLayout out_rows{gr0 + out.row0, gc0 + out.col0, out.nrows, out.ncols, {}};
  std::vector<double> sum_cols(static_cast<std::size_t>(out.cells()), 0.0);
  std::vector<double> sum_rows(static_cast<std::size_t>(out.cells()), 0.0);

  tbb::enumerable_thread_specific<LineBuffers> buffers;
  // Directions in a fixed order, so each cell sums its terms in the same order on any
  // number of threads.
  for (int k = 0; k < params.directions; ++k) {
    const double a = 2.0 * std::numbers::pi * k / params.directions;
    const LineFamily f = line_family(a, grid.cell, params.radius_m);
    if (f.by_columns) {
      add_direction(by_cols, out_cols, f, params.cancel, buffers, sum_cols);
    } else {
      add_direction(by_rows, out_rows, f, params.cancel, buffers, sum_rows);
    }
    if (params.direction_done) params.direction_done();
  }
  data::Raster<float> result(grid.sub_grid(out), std::numeric_limits<float>::quiet_NaN(),
                             std::numeric_limits<float>::quiet_NaN());
  const double n = params.directions;
  for (std::int64_t r = 0; r < out.nrows; ++r) {
    for (std::int64_t c = 0; c < out.ncols; ++c) {
      const double total = sum_cols[static_cast<std::size_t>(r * out.ncols + c)] +
                           sum_rows[static_cast<std::size_t>(c * out.nrows + r)];
      result.at(c, r) = static_cast<float>(total / n);
    }
  }
  return result;
}

double sky_view_factor_at(const data::Raster<float>& dsm, const SvfParams& params, std::int64_t col,
                          std::int64_t row) {
  return sky_view_factor(dsm, params, data::Window{col, row, 1, 1}).values[0];
}

}  // namespace twin::solvers::heat
