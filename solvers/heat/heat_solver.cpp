// The heat solver's run: region = window + halo, SVF once (a sweep per direction over the
// region), then per hour the shadows over the region and Tmrt/PET per cell, in blocks over the
// window with TBB; progress per direction and per block, cancellation per line and per block.
#include "twin/solvers/heat/heat_solver.hpp"

#include <tbb/blocked_range2d.h>
#include <tbb/parallel_for.h>
#include <tbb/partitioner.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <mutex>
#include <numbers>
#include <optional>
#include <string>

#include "heat_solver_detail.hpp"
#include "twin/data/crs.hpp"
#include "twin/data/error.hpp"
#include "twin/data/standard_names.hpp"
#include "twin/solvers/grid_run.hpp"
#include "twin/solvers/heat/shadows.hpp"

namespace twin::solvers::heat {
namespace {

using detail::HeatSettings;
using detail::HourForcing;
using detail::Region;

constexpr std::int64_t kBlock = 128;  // cells per block side of the hourly work
constexpr double kSvfDirectionCost = 0.06;
constexpr float kNan = std::numeric_limits<float>::quiet_NaN();

// Runs `work(block)` over the blocks of a window (coordinates relative to the window),
// checking for cancellation before each.
template <class Work>
void for_blocks(std::int64_t ncols, std::int64_t nrows, const RunContext& context, Work&& work) {
  tbb::parallel_for(
      tbb::blocked_range2d<std::int64_t>(0, nrows, kBlock, 0, ncols, kBlock),
      [&](const tbb::blocked_range2d<std::int64_t>& b) {
        context.check_cancelled();
        work(data::Window{b.cols().begin(), b.rows().begin(),
                          static_cast<std::int64_t>(b.cols().size()),
                          static_cast<std::int64_t>(b.rows().size())});
      },
      tbb::simple_partitioner());
}

std::string suffixed(const std::string& name, const HeatSettings& s, int hour) {
  return s.hours.size() == 1 ? name : name + "_" + std::to_string(hour);
}

data::Layer float_layer(data::Raster<float> r, std::string units, std::string description) {
  return data::make_layer(std::move(r), std::move(units), std::move(description));
}

// Height of the highest surface (terrain + buildings or crowns) above the lowest terrain.
double relief_m(const data::Scenario& scenario) {
  const auto& dtm = scenario.raster<float>(data::names::dtm);
  const auto& bh = scenario.raster<float>(data::names::building_height);
  const data::Raster<float>* vh = scenario.has_layer(data::names::vegetation_height)
                                      ? &scenario.raster<float>(data::names::vegetation_height)
                                      : nullptr;
  float low = std::numeric_limits<float>::infinity(), high = -low;
  for (std::size_t k = 0; k < dtm.values.size(); ++k) {
    const float z = dtm.values[k];
    if (dtm.is_nodata(z)) continue;
    float top = z + std::max(0.0f, bh.values[k]);  // NaN heights are refused by make_region
    if (vh != nullptr) top = std::max(top, z + vh->values[k]);
    low = std::min(low, z);
    high = std::max(high, top);
  }
  return high > low ? static_cast<double>(high - low) : 0.0;
}

// Cells around a window whose surface the window's results depend on: the SVF radius, and as
// far as a shadow reaches at the lowest sun of the hours (relief / tan(altitude)), so that a
// window (a tile of a tiled run) gets exactly the cells a whole-grid run gives.
std::int64_t region_halo(const data::Scenario& scenario, const HeatSettings& s,
                         const std::vector<HourForcing>& forcing) {
  const data::GridSpec& grid = scenario.grid();
  const auto svf = static_cast<std::int64_t>(std::ceil(s.svf_radius_m / grid.cell));
  double lowest = 90.0;
  for (const HourForcing& f : forcing)
    if (f.sun_altitude_deg > 0.0) lowest = std::min(lowest, f.sun_altitude_deg);
  const double reach_m = relief_m(scenario) / std::tan(lowest * std::numbers::pi / 180.0);
  const double across = static_cast<double>(std::max(grid.nx, grid.ny));
  const double shadow = std::min(across, std::ceil(reach_m / grid.cell) + 1.0);  // + the lines' rounding
  return std::max(svf, static_cast<std::int64_t>(shadow));
}

LayerSet run(const data::Scenario& scenario, const HeatSettings& s, data::Window out,
             RunContext& context) {
  const data::GridSpec& grid = scenario.grid();
  // The place of the sun: the scenario's centre (not the window's, so the tiles of one run
  // share one sun and meet without seams), through PROJ.
  const data::LonLat place =
      data::to_wgs84(grid.epsg, grid.x0 + grid.width_m() / 2.0, grid.y0 - grid.height_m() / 2.0);
  std::vector<HourForcing> forcing;
  for (int h : s.hours) forcing.push_back(detail::make_hour_forcing(s, h, place.lon, place.lat));

  const data::Window region_window =
      out == grid.full() ? out : grid.with_halo(out, region_halo(scenario, s, forcing));
  const Region region = detail::make_region(scenario, region_window);
  const std::int64_t dc0 = out.col0 - region.window.col0, dr0 = out.row0 - region.window.row0;
  const data::GridSpec out_grid = grid.sub_grid(out);

  const double blocks = std::ceil(static_cast<double>(out.ncols) / kBlock) *
                        std::ceil(static_cast<double>(out.nrows) / kBlock);
  // Progress in units of one block-hour; a sweep direction costs about kSvfDirectionCost of
  // the hourly work per cell (measured, see docs/models/heat.md "Speed").
  const double direction_units = blocks * kSvfDirectionCost;
  const double sweeps = region.has_trees ? 2.0 : 1.0;
  BlockProgress progress(context, sweeps * s.svf_directions * direction_units +
                                      blocks * static_cast<double>(s.hours.size()));

  data::Raster<float> svf(out_grid, kNan, kNan), svf_veg(out_grid, kNan, kNan);
  const data::Window in_region{dc0, dr0, out.ncols, out.nrows};
  detail::sky_views(region, s, in_region, context.cancel_flag(),
                    [&] { progress.done(direction_units); }, {&svf, &svf_veg});
  context.check_cancelled();

  LayerSet result;
  std::optional<data::Raster<float>> pet_max;
  for (const HourForcing& f : forcing) {
    context.check_cancelled();
    ShadowParams sp;
    sp.sun_azimuth_deg = f.sun_azimuth_deg;
    sp.sun_altitude_deg = f.sun_altitude_deg;
    sp.canopy_transmissivity = s.tree_transmissivity;
    sp.origin_col = region.window.col0;
    sp.origin_row = region.window.row0;
    const ShadowMasks masks =
        cast_shadows(region.dsm, region.has_trees ? &region.canopy : nullptr, sp);
    context.check_cancelled();

    data::Raster<float> shadow(out_grid, kNan, kNan), tmrt(out_grid, kNan, kNan),
        pet(out_grid, kNan, kNan);
    std::optional<data::Raster<float>> utci;
    if (s.utci) utci.emplace(out_grid, kNan, kNan);
    const detail::HourOut hour_out{&shadow, &tmrt, &pet, utci ? &*utci : nullptr};
    for_blocks(out.ncols, out.nrows, context, [&](const data::Window& b) {
      detail::hour_block(region, s, f, masks.sun_fraction, svf, svf_veg, b, dc0, dr0, hour_out);
      progress.done(1.0);
    });

    if (!pet_max) {
      pet_max = pet;
    } else {
      for (std::size_t k = 0; k < pet.values.size(); ++k) {
        float& m = pet_max->values[k];
        const float p = pet.values[k];
        if (std::isnan(m) || p > m) m = p;
      }
    }
    const std::string at = " at " + std::to_string(f.hour) + ":00";
    result.emplace(
        suffixed("shadow_fraction", s, f.hour),
        float_layer(std::move(shadow), "1", "share of the direct sun beam blocked" + at));
    result.emplace(suffixed("tmrt", s, f.hour),
                   float_layer(std::move(tmrt), "degC", "mean radiant temperature" + at));
    const char* method = s.pet == detail::PetMethod::memi ? "MEMI" : "Koopmans et al. 2020";
    result.emplace(
        suffixed("pet", s, f.hour),
        float_layer(std::move(pet), "degC",
                    std::string("physiological equivalent temperature (") + method + ")" + at));
    if (utci) {
      result.emplace(suffixed("utci", s, f.hour),
                     float_layer(std::move(*utci), "degC", "universal thermal climate index" + at));
    }
  }
  if (s.hours.size() > 1) {
    result.emplace("pet_max",
                   float_layer(std::move(*pet_max), "degC", "highest PET of the computed hours"));
  }
  result.emplace("svf", float_layer(std::move(svf), "1", "sky view factor (buildings, terrain)"));
  return result;
}

}  // namespace

LayerSet HeatSolver::solve(const data::Scenario& scenario, const Params& params, data::Window out,
                           RunContext& context) const {
  const HeatSettings settings = detail::read_settings(params);
  require_window_inside(scenario, out, "heat");
  return run_with_budget(context, [&] { return run(scenario, settings, out, context); });
}

}  // namespace twin::solvers::heat
