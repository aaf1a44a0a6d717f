// Exact mode: kinds tabulated a chunk at a time; per chunk, TBB over blocks of cells, each
// block adding the chunk's emitters in table order into the window's double sums (progress
// and cancellation once per block and chunk). The floats are written once all chunks are in.
#include "exact_mode.hpp"

#include <tbb/blocked_range2d.h>
#include <tbb/parallel_for.h>
#include <tbb/partitioner.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "twin/data/standard_names.hpp"
#include "twin/solvers/grid_run.hpp"
#include "twin/solvers/nitrogen/field_table.hpp"

namespace twin::solvers::nitrogen::detail {
namespace {

constexpr std::int64_t kBlock = 128;  // cells per block side
constexpr float kNanF = std::numeric_limits<float>::quiet_NaN();

// Distance from (x, y) to the rectangle [x0, x1] x [y0, y1] (0 inside).
double distance_to_box(double x, double y, double x0, double x1, double y0, double y1) {
  const double dx = std::max({x0 - x, 0.0, x - x1});
  const double dy = std::max({y0 - y, 0.0, y - y1});
  return std::hypot(dx, dy);
}

}  // namespace

std::array<data::Raster<float>, 6> exact_fields(const data::Scenario& scenario,
                                                const NitrogenSettings& s, const Sources& sources,
                                                data::Window out, RunContext& context) {
  const data::GridSpec& grid = scenario.grid();
  const auto& land_use = scenario.raster<std::uint8_t>(data::names::land_use);
  std::vector<std::uint8_t> classes(static_cast<std::size_t>(out.ncols * out.nrows));
  for (std::int64_t r = 0; r < out.nrows; ++r)
    for (std::int64_t c = 0; c < out.ncols; ++c)
      classes[static_cast<std::size_t>(r * out.ncols + c)] =
          static_cast<std::uint8_t>(land_use_class(land_use.at(c + out.col0, r + out.row0)));
  std::array<std::vector<double>, 6> sum;
  for (auto& q : sum) q.assign(classes.size(), 0.0);

  const std::size_t kinds = sources.prepared.size();
  const EmittersByKind by_kind = group_by_kind(sources);
  const std::size_t per_chunk = kinds_per_chunk(s.max_distance_m, s.table_budget_bytes);
  const std::size_t chunks = std::max<std::size_t>(1, (kinds + per_chunk - 1) / per_chunk);
  const double blocks = std::ceil(static_cast<double>(out.ncols) / kBlock) *
                        std::ceil(static_cast<double>(out.nrows) / kBlock);
  BlockProgress progress(context, blocks * static_cast<double>(chunks));

  for (std::size_t k0 = 0; k0 < kinds; k0 += per_chunk) {
    const std::size_t k1 = std::min(kinds, k0 + per_chunk);
    std::vector<FieldTable> tables(k1 - k0);
    tbb::parallel_for(k0, k1, [&](std::size_t k) {
      tables[k - k0] = tabulate_field(sources.prepared[k], s.max_distance_m);
    });
    context.check_cancelled();
    const std::vector<std::uint32_t> chunk = emitters_of_chunk(by_kind, k0, k1);
    tbb::parallel_for(
        tbb::blocked_range2d<std::int64_t>(0, out.nrows, kBlock, 0, out.ncols, kBlock),
        [&](const tbb::blocked_range2d<std::int64_t>& b) {
          context.check_cancelled();
          const std::int64_t r0 = b.rows().begin(), r1 = b.rows().end();
          const std::int64_t c0 = b.cols().begin(), c1 = b.cols().end();
          const double bx0 = grid.col_centre_x(c0 + out.col0),
                       bx1 = grid.col_centre_x(c1 - 1 + out.col0);
          const double by1 = grid.row_centre_y(r0 + out.row0),
                       by0 = grid.row_centre_y(r1 - 1 + out.row0);
          for (const std::uint32_t index : chunk) {
            const Emitter& e = sources.emitters[index];
            if (distance_to_box(e.x, e.y, bx0, bx1, by0, by1) > s.max_distance_m) continue;
            const FieldTable& table = tables[e.kind - k0];
            const std::size_t off = e.substance == Substance::nh3 ? 0 : 3;
            double* conc = sum[off].data();
            double* dry = sum[off + 1].data();
            double* wet = sum[off + 2].data();
            const double q = e.emission;
            const double dx0 = bx0 - e.x;
            for (std::int64_t r = r0; r < r1; ++r) {
              const double dy = grid.row_centre_y(r + out.row0) - e.y;
              const auto row = static_cast<std::size_t>(r * out.ncols + c0);
              for (std::int64_t c = 0; c < c1 - c0; ++c) {
                const std::size_t i = row + static_cast<std::size_t>(c);
                const double dx = dx0 + static_cast<double>(c) * grid.cell;
                const FieldValue v = lookup_field(table, dx, dy, classes[i]);
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

  const data::GridSpec out_grid = grid.sub_grid(out);
  std::array<data::Raster<float>, 6> field;
  for (std::size_t k = 0; k < field.size(); ++k) {
    field[k] = data::Raster<float>(out_grid, 0.0f, kNanF);
    std::transform(sum[k].begin(), sum[k].end(), field[k].values.begin(),
                   [](double v) { return static_cast<float>(v); });
  }
  return field;
}

}  // namespace twin::solvers::nitrogen::detail
