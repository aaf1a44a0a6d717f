// Road emissions from traffic: vehicles per hour x g per vehicle-km, averaged over the day,
// evening and night periods (docs/models/nitrogen.md, "Road emissions").
#include "twin/solvers/nitrogen/road_emission.hpp"

#include <cmath>
#include <sstream>

#include "twin/data/error.hpp"
#include "twin/data/standard_names.hpp"
#include "twin/solvers/nitrogen/units.hpp"

namespace twin::solvers::nitrogen {
namespace {

namespace names = data::names;
constexpr std::size_t kCats = names::vehicle_categories.size();
constexpr std::size_t kPeriods = names::periods.size();
// q [1/h] x EF [g/km] -> g/s per metre: / 1000 m/km / 3600 s/h.
constexpr double per_hour_g_per_km_to_g_per_s_m = 1.0 / (1000.0 * 3600.0);

// The columns one evaluation needs, looked up once per table.
struct RoadColumns {
  const std::vector<std::string>* kind = nullptr;
  const std::vector<std::string>* emission_class = nullptr;                     // optional
  std::array<std::array<const std::vector<double>*, kPeriods>, kCats> flow{};   // null = no traffic
  std::array<std::array<const std::vector<double>*, kPeriods>, kCats> speed{};  // null = absent
};

RoadColumns resolve(const data::FeatureTable& roads) {
  RoadColumns c;
  c.kind = &roads.strings(names::road_kind);
  if (roads.has_column("emission_class")) c.emission_class = &roads.strings("emission_class");
  for (std::size_t i = 0; i < kCats; ++i) {
    for (std::size_t p = 0; p < kPeriods; ++p) {
      const auto q = names::flow_column(names::vehicle_categories[i], names::periods[p]);
      const auto v = names::speed_column(names::vehicle_categories[i], names::periods[p]);
      if (roads.has_column(q)) c.flow[i][p] = &roads.doubles(q);
      if (roads.has_column(v)) c.speed[i][p] = &roads.doubles(v);
    }
  }
  return c;
}

[[noreturn]] void bad_row(data::ErrorCode code, std::size_t row, const std::string& column,
                          const std::string& what) {
  std::ostringstream m;
  m << "table 'roads', row " << row << (column.empty() ? "" : ", column '" + column + "'") << ": "
    << what;
  throw data::Error(code, m.str());
}

RoadEmission evaluate(const RoadColumns& c, std::size_t row, const RoadEmissionFactors& factors) {
  const std::string& kind = (*c.kind)[row];
  const RoadEmissionClass* fixed = nullptr;
  if (c.emission_class && !(*c.emission_class)[row].empty()) {
    try {
      fixed = &factors.by_name((*c.emission_class)[row]);
    } catch (const data::Error& e) {
      bad_row(e.code(), row, "emission_class", e.what());
    }
  }
  RoadEmission out;
  for (std::size_t p = 0; p < kPeriods; ++p) {
    const double weight = road_period_hours[p] / 24.0;
    for (std::size_t i = 0; i < kCats; ++i) {
      if (!c.flow[i][p]) continue;
      const double q = (*c.flow[i][p])[row];
      const auto q_name = names::flow_column(names::vehicle_categories[i], names::periods[p]);
      if (!std::isfinite(q) || q < 0)
        bad_row(data::ErrorCode::invalid_value, row, q_name, "flow must be finite and >= 0");
      if (q == 0) continue;
      const RoadEmissionClass* cls = fixed;
      if (!cls) {
        const auto v_name = names::speed_column(names::vehicle_categories[i], names::periods[p]);
        if (!c.speed[i][p])
          bad_row(data::ErrorCode::missing_column, row, v_name,
                  "no speed column for a category with traffic");
        const double v = (*c.speed[i][p])[row];
        if (!(std::isfinite(v) && v > 0))
          bad_row(data::ErrorCode::invalid_value, row, v_name,
                  "speed must be > 0 where there is traffic");
        try {
          cls = &factors.select(kind, v);
        } catch (const data::Error& e) {
          bad_row(e.code(), row, v_name, e.what());
        }
      }
      const auto& ef = cls->factors[i];
      const double vehicles = weight * q * per_hour_g_per_km_to_g_per_s_m;
      out.nox_g_per_s_m += vehicles * ef.nox;
      if (!std::isnan(ef.nh3)) out.nh3_g_per_s_m += vehicles * ef.nh3;
    }
  }
  return out;
}

double polyline_length(const data::Geometry& g) {
  double length = 0;
  for (std::size_t i = 1; i < g.vertices.size(); ++i) {
    length +=
        std::hypot(g.vertices[i].x - g.vertices[i - 1].x, g.vertices[i].y - g.vertices[i - 1].y);
  }
  return length;
}

}  // namespace

std::vector<RoadEmission> road_emissions(const data::FeatureTable& roads,
                                         const RoadEmissionFactors& factors) {
  const RoadColumns c = resolve(roads);
  std::vector<RoadEmission> out;
  out.reserve(roads.size());
  for (std::size_t row = 0; row < roads.size(); ++row) out.push_back(evaluate(c, row, factors));
  return out;
}

RoadEmission road_emission(const data::FeatureTable& roads, std::size_t row,
                           const RoadEmissionFactors& factors) {
  if (row >= roads.size()) {
    throw data::Error(data::ErrorCode::invalid_argument,
                      "road row " + std::to_string(row) + " out of range (" +
                          std::to_string(roads.size()) + " rows)");
  }
  return evaluate(resolve(roads), row, factors);
}

RoadEmissionTotals road_emission_per_year(const data::FeatureTable& roads, std::size_t row,
                                          const RoadEmissionFactors& factors) {
  const RoadEmission e = road_emission(roads, row, factors);
  RoadEmissionTotals t;
  t.length_m = polyline_length(roads.geometries()[row]);
  t.nox_kg_yr = e.nox_g_per_s_m * t.length_m * seconds_per_year / 1000.0;
  t.nh3_kg_yr = e.nh3_g_per_s_m * t.length_m * seconds_per_year / 1000.0;
  return t;
}

}  // namespace twin::solvers::nitrogen
