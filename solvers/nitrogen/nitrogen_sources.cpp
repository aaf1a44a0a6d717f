// The scenario's nitrogen sources as emitters of the grid solver: rows checked, area sources
// split into sub-points, and sources of the same kind (height, heat, stack, substance) sharing
// one prepared source and one field table.
#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <map>
#include <numeric>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include <tbb/parallel_for.h>

#include "nitrogen_solver_detail.hpp"
#include "twin/data/error.hpp"
#include "twin/data/standard_names.hpp"
#include "twin/solvers/nitrogen/road_emission.hpp"
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

// Road traffic as ground-level sub-points: each polyline cut into pieces of at most `spacing`,
// a sub-point at the middle of each piece carrying the piece's emission.
void add_roads(Builder& b, const data::Scenario& scenario, const NitrogenSettings& s) {
  const data::FeatureTable& roads = scenario.table(names::roads);
  RoadEmissionFactors factors;
  if (s.road_factors_json.empty()) {
    factors = read_road_emission_factors(default_road_emission_factors_path());
  } else {
    nlohmann::json doc = nlohmann::json::parse(s.road_factors_json, nullptr, false);
    if (doc.is_discarded())
      throw Error(ErrorCode::invalid_argument, "parameter 'road_emission_factors_json': not JSON");
    try {
      factors = parse_road_emission_factors(doc, "road_emission_factors_json");
    } catch (const Error& e) {
      throw Error(ErrorCode::invalid_argument, std::string("parameter 'road_emission_factors_json': ") + e.what());
    }
  }
  const std::vector<RoadEmission> e = road_emissions(roads, factors);
  for (std::size_t i = 0; i < roads.size(); ++i) {
    const auto& v = roads.geometries()[i].vertices;
    for (const Substance sub : {Substance::nh3, Substance::nox}) {
      const bool nh = sub == Substance::nh3;
      const double per_m = nh ? e[i].nh3_g_per_s_m : e[i].nox_g_per_s_m;
      if (!(per_m > 0) || !(nh ? s.nh3 : s.nox)) continue;
      PointSource p;
      p.height = s.road_height_m;
      p.substance = sub;
      p.path_land_use = s.path_land_use;
      p.conversion_percent_per_hour = nh ? s.nh3_conversion : s.nox_conversion;
      p.emission = 1.0;
      const std::uint32_t k = b.kind(p);
      for (std::size_t j = 1; j < v.size(); ++j) {
        const double dx = v[j].x - v[j - 1].x, dy = v[j].y - v[j - 1].y;
        const double len = std::hypot(dx, dy);
        if (!(len > 0)) continue;
        const int pieces = std::max(1, static_cast<int>(std::ceil(len / s.road_spacing_m)));
        const double q = per_m * len / pieces;
        for (int m = 0; m < pieces; ++m) {
          const double t = (m + 0.5) / pieces;
          b.out.emitters.push_back({v[j - 1].x + t * dx, v[j - 1].y + t * dy, q, k, sub});
        }
        b.out.emitted_mol_n_per_yr += per_m * len * seconds_per_year / 1000.0 *
                                       (nh ? mol_n_per_kg_nh3 : mol_n_per_kg_nox);
      }
    }
  }
}

double column_or(const data::FeatureTable& t, std::string_view name, std::size_t row, double def) {
  return t.has_column(name) ? t.doubles(name)[row] : def;
}

void add_table_sources(Builder& b, const data::FeatureTable& t, const NitrogenSettings& settings) {
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
}

// One prepared source per kind, at 1 g/s: the emitter's emission multiplies its field. In
// parallel (a province has thousands of kinds, each farm its own height); the error of the
// first failing kind in table order is the one reported, whatever the thread count.
void prepare_kinds(Builder& b, const NitrogenSettings& settings) {
  const std::size_t n = b.out.kinds.size();
  b.out.prepared.resize(n);
  std::vector<std::optional<Error>> failed(n);
  tbb::parallel_for(std::size_t{0}, n, [&](std::size_t i) {
    PointSource unit = b.out.kinds[i];
    unit.emission = 1.0;
    try {
      b.out.prepared[i] = prepare_source(unit, settings.climate, settings.options);
    } catch (const Error& e) {
      failed[i].emplace(e.code(), "nitrogen: a source of height " + std::to_string(unit.height) + " m and " +
                                      std::to_string(unit.heat_mw) + " MW: " + e.what());
    }
  });
  for (const auto& f : failed)
    if (f) throw *f;
}

// The emitters and their kinds, the kinds not yet prepared.
Builder collect_sources(const data::Scenario& scenario, const NitrogenSettings& settings) {
  Builder b{settings, {}, {}};
  const bool with_roads = settings.roads && settings.sectors.empty() && scenario.has_table(names::roads);
  if (!scenario.has_table(names::nitrogen_sources) && !with_roads) {
    throw Error(ErrorCode::missing_table,
                "nitrogen: the scenario has no '" + std::string(names::nitrogen_sources) + "' table" +
                    (settings.roads ? " and no roads" : ""));
  }
  if (with_roads) add_roads(b, scenario, settings);
  if (scenario.has_table(names::nitrogen_sources)) add_table_sources(b, scenario.table(names::nitrogen_sources), settings);
  return b;
}

}  // namespace

Sources make_sources(const data::Scenario& scenario, const NitrogenSettings& settings) {
  Builder b = collect_sources(scenario, settings);
  prepare_kinds(b, settings);
  return std::move(b.out);
}

double emitted_mol_n_per_yr(const data::Scenario& scenario, const NitrogenSettings& settings) {
  return collect_sources(scenario, settings).out.emitted_mol_n_per_yr;
}

EmittersByKind group_by_kind(const Sources& sources) {
  EmittersByKind g;
  g.order.resize(sources.emitters.size());
  std::iota(g.order.begin(), g.order.end(), 0u);
  std::stable_sort(g.order.begin(), g.order.end(), [&](std::uint32_t a, std::uint32_t b) {
    return sources.emitters[a].kind < sources.emitters[b].kind;
  });
  g.first.assign(sources.prepared.size() + 1, 0);
  for (const Emitter& e : sources.emitters) ++g.first[e.kind + 1];
  std::partial_sum(g.first.begin(), g.first.end(), g.first.begin());
  return g;
}

std::vector<std::uint32_t> emitters_of_chunk(const EmittersByKind& by_kind, std::size_t k0,
                                             std::size_t k1) {
  std::vector<std::uint32_t> list(
      by_kind.order.begin() + static_cast<std::ptrdiff_t>(by_kind.first[k0]),
      by_kind.order.begin() + static_cast<std::ptrdiff_t>(by_kind.first[k1]));
  std::sort(list.begin(), list.end());
  return list;
}

std::size_t kinds_per_chunk(double radius, std::size_t budget) {
  const auto nodes =
      static_cast<std::size_t>(std::ceil(std::log(std::max(radius, 1.0)) / field_table_step)) + 1;
  const std::size_t table_bytes = nodes * wind_sectors * land_use_classes * 4 * sizeof(float);
  return std::max<std::size_t>(1, budget / table_bytes);
}

}  // namespace twin::solvers::nitrogen::detail
