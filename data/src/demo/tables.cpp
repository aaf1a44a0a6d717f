// Roads and nitrogen sources of the demo scenario as standard feature tables: every column
// of standard_names.hpp, with units.
#include "demo/tables.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace twin::data::demo {
namespace {

std::string kind_name(RoadKind k) {
  switch (k) {
    case RoadKind::motorway: return "motorway";
    case RoadKind::arterial: return "arterial";
    case RoadKind::street: return "street";
  }
  return "street";
}

// Hourly flow of one vehicle category in one period.
double flow(const Traffic& t, std::size_t cat, std::size_t period, double scale) {
  const std::array<double, 3> light = {1.0, t.evening, t.night};
  const std::array<double, 3> heavy = {1.0, t.evening, t.night_heavy};
  const double q = t.day * scale;
  switch (cat) {
    case 0: return q * (1.0 - t.heavy - t.moped - t.motorcycle) * light[period];
    case 1: return q * t.heavy * t.medium_of_heavy * heavy[period];
    case 2: return q * t.heavy * (1.0 - t.medium_of_heavy) * heavy[period];
    case 3: return q * t.moped * light[period];
    default: return q * t.motorcycle * light[period];
  }
}

// Mean speed of one category in one period: trucks are capped at their limit, mopeds at 45 km/h.
double speed(const Traffic& t, std::size_t cat, std::size_t period) {
  const double light = period == 0 ? t.v_light_day : t.v_light_night;
  switch (cat) {
    case 1:
    case 2: return std::min(t.v_heavy, light);
    case 3: return std::min(light, 45.0);
    default: return light;
  }
}

// Gradient along the segment from the smooth terrain, capped at 6 % (roads are graded).
double slope_pct(const Plan& plan, const RoadSeg& r) {
  const double len = distance(r.a, r.b);
  if (len <= 0.0) return 0.0;
  const double dz = base_terrain(plan, r.b) - base_terrain(plan, r.a);
  return std::clamp(100.0 * dz / len, -6.0, 6.0);
}

Column doubles(std::string name, std::string units, std::vector<double> v) {
  return Column{std::move(name), std::move(units), std::move(v)};
}

}  // namespace

FeatureTable make_roads_table(const Plan& plan, Vec origin) {
  FeatureTable t(GeometryType::line,
                 "Synthetic road network: motorway carriageways, provincial roads, polder roads and town streets "
                 "split at junctions; hourly traffic per CNOSSOS-EU category and period (day 07-19, evening 19-23, "
                 "night 23-07)");
  const std::size_t n = plan.roads.size();
  std::vector<std::int64_t> ids(n);
  std::vector<std::string> names(n), kinds(n), surfaces(n);
  std::vector<double> slopes(n);
  std::vector<std::vector<double>> q(15, std::vector<double>(n)), v(15, std::vector<double>(n));
  for (std::size_t k = 0; k < n; ++k) {
    const RoadSeg& r = plan.roads[k];
    t.geometries().push_back(Geometry{{{origin.u + r.a.u, origin.v + r.a.v}, {origin.u + r.b.u, origin.v + r.b.v}}});
    ids[k] = static_cast<std::int64_t>(k) + 1;
    names[k] = r.name;
    kinds[k] = kind_name(r.kind);
    surfaces[k] = r.surface;
    slopes[k] = slope_pct(plan, r);
    // Counts vary a little from segment to segment along a road (junctions, entries and exits).
    const double scale = 0.9 + 0.2 * unit(plan.seed, Salt::road, static_cast<std::int64_t>(k), 7);
    for (std::size_t c = 0; c < 5; ++c) {
      for (std::size_t p = 0; p < 3; ++p) {
        q[c * 3 + p][k] = flow(r.traffic, c, p, scale);
        v[c * 3 + p][k] = speed(r.traffic, c, p);
      }
    }
  }
  t.set_column(Column{std::string(names::road_id), "", std::move(ids)});
  t.set_column(Column{std::string(names::road_name), "", std::move(names)});
  t.set_column(Column{std::string(names::road_kind), "", std::move(kinds)});
  t.set_column(Column{std::string(names::road_surface), "", std::move(surfaces)});
  t.set_column(doubles(std::string(names::road_slope), "%", std::move(slopes)));
  for (std::size_t c = 0; c < 5; ++c) {
    for (std::size_t p = 0; p < 3; ++p) {
      const auto cat = names::vehicle_categories[c], period = names::periods[p];
      t.set_column(doubles(names::flow_column(cat, period), "h-1", std::move(q[c * 3 + p])));
    }
  }
  for (std::size_t c = 0; c < 5; ++c) {
    for (std::size_t p = 0; p < 3; ++p) {
      const auto cat = names::vehicle_categories[c], period = names::periods[p];
      t.set_column(doubles(names::speed_column(cat, period), "km h-1", std::move(v[c * 3 + p])));
    }
  }
  return t;
}

