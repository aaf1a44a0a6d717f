// The noise grid solver: parameters, the run over receiver blocks with TBB (progress and
// cancellation once per block), and the exposure statistics. Every receiver sums its paths
// alone and in a fixed order, so any number of threads gives the same result.
#include "twin/solvers/noise/noise_solver.hpp"

#include <tbb/blocked_range2d.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/partitioner.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <limits>
#include <mutex>
#include <string>

#include "noise_solver_detail.hpp"
#include "twin/data/error.hpp"
#include "twin/solvers/grid_run.hpp"
#include "twin/data/standard_names.hpp"
#include "twin/solvers/noise/emission.hpp"
#include "twin/solvers/noise/surfaces.hpp"

namespace twin::solvers::noise {
namespace {

using detail::kPeriods;
using detail::NoiseSettings;

constexpr std::int64_t kBlock = 16;  // receivers per block side
constexpr float kNanF = std::numeric_limits<float>::quiet_NaN();



double level(double energy) { return energy > 0 ? 10.0 * std::log10(energy) : -1e9; }
// Levels below 0 dB(A) (no road within reach, or only very far ones) are written as 0.
float floor0(double l) { return static_cast<float>(std::max(0.0, l)); }

LayerSet run(const data::Scenario& scenario, const NoiseSettings& s, data::Window out,
             RunContext& context) {
  const data::GridSpec& grid = scenario.grid();
  const auto& dtm = scenario.raster<float>(data::names::dtm);
  const auto& building = scenario.raster<float>(data::names::building_height);
  const detail::Terrain terrain = detail::make_terrain(scenario, s);
  // Bad receptor rows fail the run here, before the map is computed, not after it in the
  // statistics.
  (void)detail::read_receptors(scenario, s, terrain);
  const detail::Sources sources = detail::make_sources(scenario, s);
  const detail::Facades facades = detail::make_facades(scenario, s);
  const detail::Scene scene{terrain, sources, facades, s};
  context.check_cancelled();
  Atmosphere atmosphere;
  atmosphere.temperature_c = s.temperature_c;
  atmosphere.humidity_percent = s.humidity_pct;

  const data::GridSpec out_grid = grid.sub_grid(out);
  data::Raster<float> lday(out_grid, kNanF, kNanF), leve(out_grid, kNanF, kNanF),
      lnight(out_grid, kNanF, kNanF), lden_r(out_grid, kNanF, kNanF);
  const double blocks = std::ceil(static_cast<double>(out.ncols) / kBlock) *
                        std::ceil(static_cast<double>(out.nrows) / kBlock);
  BlockProgress progress(context, blocks);
  tbb::enumerable_thread_specific<detail::Scratch> scratch(detail::Scratch{atmosphere});
  tbb::parallel_for(
      tbb::blocked_range2d<std::int64_t>(0, out.nrows, kBlock, 0, out.ncols, kBlock),
      [&](const tbb::blocked_range2d<std::int64_t>& b) {
        context.check_cancelled();
        detail::Scratch& sc = scratch.local();
        // The block's receivers: cells with terrain, outside buildings.
        auto& receivers = sc.block_receivers;
        auto& cells = sc.block_cells;
        receivers.clear();
        cells.clear();
        for (std::int64_t r = b.rows().begin(); r < b.rows().end(); ++r) {
          for (std::int64_t c = b.cols().begin(); c < b.cols().end(); ++c) {
            const std::int64_t gc = c + out.col0, gr = r + out.row0;
            const float zg = dtm.at(gc, gr);
            const float bh = building.at(gc, gr);
            if (!std::isfinite(zg) || bh > 0.0f) continue;  // nodata: no terrain, or a building
            receivers.push_back(
                {grid.col_centre_x(gc), grid.row_centre_y(gr), zg + s.receiver_height_m, 0.0});
            cells.push_back({c, r});
          }
        }
        auto& results = sc.block_results;
        results.resize(receivers.size());
        detail::block_energy(scene, receivers, results, sc);
        for (std::size_t k = 0; k < receivers.size(); ++k) {
          const auto [c, r] = cells[k];
          const detail::ReceiverResult& res = results[k];
          const double ld = level(res.energy[0]), le = level(res.energy[1]),
                       ln = level(res.energy[2]);
          lday.at(c, r) = floor0(ld);
          leve.at(c, r) = floor0(le);
          lnight.at(c, r) = floor0(ln);
          lden_r.at(c, r) = floor0(lden(ld, le, ln));
        }
        progress.done(1.0);
      },
      tbb::simple_partitioner());

  LayerSet result;
  const auto add = [&](const char* name, data::Raster<float>& r, const std::string& what) {
    result.emplace(name, data::make_layer(std::move(r), "dB(A)", what));
  };
  add("lday", lday, "road traffic noise, day 07-19 (CNOSSOS-EU, A-weighted, long-term)");
  add("levening", leve, "road traffic noise, evening 19-23 (CNOSSOS-EU, A-weighted, long-term)");
  add("lnight", lnight, "road traffic noise, night 23-07 (CNOSSOS-EU, A-weighted, long-term)");
  add("lden", lden_r, "road traffic noise, day-evening-night level Lden (CNOSSOS-EU)");
  return result;
}

const data::Raster<float>& result_layer(const LayerSet& result, std::string_view name,
                                        const data::GridSpec& grid) {
  const auto it = result.find(name);
  if (it == result.end()) {
    throw data::Error(data::ErrorCode::missing_layer,
                      "noise statistics: no result layer '" + std::string(name) + "'");
  }
  const auto* r = std::get_if<data::Raster<float>>(&it->second.raster);
  if (r == nullptr || !r->grid.matches(grid)) {
    throw data::Error(data::ErrorCode::grid_mismatch,
                      "noise statistics: layer '" + std::string(name) +
                          "' is not a float layer on the window's grid");
  }
  return *r;
}

int band_of(double l) {
  int k = -1;
  for (double edge : kNoiseBandEdges) k += l >= edge ? 1 : 0;
  return k;  // -1 below 50 dB
}

}  // namespace

std::string_view NoiseSolver::title() const {
  return "Road traffic noise (CNOSSOS-EU): Lden, Lday, Levening, Lnight at every cell";
}
std::string_view NoiseSolver::model_version() const { return "noise-grid 1.0"; }

std::vector<std::string> NoiseSolver::needs() const { return {"dtm", "building_height", "roads"}; }

double NoiseSolver::halo_m(const Params& params) const { return params.number("max_distance_m"); }

ParamSpec NoiseSolver::params() const {
  ParamSpec spec;
  spec.push_back(number_param("receiver_height_m", "m", 4.0, 0.5, 30.0,
                        "Receiver height above the terrain at every cell centre (END maps: 4 m)."));
  spec.push_back(number_param("max_distance_m", "m", 1000.0, 50.0, 5000.0,
                        "Maximum propagation distance: road pieces farther from a receiver are "
                        "left out. Also the tile halo."));
  spec.push_back(number_param("source_length_ratio", "1", 0.5, 0.05, 1.0,
                        "Adaptive sub-sources: a road piece of length L at distance d from the "
                        "receiver is one point source when L <= ratio * d, else it is halved "
                        "(0.5 keeps the point-source error on a straight road below 0.1 dB)."));
  spec.push_back(number_param("min_source_spacing_m", "m", 1.0, 0.25, 50.0,
                        "Shortest sub-source piece, used next to the receiver."));
  spec.push_back(number_param("max_source_spacing_m", "m", 100.0, 1.0, 500.0,
                        "Longest sub-source piece, used far from the receiver. Setting both "
                        "spacings equal gives a fixed spacing."));
  spec.push_back(number_param("temperature", "degC", 15.0, -20.0, 40.0,
                        "Air temperature: air absorption (ISO 9613-1) and the rolling-noise "
                        "temperature correction of the emission."));
  spec.push_back(
      number_param("humidity", "%", 70.0, 10.0, 100.0, "Relative humidity, for air absorption."));
  spec.push_back(number_param("p_day", "1", 0.5, 0.0, 1.0,
                        "Occurrence of favourable (downward-refracting) conditions, day."));
  spec.push_back(
      number_param("p_evening", "1", 0.75, 0.0, 1.0, "Occurrence of favourable conditions, evening."));
  spec.push_back(number_param("p_night", "1", 1.0, 0.0, 1.0,
                        "Occurrence of favourable conditions, night. Defaults 0.5/0.75/1.0: the "
                        "usual CNOSSOS-EU/NMPB-2008 defaults without local meteorology."));
  std::vector<std::string> surfaces;
  for (const RoadSurface& rs : road_surfaces()) surfaces.push_back(rs.id);
  spec.push_back(choice_param(
      "default_surface", "DEF", std::move(surfaces),
      "Road surface for road rows without one: DEF (CNOSSOS-EU reference surface) or the "
      "Dutch surfaces NL01-NL14."));
  spec.push_back(number_param("ground_factor_default", "1", 0.5, 0.0, 1.0,
                        "Ground factor G where the scenario has no ground_factor layer "
                        "(0 hard, 1 porous)."));
  spec.push_back(integer_param(
      "max_receptors", 10000, 0, 1000000,
      "At most this many rows of the receptors table get Lday, Levening, Lnight and Lden in the "
      "statistics (each is computed as one grid cell is); the rest are counted as left "
      "out."));
  spec.push_back(integer_param(
      "reflections", 0, 0, 1,
      "Reflection order: 0 = direct paths only; 1 = also first-order reflections on the "
      "building façades (CNOSSOS-EU image sources; costs extra paths, see "
      "docs/performance.md)."));
  spec.push_back(number_param("facade_absorption", "1", 0.1, 0.0, 0.99,
                              "Absorption coefficient of the façades, all bands (the reflected "
                              "path loses 10 lg(1 - alpha) dB)."));
  spec.push_back(number_param("reflection_distance_m", "m", 50.0, 5.0, 500.0,
                              "Façades within this distance of a receiver are searched for "
                              "reflections."));
  return spec;
}

namespace detail {

NoiseSettings read_settings(const Params& p) {
  NoiseSettings s;
  s.receiver_height_m = p.number("receiver_height_m");
  s.max_distance_m = p.number("max_distance_m");
  s.length_ratio = p.number("source_length_ratio");
  s.min_piece_m = p.number("min_source_spacing_m");
  s.max_piece_m = p.number("max_source_spacing_m");
  if (s.min_piece_m > s.max_piece_m) {
    throw data::Error(data::ErrorCode::invalid_argument,
                      "parameter 'min_source_spacing_m': must not exceed max_source_spacing_m");
  }
  s.temperature_c = p.number("temperature");
  s.humidity_pct = p.number("humidity");
  s.p = {p.number("p_day"), p.number("p_evening"), p.number("p_night")};
  s.default_surface = p.text("default_surface");
  s.default_g = p.number("ground_factor_default");
  s.max_receptors = static_cast<std::size_t>(p.integer("max_receptors"));
  s.reflections = static_cast<int>(p.integer("reflections"));
  s.facade_absorption = p.number("facade_absorption");
  s.reflection_distance_m = p.number("reflection_distance_m");
  return s;
}

}  // namespace detail

LayerSet NoiseSolver::solve(const data::Scenario& scenario, const Params& params, data::Window out,
                            RunContext& context) const {
  const NoiseSettings settings = detail::read_settings(params);
  require_window_inside(scenario, out, "noise");
  return run_with_budget(context, [&] { return run(scenario, settings, out, context); });
}

nlohmann::json noise_statistics(const data::Scenario& scenario, const LayerSet& result,
                                data::Window out) {
  const data::GridSpec grid = scenario.grid().sub_grid(out);
  const data::Raster<float>* dw = scenario.has_layer(data::names::dwellings)
                                      ? &scenario.raster<float>(data::names::dwellings)
                                      : nullptr;
  const double reach_m = std::max(10.0, 1.5 * grid.cell);
  const auto reach = static_cast<std::int64_t>(std::floor(reach_m / grid.cell));
  constexpr std::size_t kBands = std::size(kNoiseBandEdges);
  nlohmann::json j;
  j["band_lower_edges_dB"] = kNoiseBandEdges;
  for (const char* name : {"lden", "lnight"}) {
    const data::Raster<float>& l = result_layer(result, name, grid);
    std::array<double, kBands> area{}, homes{};
    double unknown = 0;
    for (float v : l.values) {
      const int k = std::isnan(v) ? -1 : band_of(v);
      if (k >= 0) area[static_cast<std::size_t>(k)] += grid.cell_area_m2();
    }
    nlohmann::json layer;
    layer["area_m2_per_band"] = area;
    if (dw != nullptr) {
      for (std::int64_t r = 0; r < grid.ny; ++r) {
        for (std::int64_t c = 0; c < grid.nx; ++c) {
          const float n = dw->at(c + out.col0, r + out.row0);
          if (!(n > 0.0f)) continue;
          double best = std::nan("");
          for (std::int64_t dr = -reach; dr <= reach; ++dr) {
            for (std::int64_t dc = -reach; dc <= reach; ++dc) {
              const std::int64_t cc = c + dc, rr = r + dr;
              if (cc < 0 || rr < 0 || cc >= grid.nx || rr >= grid.ny) continue;
              if (std::hypot(dc, dr) * grid.cell > reach_m) continue;
              const float v = l.at(cc, rr);
              if (!std::isnan(v) && !(v <= best)) best = v;
            }
          }
          if (std::isnan(best)) {
            unknown += n;
          } else if (const int k = band_of(best); k >= 0) {
            homes[static_cast<std::size_t>(k)] += n;
          }
        }
      }
      layer["dwellings_per_band"] = homes;
      layer["dwellings_unknown"] = unknown;
    }
    j[name] = layer;
  }
  return j;
}

nlohmann::json NoiseSolver::statistics(const data::Scenario& scenario, const LayerSet& result,
                                       const Params& params) const {
  nlohmann::json j = noise_statistics(scenario, result, scenario.grid().full());
  if (scenario.has_table(data::names::receptors)) {
    const NoiseSettings s = detail::read_settings(params);
    j["receptors"] = detail::receptor_levels(scenario, s);
    const std::size_t rows = scenario.table(data::names::receptors).size();
    j["receptors_left_out"] = rows - std::min(rows, s.max_receptors);
  }
  return j;
}

}  // namespace twin::solvers::noise
