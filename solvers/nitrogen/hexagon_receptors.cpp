// Point evaluation at hexagon centres: each centre sums its emitters from the kind's tabulated
// field with the land-use class of the cell holding it, as a grid cell does
// (nitrogen_solver.cpp), so a centre that coincides with a cell centre gets that cell's value
// (to rounding: the centre sums kind by kind, the cell in table order). Centres are independent, so
// they run in parallel, each into its own slot.
#include "hexagon_receptors.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <optional>
#include <string>

#include "twin/data/error.hpp"
#include "twin/data/standard_names.hpp"
#include "twin/solvers/nitrogen/aerius_hexagons.hpp"
#include "twin/solvers/nitrogen/field_table.hpp"

namespace twin::solvers::nitrogen::detail {
namespace {

namespace names = data::names;

struct Site {
  hexagons::Hexagon hexagon;
  int land_use = 0;
  float kdw = std::numeric_limits<float>::quiet_NaN();
};

std::vector<Site> sites(const data::Scenario& scenario, const NitrogenSettings& s) {
  const data::GridSpec& grid = scenario.grid();
  const auto& lu = scenario.raster<std::uint8_t>(names::land_use);
  std::optional<data::Raster<float>> kdw;
  if (scenario.has_layer(names::natura2000_kdw))
    kdw = scenario.layer(names::natura2000_kdw).to_float();
  if (s.hexagons == HexagonOutput::habitats && !kdw) return {};
  const double x1 = grid.x0 + static_cast<double>(grid.nx) * grid.cell;
  const double y0 = grid.y0 - static_cast<double>(grid.ny) * grid.cell;
  std::vector<Site> out;
  for (const hexagons::Hexagon& h : hexagons::centres_in(grid.x0, y0, x1, grid.y0)) {
    const auto cell = grid.cell_at(h.x, h.y);
    if (!cell) continue;  // on the grid's east or south edge
    Site site{h, land_use_class(lu.at(cell->col, cell->row))};
    if (kdw) site.kdw = kdw->at(cell->col, cell->row);
    if (s.hexagons == HexagonOutput::habitats && !std::isfinite(site.kdw)) continue;
    out.push_back(site);
    if (out.size() > s.max_hexagons) {
      throw data::Error(data::ErrorCode::invalid_argument,
                        "parameter 'hexagons': more than max_hexagons = " +
                            std::to_string(s.max_hexagons) + " hexagon centres in the " +
                            (s.hexagons == HexagonOutput::all ? "grid" : "habitats") +
                            "; raise max_hexagons or use hexagons=habitats/none");
    }
  }
  return out;
}

}  // namespace

nlohmann::json hexagon_values(const data::Scenario& scenario, const NitrogenSettings& s) {
  nlohmann::json rows = nlohmann::json::array();
  if (s.hexagons == HexagonOutput::none) return rows;
  const std::vector<Site> at = sites(scenario, s);
  if (at.empty()) return rows;
  const Sources sources = make_sources(scenario, s);
  // Kinds a chunk at a time, so that at most s.table_budget_bytes of tables exist at once; each
  // chunk's emitters in table order, as exact mode adds them.
  const std::size_t kinds = sources.prepared.size();
  const EmittersByKind by_kind = group_by_kind(sources);
  const std::size_t per_chunk = kinds_per_chunk(s.max_distance_m, s.table_budget_bytes);

  std::vector<std::array<double, 6>> v(at.size(), std::array<double, 6>{});
  for (std::size_t k0 = 0; k0 < kinds; k0 += per_chunk) {
    const std::size_t k1 = std::min(kinds, k0 + per_chunk);
    std::vector<FieldTable> tables(k1 - k0);
    tbb::parallel_for(k0, k1, [&](std::size_t k) {
      tables[k - k0] = tabulate_field(sources.prepared[k], s.max_distance_m);
    });
    const std::vector<std::uint32_t> chunk = emitters_of_chunk(by_kind, k0, k1);
    tbb::parallel_for(std::size_t{0}, at.size(), [&](std::size_t i) {
      const Site& site = at[i];
      for (const std::uint32_t index : chunk) {
        const Emitter& e = sources.emitters[index];
        const FieldValue f = lookup_field(tables[e.kind - k0], site.hexagon.x - e.x,
                                          site.hexagon.y - e.y, site.land_use);
        const std::size_t off = e.substance == Substance::nh3 ? 0 : 3;
        v[i][off] += e.emission * f.concentration;
        v[i][off + 1] += e.emission * f.dry_deposition;
        v[i][off + 2] += e.emission * f.wet_deposition;
      }
    });
  }
  for (std::size_t i = 0; i < at.size(); ++i) {
    nlohmann::json row;
    row["id"] = at[i].hexagon.id;
    row["x"] = at[i].hexagon.x, row["y"] = at[i].hexagon.y;
    row["land_use"] = at[i].land_use;
    if (std::isfinite(at[i].kdw)) row["kdw"] = at[i].kdw;
    row["conc_nh3"] = v[i][0], row["dep_dry_nhx"] = v[i][1], row["dep_wet_nhx"] = v[i][2];
    row["conc_nox"] = v[i][3], row["dep_dry_noy"] = v[i][4], row["dep_wet_noy"] = v[i][5];
    row["dep_total_n"] = v[i][1] + v[i][2] + v[i][4] + v[i][5];
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace twin::solvers::nitrogen::detail
