// Sky view factor by walking a ray from every cell in N azimuths: the reference the sweep in
// sky_view_factor.cpp replaced (O(radius) per cell and direction), kept for tests and benches.
#include "twin/solvers/heat/sky_view_factor_ray_scan.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <vector>

#include "twin/data/error.hpp"
#include "twin/solvers/solver.hpp"

namespace twin::solvers::heat {
namespace {

struct Direction {
  double dc, dr;  // unit vector in (column, row) units; rows run southwards
};

// Everything a ray needs that does not depend on the cell.
struct Scanner {
  const data::Raster<float>& dsm;
  std::vector<Direction> dirs;
  double radius_cells;
  double cell;
  float z_max;  // highest DSM value: lets a ray stop once nothing further can rise higher

  // Tangent of the highest horizon angle seen from (col, row) along `d`, walking the cells the
  // ray crosses (Amanatides & Woo 1987 traversal) and measuring each to its entry point.
  double horizon_tan(std::int64_t col, std::int64_t row, float z0, const Direction& d) const {
    const data::GridSpec& g = dsm.grid;
    const int step_c = d.dc > 0 ? 1 : -1;
    const int step_r = d.dr > 0 ? 1 : -1;
    constexpr double kInf = std::numeric_limits<double>::infinity();
    // The ray starts at the cell centre: half a cell to the first boundary on each axis.
    const double delta_c = d.dc != 0.0 ? 1.0 / std::abs(d.dc) : kInf;
    const double delta_r = d.dr != 0.0 ? 1.0 / std::abs(d.dr) : kInf;
    double next_c = 0.5 * delta_c;
    double next_r = 0.5 * delta_r;
    double best = 0.0;
    const double rise_max = static_cast<double>(z_max) - z0;
    if (rise_max <= 0.0) return 0.0;
    while (true) {
      double t;  // distance (cells) at which the ray enters the next cell
      if (next_c < next_r) {
        t = next_c;
        next_c += delta_c;
        col += step_c;
      } else {
        t = next_r;
        next_r += delta_r;
        row += step_r;
      }
      if (t > radius_cells || col < 0 || row < 0 || col >= g.nx || row >= g.ny) break;
      const double dist = t * cell;
      // Nothing further along can beat the best angle so far.
      if (rise_max <= best * dist) break;
      const float z = dsm.at(col, row);
      if (dsm.is_nodata(z)) continue;
      best = std::max(best, (static_cast<double>(z) - z0) / dist);
    }
    return best;
  }

  double svf(std::int64_t col, std::int64_t row) const {
    const float z0 = dsm.at(col, row);
    if (dsm.is_nodata(z0)) return std::numeric_limits<double>::quiet_NaN();
    double sum = 0.0;
    for (const Direction& d : dirs) {
      const double t = horizon_tan(col, row, z0, d);
      sum += 1.0 / (1.0 + t * t);  // cos² of the horizon angle
    }
    return sum / static_cast<double>(dirs.size());
  }
};

Scanner make_scanner(const data::Raster<float>& dsm, const SvfParams& p) {
  check_svf_params(p);
  Scanner s{
      dsm, {}, p.radius_m / dsm.grid.cell, dsm.grid.cell, -std::numeric_limits<float>::infinity()};
  for (float z : dsm.values) {
    if (!dsm.is_nodata(z)) s.z_max = std::max(s.z_max, z);
  }
  for (int k = 0; k < p.directions; ++k) {
    const double a = 2.0 * std::numbers::pi * k / p.directions;
    s.dirs.push_back({std::sin(a), -std::cos(a)});
  }
  return s;
}

}  // namespace

data::Raster<float> sky_view_factor_ray_scan(const data::Raster<float>& dsm,
                                             const SvfParams& params, const data::Window& out) {
  check_svf_window(dsm.grid, out);
  const Scanner scanner = make_scanner(dsm, params);
  data::Raster<float> result(dsm.grid.sub_grid(out), std::numeric_limits<float>::quiet_NaN(),
                             std::numeric_limits<float>::quiet_NaN());
  tbb::parallel_for(
      tbb::blocked_range<std::int64_t>(0, out.nrows),
      [&](const tbb::blocked_range<std::int64_t>& rows) {
        for (std::int64_t r = rows.begin(); r != rows.end(); ++r) {
          if (params.cancel != nullptr && params.cancel->load(std::memory_order_relaxed))
            throw Cancelled{};
          for (std::int64_t c = 0; c < out.ncols; ++c) {
            result.at(c, r) = static_cast<float>(scanner.svf(out.col0 + c, out.row0 + r));
          }
        }
      });
  return result;
}

double sky_view_factor_ray_scan_at(const data::Raster<float>& dsm, const SvfParams& params,
                                   std::int64_t col, std::int64_t row) {
  check_svf_window(dsm.grid, data::Window{col, row, 1, 1});
  return make_scanner(dsm, params).svf(col, row);
}

}  // namespace twin::solvers::heat
