// Fast mode's far field: emissions spread onto a coarse lattice, convolved by FFT with the far
// part (1 - w) K of each source kind's tabulated field, per receptor land-use class.
// Sources without plume rise (no heat, no momentum) of any height share the kernels of a short
// ladder of heights, their emission split linearly between the two nearest rungs: far from a
// source (d >= R/2) the field depends smoothly on the emission height. Sources with plume rise
// keep a kernel of their own.
#include "far_field.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <map>
#include <string>
#include <tuple>

#include "fft2d.hpp"
#include "twin/data/error.hpp"

namespace twin::solvers::nitrogen::detail {
namespace {

// Emission heights [m] of the shared kernels of sources without plume rise.
constexpr std::array<double, 31> kHeightLadder = {
    0,  0.5, 1,  1.5, 2,   3,   4,   5,   6,   8,   10,  12,  15,  20,  25,  30,
    40, 50,  60, 80,  100, 120, 150, 200, 250, 300, 400, 500, 600, 800, 1000};

// Largest FFT (points per array); each far kind holds one such array.
constexpr std::int64_t kMaxFftPoints = std::int64_t{1} << 23;

bool without_plume_rise(const PointSource& p) {
  const bool momentum = p.stack_diameter > 0 && p.exit_velocity > 0;  // NaN = unknown: false
  return p.heat_mw == 0 && !momentum;
}

// The far kernels: distinct source parameters, and per source kind the far kernels it uses
// with their weights (two ladder rungs, or its own kernel with weight 1).
struct FarKinds {
  std::vector<PointSource> kinds;
  std::vector<std::array<std::pair<std::uint32_t, double>, 2>> of_kind;

