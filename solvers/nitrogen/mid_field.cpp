// Fast mode's middle level: the ring r..R of the convolved kinds on the cell lattice, block by
// block (mid_field.hpp).
#include "mid_field.hpp"

#include <tbb/parallel_for.h>
#include <tbb/partitioner.h>

#include <algorithm>
#include <cmath>

#include "far_field.hpp"
#include "fft2d.hpp"

namespace twin::solvers::nitrogen::detail {
namespace {

constexpr std::int64_t kBlockCells = 512;  // output cells per block side (fewer at the edges)
// Largest block transform (points): a kernel spectrum per convolved kind and land-use class is
// kept, 32 MB each at this size. Finer grids (a margin R/cell of over ~750 cells) go without
// the middle level.
constexpr std::int64_t kMaxFftPoints = std::int64_t{1} << 21;
// Cost of one transform point (a forward transform per kind plus a multiply and the share of
// the inverse per land-use class, each ~log2 N butterflies) in near pairs: a pair costs ~40 ns
// (25 M pairs per CPU-s, nitrogen_grid_bench), a point per butterfly stage ~2.1-2.5 ns (a 640^2
// transform in 16 ms on one thread); docs/performance.md.
constexpr double kPairsPerButterfly = 2.5 / 40.0;

// Distance from (x, y) to the rectangle [x0, x1] x [y0, y1] (0 inside).
double box_distance(double x, double y, double x0, double x1, double y0, double y1) {
  const double dx = std::max({x0 - x, 0.0, x - x1});
  const double dy = std::max({y0 - y, 0.0, y - y1});
  return std::hypot(dx, dy);
}

// Lattice position of an emitter in window cell units: column from the centre of column 0
// eastwards, row from the centre of row 0 southwards.
struct LatticePos {
  double col = 0, row = 0;
};

LatticePos lattice_pos(const data::GridSpec& grid, data::Window out, double x, double y) {
  return {(x - grid.col_centre_x(out.col0)) / grid.cell,
          (grid.row_centre_y(out.row0) - y) / grid.cell};
}

// The six quantities' offsets: NH3 at 0, NOx at 3 (concentration, dry, wet).
std::size_t quantity_offset(Substance s) { return s == Substance::nh3 ? 0 : 3; }

}  // namespace

bool MidPlan::any() const {
  return std::find(convolved.begin(), convolved.end(), true) != convolved.end();
}

MidPlan plan_mid_field(const data::GridSpec& grid, const NitrogenSettings& s,
                       const Sources& sources, data::Window out) {
  MidPlan plan;
  plan.convolved.assign(sources.prepared.size(), false);
  const double radius = s.fast_radius_m, inner = mid_inner_cells * grid.cell;
  if (inner > 0.5 * radius) return plan;  // all convolved stays false
  plan.inner_radius = inner;
  plan.margin = static_cast<std::int64_t>(std::ceil(radius / grid.cell));
  plan.block_cols = std::min(kBlockCells, out.ncols);
  plan.block_rows = std::min(kBlockCells, out.nrows);
  plan.fft_cols = fft_size(plan.block_cols + 2 * plan.margin);
  plan.fft_rows = fft_size(plan.block_rows + 2 * plan.margin);
  plan.blocks = ((out.ncols + plan.block_cols - 1) / plan.block_cols) *
                ((out.nrows + plan.block_rows - 1) / plan.block_rows);
  if (plan.fft_cols * plan.fft_rows > kMaxFftPoints) return plan;

  const double x0 = grid.col_centre_x(out.col0), x1 = grid.col_centre_x(out.col0 + out.ncols - 1);
  const double y1 = grid.row_centre_y(out.row0), y0 = grid.row_centre_y(out.row0 + out.nrows - 1);
  std::vector<double> reaching(sources.prepared.size(), 0.0);
  for (const Emitter& e : sources.emitters)
    if (box_distance(e.x, e.y, x0, x1, y0, y1) < radius) reaching[e.kind] += 1;
  const double ring_pairs =
      3.141592653589793 * (radius * radius - inner * inner) / (grid.cell * grid.cell);
  const double points = static_cast<double>(plan.fft_cols * plan.fft_rows);
  const double transforms = 1.0 + land_use_classes;  // per block: one forward, up to ten inverse
  const double cost = static_cast<double>(plan.blocks) * transforms * points * std::log2(points) *
                      kPairsPerButterfly;
  for (std::size_t k = 0; k < reaching.size(); ++k)
    plan.convolved[k] = reaching[k] * ring_pairs > cost;
  return plan;
}

void add_mid_field(const data::GridSpec& grid, const NitrogenSettings& s, const Sources& sources,
                   data::Window out, const MidPlan& plan, const std::vector<std::uint8_t>& land_use,
                   std::array<std::vector<double>, 6>& sum, BlockProgress& progress,
                   RunContext& context) {
  const double radius = s.fast_radius_m, inner = plan.inner_radius, cell = grid.cell;
  const std::int64_t px = plan.fft_cols, py = plan.fft_rows, m = plan.margin;
  const auto points = static_cast<std::size_t>(px * py);
  std::array<bool, land_use_classes> present{};
  present[0] = true;  // class 0's transform carries the wet deposition of every cell
  for (const std::uint8_t l : land_use) present[l] = true;

  std::vector<std::uint32_t> kinds;
  for (std::uint32_t k = 0; k < plan.convolved.size(); ++k)
    if (plan.convolved[k]) kinds.push_back(k);
  std::vector<std::size_t> slot(sources.prepared.size(), 0);  // kind -> index into `kinds`
  for (std::size_t i = 0; i < kinds.size(); ++i) slot[kinds[i]] = i;

  // Kernel spectra per convolved kind and class: (w_R - w_r) K at whole-cell offsets (receptor
  // minus source, d at index d mod P), concentration as real part, dry deposition (class 0:
  // wet) as imaginary part.
  Fft2d fft(px, py);
  std::vector<std::array<std::vector<Complex>, land_use_classes>> kernels(kinds.size());
  for (std::size_t i = 0; i < kinds.size(); ++i) {
    const FieldTable table = tabulate_field(sources.prepared[kinds[i]], radius);
    for (int l = 0; l < land_use_classes; ++l) {
      if (!present[static_cast<std::size_t>(l)]) continue;
      std::vector<Complex>& k = kernels[i][static_cast<std::size_t>(l)];
      k.assign(points, Complex{});
      for (std::int64_t dr = -m; dr <= m; ++dr) {
        for (std::int64_t dc = -m; dc <= m; ++dc) {
          const double dx = static_cast<double>(dc) * cell, dy = -static_cast<double>(dr) * cell;
          const double r2 = dx * dx + dy * dy;
          const double w = near_weight(r2, radius) - near_weight(r2, inner);
          if (w == 0.0) continue;
          const FieldValue v = lookup_field(table, dx, dy, l);
          k[static_cast<std::size_t>(((dr + py) % py) * px + (dc + px) % px)] =
              Complex(w * v.concentration, w * (l == 0 ? v.wet_deposition : v.dry_deposition));
        }
      }
      fft.run(k, false);
    }
    context.check_cancelled();
  }

  // Emitters of convolved kinds per block whose source lattice their cubic stencil touches,
  // in table order.
  const std::int64_t bcols = (out.ncols + plan.block_cols - 1) / plan.block_cols;
  std::vector<std::vector<std::uint32_t>> in_block(static_cast<std::size_t>(plan.blocks));
  for (std::uint32_t n = 0; n < sources.emitters.size(); ++n) {
    const Emitter& e = sources.emitters[n];
    if (!plan.convolved[e.kind]) continue;
    const LatticePos p = lattice_pos(grid, out, e.x, e.y);
    const auto c = static_cast<std::int64_t>(std::floor(p.col)),
               r = static_cast<std::int64_t>(std::floor(p.row));
    if (c + 2 + m < 0 || r + 2 + m < 0) continue;  // west or north of every block's lattice
    // Blocks whose lattice columns [b B - m, (b + 1) B + m) meet the stencil's [c - 1, c + 2]
    // (the lower bound may take one block too many: its nodes are then all clipped below).
    const auto first = [](std::int64_t lo, std::int64_t block) { return lo < 0 ? 0 : lo / block; };
    const std::int64_t cb0 = first(c - m - plan.block_cols, plan.block_cols);
    const std::int64_t cb1 = std::min(bcols - 1, (c + 2 + m) / plan.block_cols);
    const std::int64_t rb0 = first(r - m - plan.block_rows, plan.block_rows);
    const std::int64_t rb1 = std::min(plan.blocks / bcols - 1, (r + 2 + m) / plan.block_rows);
    for (std::int64_t rb = rb0; rb <= rb1; ++rb)
      for (std::int64_t cb = cb0; cb <= cb1; ++cb)
        in_block[static_cast<std::size_t>(rb * bcols + cb)].push_back(n);
  }

  tbb::parallel_for(
      std::int64_t{0}, plan.blocks,
      [&](std::int64_t b) {
        context.check_cancelled();
        const std::int64_t c0 = (b % bcols) * plan.block_cols, r0 = (b / bcols) * plan.block_rows;
        const std::int64_t c1 = std::min(out.ncols, c0 + plan.block_cols),
                           r1 = std::min(out.nrows, r0 + plan.block_rows);
        std::array<bool, land_use_classes> here{};
        here[0] = true;
        for (std::int64_t r = r0; r < r1; ++r)
          for (std::int64_t c = c0; c < c1; ++c)
            here[land_use[static_cast<std::size_t>(r * out.ncols + c)]] = true;
        // Source lattice node (c0 - m + a, r0 - m + j) at index j * px + a.
        std::vector<std::vector<Complex>> spectra(kinds.size());
        for (const std::uint32_t n : in_block[static_cast<std::size_t>(b)]) {
          const Emitter& e = sources.emitters[n];
          std::vector<Complex>& g = spectra[slot[e.kind]];
          if (g.empty()) g.assign(points, Complex{});
          const LatticePos p = lattice_pos(grid, out, e.x, e.y);
          const double fc = std::floor(p.col), fr = std::floor(p.row);
          const auto wc = cubic_weights(p.col - fc), wr = cubic_weights(p.row - fr);
          const std::int64_t a0 = static_cast<std::int64_t>(fc) - 1 - (c0 - m);
          const std::int64_t j0 = static_cast<std::int64_t>(fr) - 1 - (r0 - m);
          for (std::int64_t v = 0; v < 4; ++v) {
            const std::int64_t j = j0 + v;
            if (j < 0 || j >= (r1 - r0) + 2 * m) continue;  // beyond R of every output cell
            for (std::int64_t u = 0; u < 4; ++u) {
              const std::int64_t a = a0 + u;
              if (a < 0 || a >= (c1 - c0) + 2 * m) continue;
              g[static_cast<std::size_t>(j * px + a)] +=
                  e.emission * wr[static_cast<std::size_t>(v)] * wc[static_cast<std::size_t>(u)];
            }
          }
        }
        for (auto& g : spectra)
          if (!g.empty()) fft.run(g, false);
        std::vector<Complex> acc(points);
        for (const Substance substance : {Substance::nh3, Substance::nox}) {
          const std::size_t off = quantity_offset(substance);
          for (int l = 0; l < land_use_classes; ++l) {
            if (!here[static_cast<std::size_t>(l)]) continue;
            bool used = false;
            std::fill(acc.begin(), acc.end(), Complex{});
            for (std::size_t i = 0; i < kinds.size(); ++i) {
              if (spectra[i].empty() || sources.kinds[kinds[i]].substance != substance) continue;
              const std::vector<Complex>& k = kernels[i][static_cast<std::size_t>(l)];
              for (std::size_t q = 0; q < points; ++q) acc[q] += spectra[i][q] * k[q];
              used = true;
            }
            if (!used) break;  // no convolved emitter of this substance reaches the block
            fft.run(acc, true);
            for (std::int64_t r = r0; r < r1; ++r) {
              const Complex* res = acc.data() + (r - r0 + m) * px + m;
              for (std::int64_t c = c0; c < c1; ++c) {
                const auto i = static_cast<std::size_t>(r * out.ncols + c);
                const Complex v = res[c - c0];
                if (l == 0) sum[off + 2][i] += v.imag();
                if (land_use[i] != l) continue;
                sum[off][i] += v.real();
                if (l > 0) sum[off + 1][i] += v.imag();
              }
            }
          }
        }
        progress.done(1.0);
      },
      tbb::simple_partitioner());
}

}  // namespace twin::solvers::nitrogen::detail
