// IMAER sources as feature tables: points and polygons -> nitrogen_sources, roads -> roads.
// The mapping is documented in docs/data.md ("IMAER GML").
#include <array>
#include <cmath>
#include <string>

#include "twin/data/error.hpp"
#include "twin/data/imaer_gml.hpp"
#include "twin/data/standard_names.hpp"

namespace twin::data {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct Centroid {
  double x = 0, y = 0, area = 0;
};

// Shoelace centroid of one closed ring [b, e) (absolute area).
Centroid ring_centroid(const std::vector<Point2>& v, std::size_t b, std::size_t e) {
  double a2 = 0, cx = 0, cy = 0;
  // Relative to the first vertex: RD coordinates are ~1e5 m, their products lose digits.
  const double x0 = v[b].x, y0 = v[b].y;
  for (std::size_t i = b; i + 1 < e; ++i) {
    const double xi = v[i].x - x0, yi = v[i].y - y0, xj = v[i + 1].x - x0, yj = v[i + 1].y - y0;
    const double cross = xi * yj - xj * yi;
    a2 += cross;
    cx += (xi + xj) * cross;
    cy += (yi + yj) * cross;
  }
  if (a2 == 0) return {x0, y0, 0};
  return {x0 + cx / (3 * a2), y0 + cy / (3 * a2), std::abs(a2) / 2};
}

// Area-weighted centroid of the exterior ring minus the holes.
Centroid polygon_centroid(const Geometry& g) {
  Centroid total;
  double sx = 0, sy = 0;
  for (std::size_t r = 0; r < g.ring_starts.size(); ++r) {
    const std::size_t b = g.ring_starts[r];
    const std::size_t e = r + 1 < g.ring_starts.size() ? g.ring_starts[r + 1] : g.vertices.size();
    const Centroid c = ring_centroid(g.vertices, b, e);
    const double sign = r == 0 ? 1.0 : -1.0;
    total.area += sign * c.area;
    sx += sign * c.area * c.x;
    sy += sign * c.area * c.y;
  }
  if (total.area <= 0) {
    total.x = g.vertices.front().x;
    total.y = g.vertices.front().y;
    total.area = 0;
    return total;
  }
  total.x = sx / total.area;
  total.y = sy / total.area;
  return total;
}

double emission(const ImaerSource& s, const char* substance, double missing) {
  auto it = s.emission_kg_yr.find(substance);
  return it == s.emission_kg_yr.end() ? missing : it->second;
}

std::string where(const ImaerSource& s) {
  return (s.line > 0 ? "line " + std::to_string(s.line) + ", " : std::string()) + s.gml_id + " (" +
         s.element + ")";
}

// IMAER standard vehicle groups -> CNOSSOS-EU categories (index into vehicle_categories).
int category_of(const ImaerVehicles& v, const ImaerSource& s) {
  if (v.vehicle_type == "LIGHT_TRAFFIC") return 0;   // cat1
  if (v.vehicle_type == "NORMAL_FREIGHT") return 1;  // cat2 medium heavy
  if (v.vehicle_type == "HEAVY_FREIGHT") return 2;   // cat3 heavy
  if (v.vehicle_type == "AUTO_BUS") return 2;        // buses: CNOSSOS cat3 (three or more axles)
  throw Error(ErrorCode::invalid_value, "IMAER road " + where(s) + ": vehicle type '" +
                                            v.vehicle_type + "' (" + v.element +
                                            ") has no CNOSSOS category; use LIGHT_TRAFFIC, "
                                            "NORMAL_FREIGHT, HEAVY_FREIGHT or AUTO_BUS");
}

// IMAER roadType -> our `kind` and the emission class of road_emission_factors_nl.json.
std::pair<std::string, std::string> kind_and_class(const ImaerSource& s) {
  const std::string& t = s.road_type;
  if (t == "FREEWAY") return {"motorway", "motorway"};
  if (t == "NON_URBAN_ROAD") return {"arterial", "rural"};
  if (t == "URBAN_ROAD_STAGNATING") return {"street", "urban_stagnating"};
  if (t == "URBAN_ROAD_NORMAL") return {"street", "urban_normal"};
  if (t == "URBAN_ROAD_FREE_FLOW") return {"street", "urban_free_flow"};
  // No or an unknown road type: the element says which SRM the road belongs to; the class is
  // then chosen from kind and speed.
  if (s.element == "SRM2Road") return {"motorway", ""};
  if (s.element == "SRM1Road") return {"street", ""};
  return {"arterial", ""};
}

Column real(std::string_view name, std::string units, std::vector<double> v) {
  return {std::string(name), std::move(units), std::move(v)};
}

}  // namespace

