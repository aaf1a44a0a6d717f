#pragma once
// Vector features of a scenario (road segments, nitrogen sources, receptor points): one
// geometry per row plus typed columns, as a GIS attribute table.
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace twin::data {

enum class GeometryType { point, line, polygon };
std::string_view geometry_type_name(GeometryType t);
GeometryType parse_geometry_type(std::string_view name);  // throws Error(invalid_argument)

struct Point2 {
  double x = 0.0;
  double y = 0.0;
  bool operator==(const Point2&) const = default;
};

// A point (one vertex), a polyline, or a polygon whose rings start at `ring_starts`
// (exterior ring first; holes after it). Lines and points have ring_starts = {0}.
struct Geometry {
  std::vector<Point2> vertices;
  std::vector<std::uint32_t> ring_starts{0};
  bool operator==(const Geometry&) const = default;
};

using ColumnValues = std::variant<std::vector<double>, std::vector<std::int64_t>, std::vector<std::string>>;

struct Column {
  std::string name;
  std::string units;  // "" for text and identifiers
  ColumnValues values;
  std::size_t size() const;
};

class FeatureTable {
 public:
  FeatureTable() = default;
  FeatureTable(GeometryType type, std::string description);

  GeometryType geometry_type() const { return geometry_type_; }
  const std::string& description() const { return description_; }
  std::size_t size() const { return geometries_.size(); }

  const std::vector<Geometry>& geometries() const { return geometries_; }
  std::vector<Geometry>& geometries() { return geometries_; }
  const std::vector<Column>& columns() const { return columns_; }

  // Adds or replaces a column; throws Error(invalid_argument) when its length differs from
  // the number of geometries.
  void set_column(Column column);
  bool has_column(std::string_view name) const;
  // Typed access; throws Error(missing_column) naming the column, or Error(invalid_value)
  // when the column has another type.
  const std::vector<double>& doubles(std::string_view name) const;
  const std::vector<std::int64_t>& integers(std::string_view name) const;
  const std::vector<std::string>& strings(std::string_view name) const;
  std::vector<double>& doubles(std::string_view name);
  const Column& column(std::string_view name) const;

 private:
  GeometryType geometry_type_ = GeometryType::point;
  std::string description_;
  std::vector<Geometry> geometries_;
  std::vector<Column> columns_;
};

}  // namespace twin::data
