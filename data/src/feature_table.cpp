#include "twin/data/feature_table.hpp"

#include <algorithm>
#include <utility>

#include "twin/data/error.hpp"

namespace twin::data {

std::string_view geometry_type_name(GeometryType t) {
  switch (t) {
    case GeometryType::point: return "point";
    case GeometryType::line: return "line";
    case GeometryType::polygon: return "polygon";
  }
  return "unknown";
}

GeometryType parse_geometry_type(std::string_view name) {
  if (name == "point") return GeometryType::point;
  if (name == "line") return GeometryType::line;
  if (name == "polygon") return GeometryType::polygon;
  throw Error(ErrorCode::invalid_argument, "unknown geometry type '" + std::string(name) + "'");
}

std::size_t Column::size() const {
  return std::visit([](const auto& v) { return v.size(); }, values);
}

FeatureTable::FeatureTable(GeometryType type, std::string description)
    : geometry_type_(type), description_(std::move(description)) {}

void FeatureTable::set_column(Column column) {
  if (column.size() != geometries_.size()) {
    throw Error(ErrorCode::invalid_argument, "column '" + column.name + "' has " + std::to_string(column.size()) +
                                                 " values for " + std::to_string(geometries_.size()) + " features");
  }
  auto it = std::find_if(columns_.begin(), columns_.end(), [&](const Column& c) { return c.name == column.name; });
  if (it != columns_.end()) *it = std::move(column);
  else columns_.push_back(std::move(column));
}

bool FeatureTable::has_column(std::string_view name) const {
  return std::any_of(columns_.begin(), columns_.end(), [&](const Column& c) { return c.name == name; });
}

const Column& FeatureTable::column(std::string_view name) const {
  auto it = std::find_if(columns_.begin(), columns_.end(), [&](const Column& c) { return c.name == name; });
  if (it == columns_.end()) {
    throw Error(ErrorCode::missing_column, "feature table has no column '" + std::string(name) + "'");
  }
  return *it;
}

namespace {
template <class V>
const V& typed(const Column& c, std::string_view expected) {
  if (const auto* v = std::get_if<V>(&c.values)) return *v;
  throw Error(ErrorCode::invalid_value, "column '" + c.name + "' is not of type " + std::string(expected));
}
}  // namespace

const std::vector<double>& FeatureTable::doubles(std::string_view name) const {
  return typed<std::vector<double>>(column(name), "real");
}
const std::vector<std::int64_t>& FeatureTable::integers(std::string_view name) const {
  return typed<std::vector<std::int64_t>>(column(name), "integer");
}
const std::vector<std::string>& FeatureTable::strings(std::string_view name) const {
  return typed<std::vector<std::string>>(column(name), "text");
}
std::vector<double>& FeatureTable::doubles(std::string_view name) {
  return const_cast<std::vector<double>&>(std::as_const(*this).doubles(name));
}

}  // namespace twin::data
