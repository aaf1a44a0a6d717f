// Fast mode of the nitrogen grid solver: the near field pair by pair within fast_radius_m
// (weighted by w(d)), source kinds taken a chunk at a time so that only a bounded number of
// near tables exists at once, then the far field of far_field.cpp added per cell.
#include "fast_mode.hpp"

#include <tbb/blocked_range2d.h>
#include <tbb/parallel_for.h>
#include <tbb/partitioner.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "far_field.hpp"
#include "mid_field.hpp"
#include "twin/data/standard_names.hpp"
#include "twin/solvers/grid_run.hpp"

namespace twin::solvers::nitrogen::detail {
namespace {

constexpr std::int64_t kBlock = 64;  // cells per block side
constexpr float kNanF = std::numeric_limits<float>::quiet_NaN();

}  // namespace

std::array<data::Raster<float>, 6> fast_fields(const data::Scenario& scenario,
                                               const NitrogenSettings& s, const Sources& sources,
                                               data::Window out, RunContext& context) {
  const data::GridSpec& grid = scenario.grid();
  const auto& land_use = scenario.raster<std::uint8_t>(data::names::land_use);
  const std::int64_t ncols = out.ncols, nrows = out.nrows;
  const auto cells = static_cast<std::size_t>(ncols * nrows);
  std::vector<std::uint8_t> lu(cells);
  std::array<bool, land_use_classes> present{};
  for (std::int64_t r = 0; r < nrows; ++r) {
    for (std::int64_t c = 0; c < ncols; ++c) {
      const int l = land_use_class(land_use.at(c + out.col0, r + out.row0));
      lu[static_cast<std::size_t>(r * ncols + c)] = static_cast<std::uint8_t>(l);
      present[static_cast<std::size_t>(l)] = true;
    }
  }
  const FarField far = far_field(scenario, s, sources, out, present, context);
  context.check_cancelled();
  // Kinds with very many emitters (roads) are summed pair by pair only within the middle
  // level's inner radius; their ring out to R comes from the cell lattice (mid_field.hpp).
  const MidPlan mid = plan_mid_field(grid, s, sources, out);

  // Near field. Emitters grouped by kind (table order within a kind), kinds in chunks.
  std::array<std::vector<double>, 6> sum;
  for (auto& q : sum) q.assign(cells, 0.0);
  const std::size_t kinds = sources.prepared.size();
  const EmittersByKind by_kind = group_by_kind(sources);
  const double radius = s.fast_radius_m;  // tables reach R; convolved kinds use less
  const std::size_t per_chunk = kinds_per_chunk(radius, s.table_budget_bytes);
  const std::size_t chunks = (kinds + per_chunk - 1) / per_chunk;
  const std::int64_t bcols = (ncols + kBlock - 1) / kBlock, brows = (nrows + kBlock - 1) / kBlock;
  BlockProgress progress(
      context, static_cast<double>(bcols * brows *
                                   static_cast<std::int64_t>(std::max<std::size_t>(chunks, 1))) +
                   (mid.any() ? static_cast<double>(mid.blocks) : 0.0));
  const double xcol0 = grid.col_centre_x(out.col0), ytop = grid.row_centre_y(out.row0),
               cell = grid.cell;

  for (std::size_t k0 = 0; k0 < kinds; k0 += per_chunk) {
    const std::size_t k1 = std::min(kinds, k0 + per_chunk);
    std::vector<FieldTable> tables(k1 - k0);
    tbb::parallel_for(k0, k1, [&](std::size_t k) {
      tables[k - k0] = tabulate_field(sources.prepared[k], radius);
    });
    context.check_cancelled();
    // The chunk's emitters listed per block of cells they reach, in kind order (so every cell
    // still sums kind by kind, table order within a kind), instead of every block testing
    // every emitter.
    std::vector<std::vector<std::uint32_t>> reaching(static_cast<std::size_t>(bcols * brows));
    for (std::size_t n = by_kind.first[k0]; n < by_kind.first[k1]; ++n) {
      const Emitter& e = sources.emitters[by_kind.order[n]];
      const double reach = mid.convolved[e.kind] ? mid.inner_radius : s.fast_radius_m;
      const std::int64_t cl = std::max<std::int64_t>(
          0, static_cast<std::int64_t>(std::ceil((e.x - reach - xcol0) / cell)));
      const std::int64_t ch =
          std::min(ncols - 1, static_cast<std::int64_t>(std::floor((e.x + reach - xcol0) / cell)));
      const std::int64_t rl = std::max<std::int64_t>(
          0, static_cast<std::int64_t>(std::ceil((ytop - e.y - reach) / cell)));
      const std::int64_t rh =
          std::min(nrows - 1, static_cast<std::int64_t>(std::floor((ytop - e.y + reach) / cell)));
      if (cl > ch || rl > rh) continue;
      for (std::int64_t br = rl / kBlock; br <= rh / kBlock; ++br)
        for (std::int64_t bc = cl / kBlock; bc <= ch / kBlock; ++bc)
          reaching[static_cast<std::size_t>(br * bcols + bc)].push_back(by_kind.order[n]);
    }
    tbb::parallel_for(
        std::int64_t{0}, bcols * brows,
        [&](std::int64_t b) {
          context.check_cancelled();
          const std::int64_t r0 = (b / bcols) * kBlock, r1 = std::min(nrows, r0 + kBlock);
          const std::int64_t c0 = (b % bcols) * kBlock, c1 = std::min(ncols, c0 + kBlock);
          for (const std::uint32_t n : reaching[static_cast<std::size_t>(b)]) {
            const Emitter& e = sources.emitters[n];
            const double reach = mid.convolved[e.kind] ? mid.inner_radius : s.fast_radius_m;
            // Rows and columns of the block within the radius (row r's centre is ytop - r cell).
            const std::int64_t rl =
                std::max(r0, static_cast<std::int64_t>(std::ceil((ytop - e.y - reach) / cell)));
            const std::int64_t rh = std::min(
                r1 - 1, static_cast<std::int64_t>(std::floor((ytop - e.y + reach) / cell)));
            if (rl > rh) continue;
            const std::int64_t cl0 =
                std::max(c0, static_cast<std::int64_t>(std::ceil((e.x - reach - xcol0) / cell)));
            const std::int64_t ch0 = std::min(
                c1 - 1, static_cast<std::int64_t>(std::floor((e.x + reach - xcol0) / cell)));
            if (cl0 > ch0) continue;
            const FieldTable& table = tables[e.kind - k0];
            const std::size_t off = e.substance == Substance::nh3 ? 0 : 3;
            double* conc = sum[off].data();
            double* dry = sum[off + 1].data();
            double* wet = sum[off + 2].data();
            for (std::int64_t r = rl; r <= rh; ++r) {
              const double dy = grid.row_centre_y(r + out.row0) - e.y;
              const double rest = reach * reach - dy * dy;
              if (!(rest > 0)) continue;
              const double half = std::sqrt(rest);
              const std::int64_t cl =
                  std::max(cl0, static_cast<std::int64_t>(std::ceil((e.x - half - xcol0) / cell)));
              const std::int64_t ch =
                  std::min(ch0, static_cast<std::int64_t>(std::floor((e.x + half - xcol0) / cell)));
              const std::size_t row = static_cast<std::size_t>(r * ncols);
              for (std::int64_t c = cl; c <= ch; ++c) {
                const std::size_t i = row + static_cast<std::size_t>(c);
                const double dx = xcol0 + static_cast<double>(c) * cell - e.x;
                const FieldValue v = lookup_field(table, dx, dy, lu[i]);
                const double q = e.emission * near_weight(dx * dx + dy * dy, reach);
                conc[i] += q * v.concentration;
                dry[i] += q * v.dry_deposition;
                wet[i] += q * v.wet_deposition;
              }
            }
          }
          progress.done(1.0);
        },
        tbb::simple_partitioner());
  }
  if (mid.any()) add_mid_field(grid, s, sources, out, mid, lu, sum, progress, context);

  // Near + middle + far per cell; the far field of the cell's own land-use class.
  const data::GridSpec out_grid = grid.sub_grid(out);
  std::array<data::Raster<float>, 6> field;
  for (auto& f : field) f = data::Raster<float>(out_grid, 0.0f, kNanF);
  tbb::parallel_for(std::int64_t{0}, nrows, [&](std::int64_t r) {
    const double y = grid.row_centre_y(r + out.row0);
    for (std::int64_t c = 0; c < ncols; ++c) {
      const auto i = static_cast<std::size_t>(r * ncols + c);
      const double x = xcol0 + static_cast<double>(c) * cell;
      const int l = lu[i];
      for (int sub = 0; sub < 2; ++sub) {
        const auto off = static_cast<std::size_t>(3 * sub);
        field[off].at(c, r) = static_cast<float>(sum[off][i] + far.at(sub, l, x, y));
        field[off + 1].at(c, r) =
            static_cast<float>(sum[off + 1][i] + (l > 0 ? far.at(sub, far_dry + l, x, y) : 0.0));
        field[off + 2].at(c, r) = static_cast<float>(sum[off + 2][i] + far.at(sub, far_wet, x, y));
      }
    }
  });
  return field;
}

}  // namespace twin::solvers::nitrogen::detail