FeatureTable imaer_sources_to_table(const ImaerCollection& c) {
  FeatureTable t(GeometryType::point, "nitrogen sources from an IMAER GML file");
  std::vector<std::int64_t> id, sector, diurnal;
  std::vector<std::string> label, imaer_id;
  std::vector<double> h, hc, d, s, ds, vs, ts, nh3, nox;
  for (const auto& src : c.sources) {
    if (src.is_road()) continue;
    double x = src.shape.vertices.front().x, y = src.shape.vertices.front().y, diameter = 0;
    if (src.geometry == GeometryType::polygon) {
      const Centroid ct = polygon_centroid(src.shape);
      x = ct.x;
      y = ct.y;
      diameter =
          std::sqrt(ct.area);  // OPS: a positive diameter is the side of a square area source
    }
    t.geometries().push_back(Geometry{{Point2{x, y}}, {0}});
    id.push_back(static_cast<std::int64_t>(id.size() + 1));
    imaer_id.push_back(src.gml_id);
    label.push_back(src.label.empty() ? src.gml_id : src.label);
    sector.push_back(src.sector);
    diurnal.push_back(0);  // IMAER time profiles are not mapped; OPS code 0 = continuous
    h.push_back(src.height_m);
    hc.push_back(src.heat_mw);
    d.push_back(diameter);
    s.push_back(src.spread_m);
    ds.push_back(src.stack_diameter_m);
    vs.push_back(src.exit_velocity_ms);
    ts.push_back(src.exit_temperature_c);
    nh3.push_back(emission(src, "NH3", 0.0));
    nox.push_back(emission(src, "NOX", 0.0));
  }
  t.set_column({std::string(names::source_id), "", std::move(id)});
  t.set_column({std::string(names::source_label), "", std::move(label)});
  t.set_column({"imaer_id", "", std::move(imaer_id)});
  t.set_column({std::string(names::source_sector), "", std::move(sector)});
  t.set_column(real(names::source_height, "m", std::move(h)));
  t.set_column(real(names::source_heat, "MW", std::move(hc)));
  t.set_column(real(names::source_area_diameter, "m", std::move(d)));
  t.set_column(real(names::source_spread, "m", std::move(s)));
  t.set_column(real(names::source_stack_diameter, "m", std::move(ds)));
  t.set_column(real(names::source_exit_velocity, "m s-1", std::move(vs)));
  t.set_column(real(names::source_exit_temperature, "degC", std::move(ts)));
  t.set_column({std::string(names::source_diurnal), "", std::move(diurnal)});
  t.set_column(real(names::source_nh3, "kg yr-1", std::move(nh3)));
  t.set_column(real(names::source_nox, "kg yr-1", std::move(nox)));
  return t;
}

FeatureTable imaer_roads_to_table(const ImaerCollection& c) {
  FeatureTable t(GeometryType::line, "road sources from an IMAER GML file");
  constexpr std::size_t kCats = names::vehicle_categories.size();
  std::vector<std::int64_t> id, sector;
  std::vector<std::string> name, imaer_id, kind, surface, emission_class;
  std::vector<double> slope, height, nox, nh3, no2;
  std::array<std::vector<double>, kCats> flow, speed, stagnation;
  for (const auto& src : c.sources) {
    if (!src.is_road()) continue;
    t.geometries().push_back(src.shape);
    id.push_back(static_cast<std::int64_t>(id.size() + 1));
    name.push_back(src.label.empty() ? src.gml_id : src.label);
    imaer_id.push_back(src.gml_id);
    sector.push_back(src.sector);
    auto [k, cls] = kind_and_class(src);
    kind.push_back(k);
    emission_class.push_back(cls);
    surface.push_back("DEF");
    slope.push_back(0.0);
    height.push_back(src.height_m);
    nox.push_back(emission(src, "NOX", kNaN));
    nh3.push_back(emission(src, "NH3", kNaN));
    no2.push_back(emission(src, "NO2", kNaN));
    // Per category: vehicles per hour (annual mean), traffic-weighted speed and stagnation.
    std::array<double, kCats> q{}, qv{}, qs{};
    for (const auto& v : src.vehicles) {
      const int cat = category_of(v, src);
      const double per_hour = v.per_hour();
      if (per_hour > 0 && std::isnan(v.max_speed_kmh)) {
        throw Error(
            ErrorCode::invalid_value,
            "IMAER road " + where(src) + ": " + v.vehicle_type +
                " traffic has no maximumSpeed; twinsolve's road table needs a speed per category");
      }
      q[cat] += per_hour;
      qv[cat] += per_hour * (per_hour > 0 ? v.max_speed_kmh : 0.0);
      qs[cat] += per_hour * v.stagnation;
    }
    for (std::size_t cat = 0; cat < kCats; ++cat) {
      flow[cat].push_back(q[cat]);
      speed[cat].push_back(q[cat] > 0 ? qv[cat] / q[cat] : 0.0);
      stagnation[cat].push_back(q[cat] > 0 ? qs[cat] / q[cat] : 0.0);
    }
  }
  t.set_column({std::string(names::road_id), "", std::move(id)});
  t.set_column({std::string(names::road_name), "", std::move(name)});
  t.set_column({std::string(names::road_kind), "", std::move(kind)});
  t.set_column({std::string(names::road_surface), "", std::move(surface)});
  t.set_column(real(names::road_slope, "%", std::move(slope)));
  // IMAER gives one count per time unit, no day/evening/night split: the annual-mean hourly
  // flow goes into all three periods.
  for (std::size_t cat = 0; cat < kCats; ++cat) {
    for (const auto period : names::periods) {
      t.set_column(
          real(names::flow_column(names::vehicle_categories[cat], period), "h-1", flow[cat]));
      t.set_column(
          real(names::speed_column(names::vehicle_categories[cat], period), "km h-1", speed[cat]));
    }
    if (cat < 3)
      t.set_column(
          real("stagnation_" + std::string(names::vehicle_categories[cat]), "1", stagnation[cat]));
  }
  t.set_column({"emission_class", "", std::move(emission_class)});
  t.set_column({"imaer_id", "", std::move(imaer_id)});
  t.set_column({"sector", "", std::move(sector)});
  t.set_column(real("height_m", "m", std::move(height)));
  t.set_column(real("nox_kg_yr", "kg yr-1", std::move(nox)));
  t.set_column(real("nh3_kg_yr", "kg yr-1", std::move(nh3)));
  t.set_column(real("no2_kg_yr", "kg yr-1", std::move(no2)));
  return t;
}

}  // namespace twin::data
