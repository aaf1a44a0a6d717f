#include "edits_fields.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

#include "twin/data/error.hpp"
#include "twin/jobs/edits.hpp"

namespace twin::jobs::edits_detail {

using data::Error;
using data::ErrorCode;

namespace {

[[noreturn]] void malformed(std::string message) {
  throw Error(ErrorCode::invalid_argument, std::move(message));
}
[[noreturn]] void bad_value(std::string message) {
  throw Error(ErrorCode::invalid_value, std::move(message));
}

std::string json_type(const nlohmann::json& j) {
  if (j.is_number()) return "a number";
  if (j.is_string()) return "a string";
  if (j.is_boolean()) return "a boolean";
  if (j.is_array()) return "an array";
  if (j.is_object()) return "an object";
  return "null";
}

std::string key_str(std::string_view key) { return std::string(key); }

constexpr double max_coordinate = 1e9;

}  // namespace

std::string excerpt(std::string text) {
  constexpr std::size_t max_chars = 60;
  if (text.size() <= max_chars) return text;
  std::size_t cut = max_chars;  // not inside a UTF-8 sequence, so the message stays valid JSON
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  text = text.substr(0, cut) + "...";
  return text;
}
std::string excerpt(const nlohmann::json& j) {
  return excerpt(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

std::string format_number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.15g", value);  // 1000, 400.5, 1e-20: as people write them
  return text;
}

void require_finite(std::string_view key, double value) {
  if (!std::isfinite(value)) bad_value(key_str(key) + " must be a finite number");
}

void require_at_least(std::string_view key, double value, double min) {
  require_finite(key, value);
  if (value < min) {
    bad_value(key_str(key) + " " + format_number(value) + " is below the minimum " +
              format_number(min));
  }
}

void require_in_range(std::string_view key, double value, double min_exclusive, double max) {
  require_finite(key, value);
  if (!(value > min_exclusive && value <= max)) {
    bad_value(key_str(key) + " " + format_number(value) + " is out of range (" +
              format_number(min_exclusive) + ", " + format_number(max) + "]");
  }
}

const nlohmann::json* FieldReader::find(std::string_view key) const {
  const auto it = object_.find(key_str(key));
  return it == object_.end() ? nullptr : &*it;
}

const nlohmann::json& FieldReader::require(std::string_view key) {
  const nlohmann::json* value = find(key);
  if (value == nullptr) malformed("missing field '" + key_str(key) + "'");
  return *value;
}

bool FieldReader::has(std::string_view key) const { return find(key) != nullptr; }

double FieldReader::number(std::string_view key) {
  const nlohmann::json& j = require(key);
  if (!j.is_number()) malformed(key_str(key) + " must be a number, not " + json_type(j));
  const double value = j.get<double>();
  require_finite(key, value);
  return value;
}

std::optional<double> FieldReader::optional_number(std::string_view key) {
  if (!has(key)) return std::nullopt;
  return number(key);
}

std::int64_t FieldReader::integer(std::string_view key) {
  const nlohmann::json& j = require(key);
  if (!j.is_number_integer() || (j.is_number_unsigned() && j.get<std::uint64_t>() > INT64_MAX)) {
    malformed(key_str(key) + " must be an integer, not " +
              (j.is_number() ? "the number " + excerpt(j) : json_type(j)));
  }
  return j.get<std::int64_t>();
}

std::optional<std::string> FieldReader::optional_string(std::string_view key,
                                                        std::size_t max_length) {
  const nlohmann::json* j = find(key);
  if (j == nullptr) return std::nullopt;
  if (!j->is_string()) malformed(key_str(key) + " must be a string, not " + json_type(*j));
  const auto& s = j->get_ref<const std::string&>();
  if (s.size() > max_length) {
    malformed(key_str(key) + " is " + std::to_string(s.size()) + " characters long, at most " +
              std::to_string(max_length));
  }
  return s;
}

Ring FieldReader::polygon(std::string_view key) {
  const nlohmann::json& j = require(key);
  const std::string name = key_str(key);
  if (!j.is_array()) malformed(name + " must be an array of [x, y] points, not " + json_type(j));
  if (j.size() > max_polygon_points + 1) {  // + 1: the optional closing point
    malformed(name + " has " + std::to_string(j.size()) + " points, at most " +
              std::to_string(max_polygon_points));
  }
  Ring ring;
  ring.reserve(j.size());
  for (std::size_t i = 0; i < j.size(); ++i) {
    const nlohmann::json& p = j[i];
    const std::string where = name + "[" + std::to_string(i) + "]";
    if (!p.is_array() || p.size() != 2 || !p[0].is_number() || !p[1].is_number()) {
      malformed(where + " must be [x, y] with two numbers, not " + excerpt(p));
    }
    const data::Point2 point{p[0].get<double>(), p[1].get<double>()};
    if (!std::isfinite(point.x) || !std::isfinite(point.y)) {
      bad_value(where + " has a coordinate that is not finite");
    }
    // No CRS in metres reaches this far; the bound keeps the geometry free of overflow.
    if (std::abs(point.x) > max_coordinate || std::abs(point.y) > max_coordinate) {
      bad_value(where + " has a coordinate beyond +-1e9 m");
    }
    ring.push_back(point);
  }
  if (ring.size() > 1 && ring.front() == ring.back()) ring.pop_back();
  if (ring.size() > max_polygon_points) {
    malformed(name + " has " + std::to_string(ring.size()) + " points, at most " +
              std::to_string(max_polygon_points));
  }
  if (ring.size() < 3) {
    bad_value(name + " has " + std::to_string(ring.size()) + " points, needs at least 3");
  }
  const auto by_xy = [](const data::Point2& a, const data::Point2& b) {
    return a.x < b.x || (a.x == b.x && a.y < b.y);
  };
  const std::set<data::Point2, decltype(by_xy)> distinct(ring.begin(), ring.end(), by_xy);
  if (distinct.size() < 3) {
    bad_value(name + " has only " + std::to_string(distinct.size()) +
              " distinct points, needs at least 3");
  }
  // Relative to the bounding box, so collinear points with rounding noise count as zero.
  const Box box = bounding_box(ring);
  const double extent = std::max(box.x_max - box.x_min, box.y_max - box.y_min);
  if (!(ring_area(ring) > 1e-9 * extent * extent)) {
    bad_value(name + " has zero area (its points are collinear)");
  }
  return ring;
}

std::vector<std::int64_t> FieldReader::ids(std::string_view key) {
  const nlohmann::json& j = require(key);
  const std::string name = key_str(key);
  if (!j.is_array()) malformed(name + " must be an array of integer ids, not " + json_type(j));
  if (j.empty()) bad_value(name + " is empty");
  std::vector<std::int64_t> out;
  out.reserve(j.size());
  for (std::size_t i = 0; i < j.size(); ++i) {
    const nlohmann::json& id = j[i];
    if (!id.is_number_integer() ||
        (id.is_number_unsigned() && id.get<std::uint64_t>() > INT64_MAX)) {
      malformed(name + "[" + std::to_string(i) + "] must be an integer id, not " + excerpt(id));
    }
    out.push_back(id.get<std::int64_t>());
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::optional<std::vector<std::string>> FieldReader::optional_names(
    std::string_view key, std::span<const std::string_view> allowed) {
  const nlohmann::json* j = find(key);
  if (j == nullptr) return std::nullopt;
  const std::string name = key_str(key);
  if (!j->is_array()) malformed(name + " must be an array of strings, not " + json_type(*j));
  if (j->empty()) bad_value(name + " is empty");
  std::string allowed_list;
  for (std::string_view a : allowed)
    allowed_list += (allowed_list.empty() ? "" : ", ") + key_str(a);
  std::vector<std::string> out;
  for (std::size_t i = 0; i < j->size(); ++i) {
    const nlohmann::json& item = (*j)[i];
    const std::string where = name + "[" + std::to_string(i) + "]";
    if (!item.is_string()) malformed(where + " must be a string, not " + excerpt(item));
    const auto& s = item.get_ref<const std::string&>();
    if (std::find(allowed.begin(), allowed.end(), s) == allowed.end()) {
      bad_value(where + " '" + excerpt(s) + "' is not one of " + allowed_list);
    }
    if (std::find(out.begin(), out.end(), s) != out.end()) {
      bad_value(where + " '" + s + "' is listed twice");
    }
    out.push_back(s);
  }
  return out;
}

void FieldReader::reject_unknown() const {
  for (const auto& [key, value] : object_.items()) {
    if (std::find(fields_.begin(), fields_.end(), key) != fields_.end()) continue;
    std::string takes;
    for (std::string_view k : fields_) {
      takes += takes.empty() ? "" : ", ";
      takes += k;
    }
    malformed("unknown field '" + excerpt(key) + "' (this op takes " + takes + ")");
  }
}

}  // namespace twin::jobs::edits_detail
