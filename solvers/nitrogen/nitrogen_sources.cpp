// The scenario's nitrogen sources as emitters of the grid solver: rows checked, area sources
// split into sub-points, and sources of the same kind (height, heat, stack, substance) sharing
// one prepared source and one field table.
#include <cmath>
#include <map>
#include <string>
#include <tuple>

#include "nitrogen_solver_detail.hpp"
#include "twin/data/error.hpp"
#include "twin/data/standard_names.hpp"
#include "twin/solvers/nitrogen/units.hpp"

namespace twin::solvers::nitrogen::detail {
namespace {

namespace names = data::names;
using data::Error;
using data::ErrorCode;

// NaN ("unknown") as a key value.
double key_of(double v) { return std::isnan(v) ? -1.0 : v; }

struct Builder {
  const NitrogenSettings& settings;
  Sources out;
  std::map<std::tuple<double, double, double, double, int>, std::uint32_t> kind_index;

  std::uint32_t kind(const PointSource& p) {
    const auto key = std::make_tuple(p.height, p.heat_mw, key_of(p.stack_diameter),
                                     key_of(p.exit_velocity), static_cast<int>(p.substance));
    const auto [it, added] = kind_index.emplace(key, static_cast<std::uint32_t>(out.kinds.size()));
    if (added) out.kinds.push_back(p);
    return it->second;
  }

  // The emission spread evenly over the lattice points (spacing `step`) inside the disc, or the
  // centre alone when the disc is smaller than one step.
  void add(const PointSource& p, double diameter) {
    const std::uint32_t k = kind(p);
    const double mol = p.emission * seconds_per_year / 1000.0 *
                       (p.substance == Substance::nh3 ? mol_n_per_kg_nh3 : mol_n_per_kg_nox);
    out.emitted_mol_n_per_yr += mol;
    const double r = diameter / 2.0;
    const double step = settings.area_spacing_m;
    if (r < step) {
      out.emitters.push_back({p.x, p.y, p.emission, k, p.substance});
      return;
    }
    const int n = static_cast<int>(std::floor(r / step));
    std::vector<std::pair<double, double>> pts;
    // Cell centres of a lattice centred on the source: (i + 0.5) step keeps the pattern
    // symmetric about both axes.
    for (int i = -n - 1; i <= n; ++i) {
      for (int j = -n - 1; j <= n; ++j) {
        const double dx = (i + 0.5) * step, dy = (j + 0.5) * step;
        if (dx * dx + dy * dy <= r * r) pts.emplace_back(dx, dy);
      }
    }
    const double share = p.emission / static_cast<double>(pts.size());
    for (const auto& [dx, dy] : pts) out.emitters.push_back({p.x + dx, p.y + dy, share, k, p.substance});
  }
};

double column_or(const data::FeatureTable& t, std::string_view name, std::size_t row, double def) {
  return t.has_column(name) ? t.doubles(name)[row] : def;
}

}  // namespace

Sources make_sources(const data::Scenario& scenario, const NitrogenSettings& settings) {
  Builder b{settings, {}, {}};
  if (!scenario.has_table(names::nitrogen_sources)) {
    throw Error(ErrorCode::missing_table,
                "nitrogen: the scenario has no '" + std::string(names::nitrogen_sources) + "' table");
  }
  const data::FeatureTable& t = scenario.table(names::nitrogen_sources);
  if (t.geometry_type() != data::GeometryType::point) {
    throw Error(ErrorCode::invalid_value, "nitrogen: 'nitrogen_sources' must hold points");
  }
  const auto& height = t.doubles(names::source_height);
  const auto& nh3 = t.doubles(names::source_nh3);
  const auto& nox = t.doubles(names::source_nox);
  const std::vector<std::int64_t>* sector =
      t.has_column(names::source_sector) ? &t.integers(names::source_sector) : nullptr;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const std::string row = "nitrogen_sources row " + std::to_string(i);
    const auto bad = [&](std::string_view column, double v, std::string_view what) {
      throw Error(ErrorCode::invalid_value, "nitrogen: " + row + ": " + std::string(column) + " = " +
                                                std::to_string(v) + " " + std::string(what));
    };
    if (!settings.sectors.empty() && (sector == nullptr || !settings.sectors.contains((*sector)[i]))) continue;
    const auto& g = t.geometries()[i];
    if (g.vertices.empty()) throw Error(ErrorCode::invalid_value, "nitrogen: " + row + " has no position");
    PointSource p;
    p.x = g.vertices[0].x;
    p.y = g.vertices[0].y;
    if (!std::isfinite(p.x) || !std::isfinite(p.y)) throw Error(ErrorCode::invalid_value, "nitrogen: " + row + ": position is not finite");
    p.height = height[i];
    if (!(p.height >= 0 && p.height <= 1000)) bad(names::source_height, p.height, "is outside 0..1000 m");
    p.heat_mw = column_or(t, names::source_heat, i, 0.0);
    if (!(p.heat_mw >= 0 && p.heat_mw <= 1e4)) bad(names::source_heat, p.heat_mw, "is outside 0..10000 MW");
    p.stack_diameter = column_or(t, names::source_stack_diameter, i, unknown);
    p.exit_velocity = column_or(t, names::source_exit_velocity, i, unknown);
    if (p.stack_diameter < 0 || std::isinf(p.stack_diameter)) bad(names::source_stack_diameter, p.stack_diameter, "must be >= 0 (NaN = unknown)");
    if (p.exit_velocity < 0 || std::isinf(p.exit_velocity)) bad(names::source_exit_velocity, p.exit_velocity, "must be >= 0 (NaN = unknown)");
    const double diameter = column_or(t, names::source_area_diameter, i, 0.0);
    if (!(diameter >= 0 && diameter <= 1e4)) bad(names::source_area_diameter, diameter, "is outside 0..10000 m");
    p.path_land_use = settings.path_land_use;
    for (const Substance s : {Substance::nh3, Substance::nox}) {
      const bool nh = s == Substance::nh3;
      const double kg = nh ? nh3[i] : nox[i];
      if (!(kg >= 0) || std::isinf(kg)) bad(nh ? names::source_nh3 : names::source_nox, kg, "must be a finite number >= 0");
      if (kg == 0 || !(nh ? settings.nh3 : settings.nox)) continue;
      PointSource q = p;
      q.substance = s;
      q.emission = kg_per_year_to_g_per_s(kg);
      q.conversion_percent_per_hour = nh ? settings.nh3_conversion : settings.nox_conversion;
      b.add(q, diameter);
    }
  }
  // One prepared source per kind, at 1 g/s: the emitter's emission multiplies its field.
  for (const PointSource& k : b.out.kinds) {
    PointSource unit = k;
    unit.emission = 1.0;
    try {
      b.out.prepared.push_back(prepare_source(unit, settings.climate, settings.options));
    } catch (const Error& e) {
      throw Error(e.code(), "nitrogen: a source of height " + std::to_string(k.height) + " m and " +
                                std::to_string(k.heat_mw) + " MW: " + e.what());
    }
  }
  return std::move(b.out);
}

}  // namespace twin::solvers::nitrogen::detail