namespace {

// One row of the sources table.
struct SourceRow {
  Vec pos;
  std::string label;
  std::int64_t sector = 0, diurnal = 0;
  double height = 0, heat = 0, spread = 0, nh3 = 0, nox = 0;
  double diameter = std::numeric_limits<double>::quiet_NaN();
  double velocity = std::numeric_limits<double>::quiet_NaN();
  double temperature = std::numeric_limits<double>::quiet_NaN();
};

std::string farm_label(FarmKind k) {
  switch (k) {
    case FarmKind::dairy: return "dairy farm";
    case FarmKind::pigs: return "pig farm";
    case FarmKind::poultry: return "poultry farm";
    case FarmKind::mixed: return "mixed farm";
  }
  return "farm";
}

// Sector codes as AERIUS's sector list: 1800 industry (other), 4110 agriculture, animal
// housing. Diurnal variation codes as OPS: 0 continuous, 4 animal housing.
std::vector<SourceRow> source_rows(const Plan& plan) {
  std::vector<SourceRow> rows;
  const Stack& s = plan.stack;
  SourceRow stack;
  stack.pos = plan.site.stack;
  stack.label = "industrial stack";
  stack.sector = 1800;
  stack.height = s.height;
  stack.heat = s.heat_mw;
  stack.nox = s.nox_kg;
  stack.diameter = s.diameter;
  stack.velocity = s.velocity;
  stack.temperature = s.temperature_c;
  rows.push_back(stack);
  for (const Farm& f : plan.farms) {
    SourceRow r;
    r.pos = f.pos;
    r.label = farm_label(f.kind);
    r.sector = 4110;
    r.diurnal = 4;
    r.height = f.height;
    r.spread = f.height / 2.0;  // vents spread over the stable's height
    r.nh3 = f.nh3_kg;
    r.nox = f.nox_kg;
    rows.push_back(std::move(r));
  }
  return rows;
}

template <class T, class F>
std::vector<T> column_of(const std::vector<SourceRow>& rows, F get) {
  std::vector<T> out;
  out.reserve(rows.size());
  for (const SourceRow& r : rows) out.push_back(get(r));
  return out;
}

}  // namespace

FeatureTable make_sources_table(const Plan& plan, Vec origin) {
  FeatureTable t(GeometryType::point,
                 "Synthetic nitrogen sources: livestock farms (NH3 from animal housing) and one industrial stack "
                 "(NOx with heat content); emissions per year, OPS source parameters");
  const std::vector<SourceRow> rows = source_rows(plan);
  for (const SourceRow& r : rows) t.geometries().push_back(Geometry{{{origin.u + r.pos.u, origin.v + r.pos.v}}});
  std::int64_t next_id = 0;
  t.set_column(Column{std::string(names::source_id), "", column_of<std::int64_t>(rows, [&](const SourceRow&) {
                        return ++next_id;
                      })});
  t.set_column(Column{std::string(names::source_label), "", column_of<std::string>(rows, [](const SourceRow& r) {
                        return r.label;
                      })});
  t.set_column(Column{std::string(names::source_sector), "", column_of<std::int64_t>(rows, [](const SourceRow& r) {
                        return r.sector;
                      })});
  const auto real = [&](std::string_view name, std::string units, double SourceRow::*field) {
    t.set_column(doubles(std::string(name), std::move(units),
                         column_of<double>(rows, [field](const SourceRow& r) { return r.*field; })));
  };
  real(names::source_height, "m", &SourceRow::height);
  real(names::source_heat, "MW", &SourceRow::heat);
  t.set_column(doubles(std::string(names::source_area_diameter), "m", std::vector<double>(rows.size(), 0.0)));
  real(names::source_spread, "m", &SourceRow::spread);
  real(names::source_stack_diameter, "m", &SourceRow::diameter);
  real(names::source_exit_velocity, "m s-1", &SourceRow::velocity);
  real(names::source_exit_temperature, "degC", &SourceRow::temperature);
  t.set_column(Column{std::string(names::source_diurnal), "", column_of<std::int64_t>(rows, [](const SourceRow& r) {
                        return r.diurnal;
                      })});
  real(names::source_nh3, "kg yr-1", &SourceRow::nh3);
  real(names::source_nox, "kg yr-1", &SourceRow::nox);
  return t;
}

}  // namespace twin::data::demo
