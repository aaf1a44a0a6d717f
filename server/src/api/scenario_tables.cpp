#include "scenario_tables.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "twin/data/hdf5_store.hpp"

namespace twin::server::api {
namespace {

nlohmann::json position(const data::Point2& p) { return nlohmann::json::array({p.x, p.y}); }

nlohmann::json geometry_json(data::GeometryType type, const data::Geometry& geometry) {
  const auto& v = geometry.vertices;
  if (type == data::GeometryType::point) {
    if (v.empty()) return nullptr;
    return {{"type", "Point"}, {"coordinates", position(v.front())}};
  }
  if (type == data::GeometryType::line) {
    nlohmann::json line = nlohmann::json::array();
    for (const auto& p : v) line.push_back(position(p));
    return {{"type", "LineString"}, {"coordinates", line}};
  }
  // Polygon: rings start at ring_starts; GeoJSON rings repeat their first position at the end.
  nlohmann::json rings = nlohmann::json::array();
  const auto& starts = geometry.ring_starts;
  for (std::size_t r = 0; r < starts.size(); ++r) {
    const std::size_t begin = starts[r];
    const std::size_t end = r + 1 < starts.size() ? starts[r + 1] : v.size();
    if (begin >= end || end > v.size()) continue;
    nlohmann::json ring = nlohmann::json::array();
    for (std::size_t i = begin; i < end; ++i) ring.push_back(position(v[i]));
    if (!(v[begin] == v[end - 1])) ring.push_back(position(v[begin]));
    rings.push_back(std::move(ring));
  }
  return {{"type", "Polygon"}, {"coordinates", rings}};
}

nlohmann::json cell_value(const data::ColumnValues& values, std::size_t row) {
  return std::visit(
      [row](const auto& column) -> nlohmann::json {
        using T = typename std::decay_t<decltype(column)>::value_type;
        if constexpr (std::is_same_v<T, double>) {
          if (!std::isfinite(column[row])) return nullptr;  // JSON has no NaN
        }
        return column[row];
      },
      values);
}

}  // namespace

HttpResponse scenario_table_response(const Services& services, const jobs::ScenarioRecord& record,
                                     const std::string& table, const std::string& format) {
  if (format != "geojson") fail(400, "unknown format '" + format + "'; use f=geojson");
  if (std::find(record.tables.begin(), record.tables.end(), table) == record.tables.end())
    fail(404, "scenario '" + record.id + "' has no table '" + table + "'");
  data::ReadOptions options;
  options.budget = services.budget;
  options.only_layers = std::set<std::string>{};  // the tables only
  const auto scenario = data::read_scenario(services.data_dir.scenario_file(record.id), options);
  const auto& features = scenario.table(table);
  nlohmann::json list = nlohmann::json::array();
  for (std::size_t row = 0; row < features.size(); ++row) {
    nlohmann::json properties = nlohmann::json::object();
    for (const auto& column : features.columns())
      properties[column.name] = cell_value(column.values, row);
    list.push_back(
        {{"type", "Feature"},
         {"geometry", geometry_json(features.geometry_type(), features.geometries()[row])},
         {"properties", std::move(properties)}});
  }
  const std::string crs = "urn:ogc:def:crs:EPSG::" + std::to_string(record.grid.epsg);
  auto response = json_response(200, {{"type", "FeatureCollection"},
                                      {"name", table},
                                      {"crs", {{"type", "name"}, {"properties", {{"name", crs}}}}},
                                      {"twinsolve:epsg", record.grid.epsg},
                                      {"features", std::move(list)}});
  response.headers.clear();
  response.set_header("Content-Type", "application/geo+json");
  return response;
}

}  // namespace twin::server::api
