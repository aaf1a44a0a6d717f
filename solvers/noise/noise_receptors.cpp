// Optional receiver points of the noise solver: the scenario's `receptors` table, each row a
// receiver at its own height (column height_m) or at the solver's receiver height, computed
// exactly as a grid cell is (receiver_energy(): the same sources, profiles and paths), so a
// point at a cell centre gets that cell's level, except that with reflections a point within
// kOwnFacadeM of a façade does not hear that façade's reflection (a façade level, incident
// sound only). The values go into the statistics, as the nitrogen solver reports its
// receptors.
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <variant>

#include "noise_solver_detail.hpp"
#include "twin/data/error.hpp"
#include "twin/data/standard_names.hpp"
#include "twin/solvers/noise/emission.hpp"

namespace twin::solvers::noise::detail {
namespace {

namespace names = data::names;

constexpr double kMaxReceptorHeightM = 200.0;  // a tall tower's top floor; above: a unit error

// The height_m column as doubles (NaN = not given); int64 columns are accepted too.
std::vector<double> heights(const data::FeatureTable& t) {
  std::vector<double> h(t.size(), std::nan(""));
  if (!t.has_column(names::receptor_height)) return h;
  const data::ColumnValues& v = t.column(names::receptor_height).values;
  if (const auto* d = std::get_if<std::vector<double>>(&v)) return *d;
  if (const auto* i = std::get_if<std::vector<std::int64_t>>(&v)) {
    for (std::size_t k = 0; k < i->size(); ++k) h[k] = static_cast<double>((*i)[k]);
    return h;
  }
  throw data::Error(data::ErrorCode::invalid_value,
                    "noise: table 'receptors' column 'height_m' must hold numbers (m above the terrain)");
}

double level(double energy) { return energy > 0 ? 10.0 * std::log10(energy) : -1e9; }
// As on the grid: levels below 0 dB(A) are reported as 0.
double floor0(double l) { return std::max(0.0, l); }

}  // namespace

std::vector<ReceptorPoint> read_receptors(const data::Scenario& scenario, const NoiseSettings& s,
                                          const Terrain& terrain) {
  std::vector<ReceptorPoint> out;
  if (!scenario.has_table(names::receptors)) return out;
  const data::FeatureTable& t = scenario.table(names::receptors);
  if (t.geometry_type() != data::GeometryType::point) {
    throw data::Error(data::ErrorCode::invalid_argument, "noise: table 'receptors' must hold points");
  }
  const std::vector<double> h = heights(t);
  const data::GridSpec& grid = scenario.grid();
  const auto& dtm = scenario.raster<float>(names::dtm);
  const auto& building = scenario.raster<float>(names::building_height);
  const std::size_t n = std::min(t.size(), s.max_receptors);
  for (std::size_t row = 0; row < n; ++row) {
    const auto bad = [row](const std::string& what) {
      return data::Error(data::ErrorCode::invalid_value,
                         "noise: table 'receptors' row " + std::to_string(row) + ": " + what);
    };
    const data::Geometry& g = t.geometries()[row];
    if (g.vertices.size() != 1) throw bad("a receptor must be one point");
    ReceptorPoint p;
    p.row = row;
    p.x = g.vertices[0].x;
    p.y = g.vertices[0].y;
    if (!std::isfinite(p.x) || !std::isfinite(p.y)) throw bad("coordinates are not finite");
    const auto cell = grid.cell_at(p.x, p.y);
    if (!cell) throw bad("the point lies outside the scenario grid");
    p.height = std::isnan(h[row]) ? s.receiver_height_m : h[row];
    if (!(p.height > 0 && p.height <= kMaxReceptorHeightM)) {
      throw bad("height_m must lie in (0, 200] m above the terrain, got " + std::to_string(h[row]));
    }
    // The receiver stands on the terrain interpolated as the profiles interpolate it (at a
    // cell centre: the cell's own value, as for the grid's receivers); next to unknown
    // terrain, on its cell's value.
    double zg = terrain.elevation(p.x, p.y);
    if (!std::isfinite(zg)) zg = dtm.at(cell->col, cell->row);
    if (!std::isfinite(zg)) throw bad("the terrain (dtm) is unknown at the point");
    p.z = zg + p.height;
    p.in_building = building.at(cell->col, cell->row) > 0.0f;
    out.push_back(p);
  }
  return out;
}

nlohmann::json receptor_levels(const data::Scenario& scenario, const NoiseSettings& s) {
  nlohmann::json rows = nlohmann::json::array();
  if (!scenario.has_table(names::receptors)) return rows;
  const Terrain terrain = make_terrain(scenario, s);
  const std::vector<ReceptorPoint> points = read_receptors(scenario, s, terrain);
  const Sources sources = make_sources(scenario, s);
  const Facades facades = make_facades(scenario, s);
  const Scene scene{terrain, sources, facades, s};
  Atmosphere atmosphere;
  atmosphere.temperature_c = s.temperature_c;
  atmosphere.humidity_percent = s.humidity_pct;
  // Each receptor alone (no blocks: receptors are scattered), in parallel; results per index.
  std::vector<ReceiverResult> results(points.size());
  tbb::enumerable_thread_specific<Scratch> scratch(Scratch{atmosphere});
  tbb::parallel_for(std::size_t{0}, points.size(), [&](std::size_t k) {
    const ReceptorPoint& p = points[k];
    if (!p.in_building) results[k] = receiver_energy(scene, p.x, p.y, p.z, scratch.local(), kOwnFacadeM);
  });
  const data::FeatureTable& t = scenario.table(names::receptors);
  const auto* ids = t.has_column(names::receptor_id) ? &t.integers(names::receptor_id) : nullptr;
  const auto* labels = t.has_column(names::receptor_name) ? &t.strings(names::receptor_name) : nullptr;
  for (std::size_t k = 0; k < points.size(); ++k) {
    const ReceptorPoint& p = points[k];
    nlohmann::json row;
    if (ids != nullptr) row["id"] = (*ids)[p.row];
    if (labels != nullptr) row["name"] = (*labels)[p.row];
    row["x"] = p.x, row["y"] = p.y, row["height_m"] = p.height;
    if (p.in_building) {
      // As on the grid, a point inside a building has no level; a façade point belongs in
      // front of the façade (a receptor table drawn on building outlines shows up here).
      for (const char* name : {"lday", "levening", "lnight", "lden"}) row[name] = nullptr;
      row["note"] = "inside a building cell: no level (place the point in front of the facade)";
    } else {
      const ReceiverResult& r = results[k];
      const double ld = level(r.energy[0]), le = level(r.energy[1]), ln = level(r.energy[2]);
      row["lday"] = floor0(ld), row["levening"] = floor0(le), row["lnight"] = floor0(ln);
      row["lden"] = floor0(lden(ld, le, ln));
      row["paths"] = r.paths;
    }
    rows.push_back(row);
  }
  return rows;
}

}  // namespace twin::solvers::noise::detail
