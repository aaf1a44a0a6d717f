#include "edits_select.hpp"

#include <algorithm>
#include <unordered_map>

#include "twin/data/error.hpp"
#include "twin/data/standard_names.hpp"

namespace twin::jobs::edits_detail {

using data::Error;
using data::ErrorCode;

std::vector<std::size_t> rows_with_ids(const data::FeatureTable& table, std::string_view table_name,
                                       const std::vector<std::int64_t>& ids) {
  const std::string name(table_name);
  if (!table.has_column("id")) {
    throw Error(ErrorCode::invalid_value, "table '" + name + "' has no id column");
  }
  const auto* column = std::get_if<std::vector<std::int64_t>>(&table.column("id").values);
  if (column == nullptr) {
    throw Error(ErrorCode::invalid_value,
                "table '" + name + "' has an id column that is not integer");
  }
  std::unordered_multimap<std::int64_t, std::size_t> rows_by_id;
  for (std::size_t row = 0; row < column->size(); ++row) rows_by_id.emplace((*column)[row], row);
  std::vector<std::size_t> rows;
  for (std::int64_t id : ids) {
    const auto [first, last] = rows_by_id.equal_range(id);
    if (first == last) {
      throw Error(ErrorCode::invalid_value,
                  "id " + std::to_string(id) + " is not in table '" + name + "'");
    }
    for (auto it = first; it != last; ++it) rows.push_back(it->second);
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

std::vector<std::size_t> rows_meeting_polygon(const data::FeatureTable& table, const Ring& ring) {
  std::vector<std::size_t> rows;
  const auto& geometries = table.geometries();
  for (std::size_t row = 0; row < geometries.size(); ++row) {
    // A line's or point's vertices are the whole geometry (ring_starts = {0}).
    if (polyline_meets_ring(geometries[row].vertices, ring)) rows.push_back(row);
  }
  return rows;
}

namespace {

bool has_real_column(const data::FeatureTable& table, const std::string& name) {
  return table.has_column(name) &&
         std::holds_alternative<std::vector<double>>(table.column(name).values);
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

}  // namespace

RoadColumns road_columns(const data::FeatureTable& roads, std::string_view prefix,
                         const std::optional<std::vector<std::string>>& categories,
                         const std::optional<std::vector<std::string>>& periods) {
  const auto column_name = [&](const std::string& cat, const std::string& period) {
    return std::string(prefix) + "_" + cat + "_" + period;
  };
  RoadColumns out;
  if (periods) {
    out.periods = *periods;
  } else {
    out.periods.assign(data::names::periods.begin(), data::names::periods.end());
  }
  if (categories) {
    out.categories = *categories;
  } else {
    for (std::string_view cat : data::names::vehicle_categories) {
      bool all_present = true;
      for (const auto& period : out.periods) {
        all_present = all_present && has_real_column(roads, column_name(std::string(cat), period));
      }
      if (all_present) out.categories.emplace_back(cat);
    }
    if (out.categories.empty()) {
      throw Error(ErrorCode::invalid_value, "table 'roads' has no " + std::string(prefix) +
                                                "_<category>_<period> columns for periods " +
                                                joined(out.periods));
    }
  }
  for (const auto& cat : out.categories) {
    for (const auto& period : out.periods) {
      std::string name = column_name(cat, period);
      if (!roads.has_column(name)) {
        throw Error(ErrorCode::invalid_value, "table 'roads' has no column '" + name + "'");
      }
      if (!has_real_column(roads, name)) {
        throw Error(ErrorCode::invalid_value,
                    "column '" + name + "' of table 'roads' is not real-valued");
      }
      out.columns.push_back(std::move(name));
    }
  }
  return out;
}

}  // namespace twin::jobs::edits_detail
