// Planners' statistics of a nitrogen result: N deposited over the window and on Natura 2000
// habitats, the area above the critical deposition value (KDW), and exact values at the
// scenario's receptor points.
#include <tbb/parallel_for.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <optional>
#include <string>

#include "hexagon_receptors.hpp"
#include "nitrogen_solver_detail.hpp"
#include "twin/data/error.hpp"
#include "twin/data/standard_names.hpp"
#include "twin/solvers/nitrogen/nitrogen_solver.hpp"
#include "twin/solvers/nitrogen/project_contribution.hpp"

namespace twin::solvers::nitrogen {
namespace {

namespace names = data::names;

const data::Raster<float>& result_layer(const LayerSet& result, std::string_view name,
                                        const data::GridSpec& grid) {
  const auto it = result.find(name);
  if (it == result.end()) {
    throw data::Error(data::ErrorCode::missing_layer,
                      "nitrogen statistics: no result layer '" + std::string(name) + "'");
  }
  const auto* r = std::get_if<data::Raster<float>>(&it->second.raster);
  if (r == nullptr || !r->grid.matches(grid)) {
    throw data::Error(data::ErrorCode::grid_mismatch,
                      "nitrogen statistics: layer '" + std::string(name) +
                          "' is not a float layer on the window's grid");
  }
  return *r;
}

// Exact source-receptor values (contribution(), not the tables) at each receptor row.
nlohmann::json receptor_values(const data::Scenario& scenario, const detail::NitrogenSettings& s) {
  const data::FeatureTable& t = scenario.table(names::receptors);
  const detail::Sources sources = detail::make_sources(scenario, s);
  const data::GridSpec& grid = scenario.grid();
  const auto* lu = scenario.has_layer(names::land_use)
                       ? &scenario.raster<std::uint8_t>(names::land_use)
                       : nullptr;
  const std::vector<std::int64_t>* ids =
      t.has_column(names::receptor_id) ? &t.integers(names::receptor_id) : nullptr;
  const std::vector<std::string>* labels =
      t.has_column(names::receptor_name) ? &t.strings(names::receptor_name) : nullptr;
  const std::size_t n = std::min(t.size(), s.max_receptors);
  // Receptors are independent: in parallel, each summing its emitters in table order into its
  // own slot, so the values do not depend on the thread count.
  std::vector<Receptor> at(n);
  std::vector<std::array<double, 6>> v(n, std::array<double, 6>{});
  tbb::parallel_for(std::size_t{0}, n, [&](std::size_t i) {
    const auto& g = t.geometries()[i];
    if (g.vertices.empty()) return;
    Receptor& rc = at[i];
    rc = Receptor{g.vertices[0].x, g.vertices[0].y, names::LandUse{}};
    const auto cell = grid.cell_at(rc.x, rc.y);
    if (cell && lu != nullptr)
      rc.land_use =
          static_cast<names::LandUse>(detail::land_use_class(lu->at(cell->col, cell->row)));
    for (const detail::Emitter& e : sources.emitters) {
      if (std::hypot(rc.x - e.x, rc.y - e.y) > s.max_distance_m) continue;
      const Contribution c = contribution_from(sources.prepared[e.kind], e.x, e.y, rc);  // 1 g/s
      const std::size_t off = e.substance == Substance::nh3 ? 0 : 3;
      v[i][off] += e.emission * c.concentration;
      v[i][off + 1] += e.emission * c.dry_deposition;
      v[i][off + 2] += e.emission * c.wet_deposition;
    }
  });
  nlohmann::json rows = nlohmann::json::array();
  for (std::size_t i = 0; i < n; ++i) {
    if (t.geometries()[i].vertices.empty()) continue;
    const Receptor& rc = at[i];
    nlohmann::json row;
    if (ids != nullptr) row["id"] = (*ids)[i];
    if (labels != nullptr) row["name"] = (*labels)[i];
    row["x"] = rc.x, row["y"] = rc.y;
    row["land_use"] = static_cast<int>(rc.land_use);
    row["conc_nh3"] = v[i][0], row["dep_dry_nhx"] = v[i][1], row["dep_wet_nhx"] = v[i][2];
    row["conc_nox"] = v[i][3], row["dep_dry_noy"] = v[i][4], row["dep_wet_noy"] = v[i][5];
    row["dep_total_n"] = v[i][1] + v[i][2] + v[i][4] + v[i][5];
    rows.push_back(row);
  }
  return rows;
}

// A run's total deposition for the comparison, checked against the scenario's grid.
const data::Raster<float>& total_deposition(const data::Scenario& run, const data::GridSpec& grid,
                                            const char* which) {
  const data::Layer* layer = run.has_layer("dep_total_n") ? &run.layer("dep_total_n") : nullptr;
  const auto* r = layer != nullptr ? std::get_if<data::Raster<float>>(&layer->raster) : nullptr;
  if (r == nullptr) {
    throw data::Error(data::ErrorCode::missing_layer,
                      std::string("nitrogen comparison: the ") + which +
                          " result has no float layer 'dep_total_n' (not a nitrogen result?)");
  }
  if (!r->grid.matches(grid)) {
    throw data::Error(
        data::ErrorCode::grid_mismatch,
        std::string("nitrogen comparison: the ") + which + " result is not on the scenario's grid");
  }
  return *r;
}

}  // namespace

nlohmann::json NitrogenSolver::compare_statistics(const data::Scenario& scenario,
                                                  const data::Scenario& result,
                                                  const data::Scenario& reference_result,
                                                  const Params& params) const {
  (void)params;
  const data::GridSpec& grid = scenario.grid();
  const auto& after = total_deposition(result, grid, "scenario");
  const auto& before = total_deposition(reference_result, grid, "reference");
  std::optional<data::Raster<float>> kdw;
  if (scenario.has_layer(names::natura2000_kdw))
    kdw = scenario.layer(names::natura2000_kdw).to_float();
  return project_contribution(kdw ? &*kdw : nullptr, after, before);
}

nlohmann::json nitrogen_statistics(const data::Scenario& scenario, const LayerSet& result,
                                   const Params& params, data::Window out) {
  const data::GridSpec grid = scenario.grid().sub_grid(out);
  const data::Raster<float>& total = result_layer(result, "dep_total_n", grid);
  const double cell_ha = grid.cell_area_m2() / 1e4;
  nlohmann::json j;
  j["units"] = {{"deposition", "mol N ha-1 yr-1"}, {"deposited", "mol N yr-1"}, {"area", "ha"}};
  double deposited = 0, max_all = 0;
  for (float v : total.values) {
    deposited += v * cell_ha;
    max_all = std::max(max_all, static_cast<double>(v));
  }
  j["window"] = {{"deposited_mol_n_per_yr", deposited},
                 {"max_deposition", max_all},
                 {"area_ha", total.values.size() * cell_ha}};
  const detail::NitrogenSettings settings = detail::read_settings(params);
  j["emitted_mol_n_per_yr"] = detail::emitted_mol_n_per_yr(scenario, settings);

  if (scenario.has_layer(names::natura2000_kdw)) {
    const data::Raster<float> kdw = scenario.layer(names::natura2000_kdw).to_float();
    double n = 0, sum = 0, mx = 0, above = 0, worst = -std::numeric_limits<double>::infinity();
    for (std::int64_t r = 0; r < grid.ny; ++r) {
      for (std::int64_t c = 0; c < grid.nx; ++c) {
        const float k = kdw.at(c + out.col0, r + out.row0);
        if (!std::isfinite(k)) continue;
        const double v = total.at(c, r);
        n += 1, sum += v, mx = std::max(mx, v);
        if (v > k) above += 1;
        worst = std::max(worst, v - k);
      }
    }
    nlohmann::json h;
    h["cells"] = n;
    h["area_ha"] = n * cell_ha;
    h["deposited_mol_n_per_yr"] = sum * cell_ha;
    h["max_deposition"] = mx;
    h["mean_deposition"] = n > 0 ? sum / n : 0.0;
    // With only this scenario's sources, "above KDW" counts where they alone exceed it; the
    // background deposition is not part of the model.
    h["cells_above_kdw"] = above;
    h["area_above_kdw_ha"] = above * cell_ha;
    h["max_exceedance"] = n > 0 ? worst : 0.0;
    j["natura2000"] = h;
  }
  if (scenario.has_table(names::receptors)) j["receptors"] = receptor_values(scenario, settings);
  if (settings.hexagons != detail::HexagonOutput::none)
    j["hexagons"] = detail::hexagon_values(scenario, settings);
  return j;
}

}  // namespace twin::solvers::nitrogen