  std::uint32_t add(const PointSource& p) {
    const auto nan_key = [](double v) { return std::isnan(v) ? -1.0 : v; };
    const auto key = std::make_tuple(p.height, p.heat_mw, nan_key(p.stack_diameter),
                                     nan_key(p.exit_velocity), static_cast<int>(p.substance));
    const auto [it, added] = index.emplace(key, static_cast<std::uint32_t>(kinds.size()));
    if (added) kinds.push_back(p);
    return it->second;
  }
  std::map<std::tuple<double, double, double, double, int>, std::uint32_t> index;
};

FarKinds far_kinds(const Sources& sources) {
  FarKinds f;
  for (const PointSource& k : sources.kinds) {
    std::array<std::pair<std::uint32_t, double>, 2> use{};
    if (!without_plume_rise(k)) {
      use = {{{f.add(k), 1.0}, {0, 0.0}}};
    } else {
      const double h = std::clamp(k.height, kHeightLadder.front(), kHeightLadder.back());
      std::size_t i = static_cast<std::size_t>(
          std::upper_bound(kHeightLadder.begin(), kHeightLadder.end(), h) - kHeightLadder.begin());
      i = std::clamp<std::size_t>(i, 1, kHeightLadder.size() - 1) - 1;
      const double t = (h - kHeightLadder[i]) / (kHeightLadder[i + 1] - kHeightLadder[i]);
      PointSource rung = k;
      rung.heat_mw = 0;
      rung.stack_diameter = unknown;
      rung.exit_velocity = unknown;
      rung.height = kHeightLadder[i];
      const std::uint32_t lo = f.add(rung);
      if (t > 0) {
        rung.height = kHeightLadder[i + 1];
        use = {{{lo, 1.0 - t}, {f.add(rung), t}}};
      } else {
        use = {{{lo, 1.0}, {0, 0.0}}};
      }
    }
    f.of_kind.push_back(use);
  }
  return f;
}

// Distance from (x, y) to the rectangle [x0, x1] x [y0, y1] (0 inside).
double box_distance(double x, double y, double x0, double x1, double y0, double y1) {
  const double dx = std::max({x0 - x, 0.0, x - x1});
  const double dy = std::max({y0 - y, 0.0, y - y1});
  return std::hypot(dx, dy);
}

}  // namespace

FarField far_field(const data::Scenario& scenario, const NitrogenSettings& s,
                   const Sources& sources, data::Window out,
                   const std::array<bool, land_use_classes>& classes_present, RunContext& context) {
  const data::GridSpec& grid = scenario.grid();
  FarField f;
  f.h = s.fast_cell_m;
  // The window's cell centres span [wx0, x1] x [wy0, y1]; the lattice starts one node before.
  const double wx0 = grid.col_centre_x(out.col0), wy0 = grid.row_centre_y(out.row0 + out.nrows - 1);
  const double x1 = grid.col_centre_x(out.col0 + out.ncols - 1), y1 = grid.row_centre_y(out.row0);
  f.x0 = wx0 - f.h;
  f.y0 = wy0 - f.h;  // the southern row: y grows with j
  f.nx = static_cast<std::int64_t>(std::floor((x1 - f.x0) / f.h)) + 3;
  f.ny = static_cast<std::int64_t>(std::floor((y1 - f.y0) / f.h)) + 3;

  // Emitters that can reach the window, and the source lattice they spread onto.
  std::vector<std::size_t> reach;
  std::int64_t sx0 = 0, sx1 = -1, sy0 = 0, sy1 = -1;
  for (std::size_t e = 0; e < sources.emitters.size(); ++e) {
    const Emitter& m = sources.emitters[e];
    if (box_distance(m.x, m.y, wx0, x1, wy0, y1) > s.max_distance_m) continue;
    const auto i = static_cast<std::int64_t>(std::floor((m.x - f.x0) / f.h));
    const auto j = static_cast<std::int64_t>(std::floor((m.y - f.y0) / f.h));
    if (reach.empty()) {
      sx0 = i - 1, sx1 = i + 2;
      sy0 = j - 1, sy1 = j + 2;
    }
    sx0 = std::min(sx0, i - 1), sx1 = std::max(sx1, i + 2);
    sy0 = std::min(sy0, j - 1), sy1 = std::max(sy1, j + 2);
    reach.push_back(e);
  }
  if (reach.empty()) return f;
  const std::int64_t nsx = sx1 - sx0 + 1, nsy = sy1 - sy0 + 1;
  const std::int64_t px = fft_size(nsx + f.nx - 1), py = fft_size(nsy + f.ny - 1);
  if (px * py > kMaxFftPoints) {
    throw data::Error(
        data::ErrorCode::invalid_argument,
        "parameter 'fast_cell_m': the far-field lattice of " + std::to_string(px) + " x " +
            std::to_string(py) + " nodes (sources and window at " + std::to_string(f.h) +
            " m) exceeds the limit of " + std::to_string(kMaxFftPoints) +
            " points; choose a larger fast_cell_m or a smaller window or max_distance_m");
  }
  f.fft_nx = px;
  f.fft_ny = py;
  const auto points = static_cast<std::size_t>(px * py);

  const FarKinds fk = far_kinds(sources);
  f.far_kinds = static_cast<int>(fk.kinds.size());
  std::vector<FieldTable> tables(fk.kinds.size());
  tbb::parallel_for(std::size_t{0}, tables.size(), [&](std::size_t k) {
    PointSource unit = fk.kinds[k];
    unit.emission = 1.0;
    tables[k] = tabulate_field(prepare_source(unit, s.climate, s.options), s.max_distance_m);
  });
  context.check_cancelled();

  // Emissions [g/s] per far kind on the source lattice (cubic weights: total, centroid and the
  // next two moments kept), transformed. Emitters in table order, so the grids do not depend
  // on threads.
  std::vector<std::vector<Complex>> spectra(fk.kinds.size());
  for (auto& sp : spectra) sp.assign(points, Complex{});
  for (const std::size_t e : reach) {
    const Emitter& m = sources.emitters[e];
    const double fx = (m.x - f.x0) / f.h, fy = (m.y - f.y0) / f.h;
    const double ix = std::floor(fx), iy = std::floor(fy);
    const auto wx = cubic_weights(fx - ix), wy = cubic_weights(fy - iy);
    const auto qx = static_cast<std::int64_t>(ix) - 1 - sx0,
               qy = static_cast<std::int64_t>(iy) - 1 - sy0;
    for (const auto& [kind, weight] : fk.of_kind[m.kind]) {
      if (weight == 0) continue;
      const double q = m.emission * weight;
      for (std::size_t b = 0; b < 4; ++b) {
        Complex* g = spectra[kind].data() + (qy + static_cast<std::int64_t>(b)) * px + qx;
        for (std::size_t a = 0; a < 4; ++a) g[a] += q * wy[b] * wx[a];
      }
    }
  }
  Fft2d fft(px, py);
  for (auto& sp : spectra) fft.run(sp, false);
  context.check_cancelled();

  // Kernel offsets: index m holds the offset (m + d) nodes (receptor minus source), d = -(the
  // largest source index); the receptor node i then sits at i + nsx - 1 of the result.
  const std::int64_t dx0 = -(sx1), dy0 = -(sy1);
  const std::int64_t mx_end = nsx + f.nx - 1, my_end = nsy + f.ny - 1;
  const double radius = s.fast_radius_m, half2 = 0.25 * radius * radius;
  std::vector<Complex> kernel(points), acc(points);
  for (int sub = 0; sub < 2; ++sub) {
    const Substance substance = sub == 0 ? Substance::nh3 : Substance::nox;
    std::vector<std::uint32_t> kinds;
    for (std::uint32_t k = 0; k < fk.kinds.size(); ++k)
      if (fk.kinds[k].substance == substance) kinds.push_back(k);
    if (kinds.empty()) continue;
    for (int lu = 0; lu < land_use_classes; ++lu) {
      // Class 0 is always done: its imaginary part carries the wet deposition.
      if (lu > 0 && !classes_present[static_cast<std::size_t>(lu)]) continue;
      std::fill(acc.begin(), acc.end(), Complex{});
      for (const std::uint32_t k : kinds) {
        // Real part concentration, imaginary part dry (or, for class 0, wet) deposition: both
        // real fields, convolved by one complex transform since the emissions are real.
        const FieldTable& table = tables[k];
        tbb::parallel_for(std::int64_t{0}, py, [&](std::int64_t my) {
          Complex* row = kernel.data() + my * px;
          for (std::int64_t mx = 0; mx < px; ++mx) {
            Complex v{};
            if (mx < mx_end && my < my_end) {
              const double dx = static_cast<double>(mx + dx0) * f.h,
                           dy = static_cast<double>(my + dy0) * f.h;
              const double r2 = dx * dx + dy * dy;
              if (r2 > half2) {
                const FieldValue fv = lookup_field(table, dx, dy, lu);
                const double w = 1.0 - near_weight(r2, radius);
                v = Complex(fv.concentration * w,
                            (lu == 0 ? fv.wet_deposition : fv.dry_deposition) * w);
              }
            }
            row[mx] = v;
          }
        });
        fft.run(kernel, false);
        const std::vector<Complex>& e = spectra[k];
        tbb::parallel_for(tbb::blocked_range<std::size_t>(0, points, 1 << 14),
                          [&](const tbb::blocked_range<std::size_t>& r) {
                            for (std::size_t i = r.begin(); i < r.end(); ++i)
                              acc[i] += e[i] * kernel[i];
                          });
        context.check_cancelled();
      }
      fft.run(acc, true);
      std::vector<double> conc(static_cast<std::size_t>(f.nx * f.ny)), other(conc.size());
      for (std::int64_t j = 0; j < f.ny; ++j) {
        for (std::int64_t i = 0; i < f.nx; ++i) {
          const Complex v = acc[static_cast<std::size_t>((j + nsy - 1) * px + i + nsx - 1)];
          conc[static_cast<std::size_t>(j * f.nx + i)] = v.real();
          other[static_cast<std::size_t>(j * f.nx + i)] = v.imag();
        }
      }
      auto& q = f.values[static_cast<std::size_t>(sub)];
      q[static_cast<std::size_t>(lu)] = std::move(conc);
      q[static_cast<std::size_t>(lu == 0 ? far_wet : far_dry + lu)] = std::move(other);
    }
  }
  return f;
}

}  // namespace twin::solvers::nitrogen::detail
