#pragma once
// Private to the edits sources: which rows of a feature table and which road columns an
// edit selects. Errors carry no "edits[i]" prefix; parse_edit adds it.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "twin/data/feature_table.hpp"
#include "twin/jobs/polygon_mask.hpp"

namespace twin::jobs::edits_detail {

// Rows whose integer "id" column holds one of `ids` (all rows for a repeated id). Throws
// Error(invalid_value) naming the first id not in the table.
std::vector<std::size_t> rows_with_ids(const data::FeatureTable& table, std::string_view table_name,
                                       const std::vector<std::int64_t>& ids);

// Rows whose geometry (point or line) lies within, crosses or touches the polygon.
std::vector<std::size_t> rows_meeting_polygon(const data::FeatureTable& table, const Ring& ring);

struct RoadColumns {
  std::vector<std::string> categories;
  std::vector<std::string> periods;
  std::vector<std::string> columns;  // "<prefix>_<cat>_<period>" for each pair
};

// The real-valued road columns "<prefix>_<cat>_<period>" (prefix "q" flows, "v" speeds).
// Without categories: every category whose columns exist for all the periods. Without
// periods: day, evening and night. Throws Error(invalid_value) naming a requested column the
// table lacks or that is not real-valued, or when no category has columns.
RoadColumns road_columns(const data::FeatureTable& roads, std::string_view prefix,
                         const std::optional<std::vector<std::string>>& categories,
                         const std::optional<std::vector<std::string>>& periods);

}  // namespace twin::jobs::edits_detail
