// Project contribution per habitat area: one pass over the cells for the areas' figures, one
// over the AERIUS hexagon centres inside the grid for the hexagon counts (a hexagon takes the
// value of the cell holding its centre).
#include "twin/solvers/nitrogen/project_contribution.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "twin/solvers/nitrogen/aerius_hexagons.hpp"

namespace twin::solvers::nitrogen {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Deposition of one run on a set of habitat cells.
struct RunFigures {
  double sum = 0, max = -kInf, above = 0, worst = -kInf;
  void add(double v, double kdw) {
    sum += v, max = std::max(max, v), worst = std::max(worst, v - kdw);
    if (v > kdw) above += 1;
  }
  nlohmann::json json(double cells, double cell_ha) const {
    return {{"deposited_mol_n_per_yr", sum * cell_ha},
            {"max_deposition", cells > 0 ? max : 0.0},
            {"mean_deposition", cells > 0 ? sum / cells : 0.0},
            {"cells_above_kdw", above},
            {"area_above_kdw_ha", above * cell_ha},
            {"max_exceedance", cells > 0 ? worst : 0.0}};
  }
};

// The change on a set of cells (a habitat area, all habitats, or the window).
struct Change {
  double cells = 0, sum_x = 0, sum_y = 0;
  double kdw_min = kInf, kdw_max = -kInf;
  double max = -kInf, max_x = 0, max_y = 0, min = kInf;
  double increase_cells = 0, hexagons = 0, hexagons_increase = 0;
  RunFigures before, after;

  void add(double x, double y, double contribution) {
    cells += 1, sum_x += x, sum_y += y;
    if (contribution > max) max = contribution, max_x = x, max_y = y;
    min = std::min(min, contribution);
    if (contribution >= kReportingThreshold) increase_cells += 1;
  }
  void add_habitat(double kdw, double scenario, double reference) {
    kdw_min = std::min(kdw_min, kdw), kdw_max = std::max(kdw_max, kdw);
    before.add(reference, kdw), after.add(scenario, kdw);
  }
  nlohmann::json json(double cell_ha, bool habitat, bool with_hexagons) const {
    nlohmann::json j;
    j["cells"] = cells;
    j["area_ha"] = cells * cell_ha;
    j["max_contribution"] = cells > 0 ? max : 0.0;
    if (cells > 0) j["max_contribution_at"] = {max_x, max_y};
    j["max_decrease"] = cells > 0 ? std::max(0.0, -min) : 0.0;
    j["cells_with_increase"] = increase_cells;
    j["area_with_increase_ha"] = increase_cells * cell_ha;
    if (with_hexagons) {
      j["hexagons"] = hexagons;
      j["hexagons_with_increase"] = hexagons_increase;
    }
    if (habitat) {
      if (cells > 0) j["centroid"] = {sum_x / cells, sum_y / cells};
      j["kdw_min"] = cells > 0 ? kdw_min : 0.0;
      j["kdw_max"] = cells > 0 ? kdw_max : 0.0;
      j["reference"] = before.json(cells, cell_ha);
      j["scenario"] = after.json(cells, cell_ha);
    }
    return j;
  }
};

}  // namespace

HabitatAreas habitat_areas(const data::Raster<float>& kdw) {
  const std::int64_t nx = kdw.grid.nx, ny = kdw.grid.ny;
  HabitatAreas areas;
  areas.label.assign(static_cast<std::size_t>(nx * ny), 0);
  std::vector<std::int64_t> stack;
  for (std::int64_t start = 0; start < nx * ny; ++start) {
    if (areas.label[static_cast<std::size_t>(start)] != 0 || !std::isfinite(kdw.values[static_cast<std::size_t>(start)]))
      continue;
    const std::int32_t id = ++areas.count;
    areas.label[static_cast<std::size_t>(start)] = id;
    stack.push_back(start);
    while (!stack.empty()) {
      const std::int64_t i = stack.back();
      stack.pop_back();
      const std::int64_t r = i / nx, c = i % nx;
      for (std::int64_t dr = -1; dr <= 1; ++dr) {
        for (std::int64_t dc = -1; dc <= 1; ++dc) {
          const std::int64_t rr = r + dr, cc = c + dc;
          if (rr < 0 || rr >= ny || cc < 0 || cc >= nx) continue;
          const auto j = static_cast<std::size_t>(rr * nx + cc);
          if (areas.label[j] != 0 || !std::isfinite(kdw.values[j])) continue;
          areas.label[j] = id;
          stack.push_back(rr * nx + cc);
        }
      }
    }
  }
  return areas;
}

nlohmann::json project_contribution(const data::Raster<float>* kdw, const data::Raster<float>& scenario,
                                    const data::Raster<float>& reference) {
  const data::GridSpec& grid = scenario.grid;
  const double cell_ha = grid.cell_area_m2() / 1e4;
  const HabitatAreas areas = kdw != nullptr ? habitat_areas(*kdw) : HabitatAreas{};
  Change window, habitats;
  std::vector<Change> per_area(static_cast<std::size_t>(areas.count));
  for (std::int64_t r = 0; r < grid.ny; ++r) {
    const double y = grid.row_centre_y(r);
    for (std::int64_t c = 0; c < grid.nx; ++c) {
      const auto i = static_cast<std::size_t>(r * grid.nx + c);
      const double s = scenario.values[i], ref = reference.values[i];
      if (!std::isfinite(s) || !std::isfinite(ref)) continue;
      const double x = grid.col_centre_x(c);
      window.add(x, y, s - ref);
      if (kdw == nullptr || areas.label[i] == 0) continue;
      Change& area = per_area[static_cast<std::size_t>(areas.label[i] - 1)];
      for (Change* h : {&area, &habitats}) {
        h->add(x, y, s - ref);
        h->add_habitat(kdw->values[i], s, ref);
      }
    }
  }
  // Hexagons whose centre is in a habitat cell of the grid.
  const double x1 = grid.x0 + static_cast<double>(grid.nx) * grid.cell, y1 = grid.y0;
  const double x0 = grid.x0, y0 = grid.y0 - static_cast<double>(grid.ny) * grid.cell;
  if (kdw != nullptr) {
    for (const hexagons::Hexagon& h : hexagons::centres_in(x0, y0, x1, y1)) {
      const auto cell = grid.cell_at(h.x, h.y);
      if (!cell) continue;
      const auto i = static_cast<std::size_t>(cell->row * grid.nx + cell->col);
      if (areas.label[i] == 0 || !std::isfinite(scenario.values[i]) || !std::isfinite(reference.values[i])) continue;
      const bool increase = scenario.values[i] - reference.values[i] >= kReportingThreshold;
      for (Change* a : {&per_area[static_cast<std::size_t>(areas.label[i] - 1)], &habitats}) {
        a->hexagons += 1;
        if (increase) a->hexagons_increase += 1;
      }
    }
  }

  nlohmann::json j;
  j["units"] = {{"contribution", "mol N ha-1 yr-1"}, {"deposited", "mol N yr-1"}, {"area", "ha"}};
  j["threshold"] = kReportingThreshold;
  j["window"] = window.json(cell_ha, false, false);
  if (kdw != nullptr) {
    j["natura2000"] = habitats.json(cell_ha, true, true);
    nlohmann::json list = nlohmann::json::array();
    for (std::size_t k = 0; k < per_area.size(); ++k) {
      nlohmann::json a = per_area[k].json(cell_ha, true, true);
      a["id"] = static_cast<std::int64_t>(k + 1);
      list.push_back(std::move(a));
    }
    j["habitat_areas"] = std::move(list);
  }
  return j;
}

}  // namespace twin::solvers::nitrogen
