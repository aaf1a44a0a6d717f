#pragma once
// Private to the edits sources: typed reading of one edit's JSON fields, given the fields
// its op takes, so a misspelt field is named before any "missing field" follows from it.
// Errors carry no "edits[i]" prefix; parse_edit adds it.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "twin/jobs/polygon_mask.hpp"

namespace twin::jobs::edits_detail {

class FieldReader {
 public:
  FieldReader(const nlohmann::json& object, std::vector<std::string_view> fields)
      : object_(object), fields_(std::move(fields)) {}

  // Throws Error(invalid_argument) naming the first field the op does not take.
  void reject_unknown() const;

  bool has(std::string_view key) const;
  double number(std::string_view key);
  std::optional<double> optional_number(std::string_view key);
  std::int64_t integer(std::string_view key);
  std::optional<std::string> optional_string(std::string_view key, std::size_t max_length);
  // A ring of [x, y] points: at most max_polygon_points, finite, closing point dropped, at
  // least 3 distinct points and a non-zero area.
  Ring polygon(std::string_view key);
  // A non-empty array of integer ids, returned sorted and unique.
  std::vector<std::int64_t> ids(std::string_view key);
  // A non-empty array of distinct names, each one of `allowed`; nothing when absent.
  std::optional<std::vector<std::string>> optional_names(std::string_view key,
                                                         std::span<const std::string_view> allowed);

 private:
  const nlohmann::json& require(std::string_view key);
  const nlohmann::json* find(std::string_view key) const;

  const nlohmann::json& object_;
  std::vector<std::string_view> fields_;
};

// Value checks with messages such as "height 500 is out of range (0, 400]".
void require_finite(std::string_view key, double value);
void require_at_least(std::string_view key, double value, double min);
void require_in_range(std::string_view key, double value, double min_exclusive, double max);

// Client input echoed in a message, cut to 60 bytes (at a UTF-8 boundary) so a huge value
// cannot bloat the response.
std::string excerpt(std::string text);
std::string excerpt(const nlohmann::json& j);

// The number as people write it: 15, 400.5, 1e+30.
std::string format_number(double value);

}  // namespace twin::jobs::edits_detail
