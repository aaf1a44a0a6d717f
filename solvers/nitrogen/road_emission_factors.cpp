// Reader of the road emission factor table (JSON): classes of traffic situations with NOx and
// NH3 grams per vehicle-km per CNOSSOS vehicle category.
#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "twin/data/error.hpp"
#include "twin/solvers/nitrogen/data_files.hpp"
#include "twin/data/standard_names.hpp"
#include "twin/solvers/nitrogen/road_emission.hpp"

namespace twin::solvers::nitrogen {
namespace {

using nlohmann::json;

// scenario_checks accepts speeds up to 200 km/h; every kind must have a class up to there.
constexpr double max_checked_speed_kmh = 200.0;

[[noreturn]] void fail(data::ErrorCode code, const std::string& origin, const std::string& what) {
  throw data::Error(code, origin + ": " + what);
}

const json& member(const json& j, const char* key, const std::string& origin,
                   const std::string& where) {
  const auto it = j.find(key);
  if (it == j.end()) fail(data::ErrorCode::parse_error, origin, where + " has no '" + key + "'");
  return *it;
}

double factor(const json& j, const std::string& origin, const std::string& where, bool nullable) {
  if (nullable && j.is_null()) return std::numeric_limits<double>::quiet_NaN();
  if (!j.is_number())
    fail(data::ErrorCode::parse_error, origin,
         where + " is not a number" + (nullable ? " or null" : ""));
  const double v = j.get<double>();
  if (!std::isfinite(v) || v < 0) {
    std::ostringstream m;
    m << where << " = " << v << " must be a finite, non-negative g/km";
    fail(data::ErrorCode::invalid_value, origin, m.str());
  }
  return v;
}

double speed(const json& j, const char* key, double fallback, const std::string& origin,
             const std::string& where) {
  const auto it = j.find(key);
  if (it == j.end()) return fallback;
  if (!it->is_number())
    fail(data::ErrorCode::parse_error, origin, where + "." + key + " is not a number");
  return it->get<double>();
}

RoadEmissionClass read_class(const json& j, const std::string& origin, const std::string& where) {
  if (!j.is_object()) fail(data::ErrorCode::parse_error, origin, where + " is not an object");
  RoadEmissionClass c;
  const json& name = member(j, "name", origin, where);
  if (!name.is_string() || name.get<std::string>().empty())
    fail(data::ErrorCode::parse_error, origin, where + ".name must be a non-empty string");
  c.name = name.get<std::string>();
  const json& kinds = member(j, "kinds", origin, where);
  if (!kinds.is_array() || kinds.empty())
    fail(data::ErrorCode::parse_error, origin,
         where + ".kinds must be a non-empty array of road kinds");
  for (const auto& k : kinds) {
    if (!k.is_string())
      fail(data::ErrorCode::parse_error, origin, where + ".kinds holds a non-string");
    c.kinds.push_back(k.get<std::string>());
  }
  c.min_speed_kmh = speed(j, "min_speed_kmh", 0.0, origin, where);
  c.max_speed_kmh =
      speed(j, "max_speed_kmh", std::numeric_limits<double>::infinity(), origin, where);
  if (!(c.min_speed_kmh >= 0 && c.max_speed_kmh > c.min_speed_kmh)) {
    std::ostringstream m;
    m << where << ": speed range " << c.min_speed_kmh << ".." << c.max_speed_kmh
      << " km/h is empty or negative";
    fail(data::ErrorCode::invalid_value, origin, m.str());
  }
  const json& factors = member(j, "factors", origin, where);
  if (!factors.is_object())
    fail(data::ErrorCode::parse_error, origin, where + ".factors is not an object");
  for (std::size_t i = 0; i < data::names::vehicle_categories.size(); ++i) {
    const std::string cat(data::names::vehicle_categories[i]);
    const std::string at = where + ".factors." + cat;
    const json& f = member(factors, cat.c_str(), origin, where + ".factors");
    if (!f.is_object()) fail(data::ErrorCode::parse_error, origin, at + " is not an object");
    c.factors[i].nox = factor(member(f, "nox", origin, at), origin, at + ".nox", false);
    c.factors[i].nh3 = factor(member(f, "nh3", origin, at), origin, at + ".nh3", true);
  }
  return c;
}

// Per kind, the classes' speed ranges must tile 0..200 km/h without overlap, so every row
// with a valid speed finds exactly one class.
void check_coverage(const RoadEmissionFactors& f, const std::string& origin) {
  std::map<std::string, std::vector<const RoadEmissionClass*>> by_kind;
  for (const auto& c : f.classes) {
    for (const auto& k : c.kinds) by_kind[k].push_back(&c);
  }
  for (auto& [kind, list] : by_kind) {
    std::sort(list.begin(), list.end(),
              [](auto* a, auto* b) { return a->min_speed_kmh < b->min_speed_kmh; });
    double covered = 0;
    for (const auto* c : list) {
      if (c->min_speed_kmh != covered) {
        std::ostringstream m;
        m << "kind '" << kind << "': class '" << c->name << "' starts at " << c->min_speed_kmh
          << " km/h, expected " << covered
          << " (speed ranges of one kind must neither overlap nor leave gaps)";
        fail(data::ErrorCode::invalid_value, origin, m.str());
      }
      covered = c->max_speed_kmh;
    }
    if (covered < max_checked_speed_kmh) {
      std::ostringstream m;
      m << "kind '" << kind << "': classes end at " << covered << " km/h; they must reach "
        << max_checked_speed_kmh;
      fail(data::ErrorCode::invalid_value, origin, m.str());
    }
  }
}

}  // namespace

const RoadEmissionClass& RoadEmissionFactors::by_name(std::string_view name) const {
  for (const auto& c : classes) {
    if (c.name == name) return c;
  }
  std::string known;
  for (const auto& c : classes) known += (known.empty() ? "" : ", ") + c.name;
  throw data::Error(
      data::ErrorCode::invalid_value,
      source + ": no emission class '" + std::string(name) + "' (known: " + known + ")");
}

const RoadEmissionClass& RoadEmissionFactors::select(std::string_view kind,
                                                     double speed_kmh) const {
  for (const auto& c : classes) {
    if (speed_kmh >= c.min_speed_kmh && speed_kmh < c.max_speed_kmh &&
        std::find(c.kinds.begin(), c.kinds.end(), kind) != c.kinds.end()) {
      return c;
    }
  }
  std::ostringstream m;
  m << source << ": no emission class for road kind '" << kind << "' at " << speed_kmh << " km/h";
  throw data::Error(data::ErrorCode::invalid_value, m.str());
}

bool RoadEmissionFactors::has_all_nh3() const {
  for (const auto& c : classes) {
    for (const auto& f : c.factors) {
      if (std::isnan(f.nh3)) return false;
    }
  }
  return true;
}

RoadEmissionFactors parse_road_emission_factors(const json& doc, const std::string& source_name) {
  const std::string& origin = source_name;
  if (!doc.is_object())
    fail(data::ErrorCode::parse_error, origin, "the top level is not an object");
  if (!member(doc, "header", origin, "the file").is_object())
    fail(data::ErrorCode::parse_error, origin, "'header' is not an object");
  const json& classes = member(doc, "classes", origin, "the file");
  if (!classes.is_array() || classes.empty())
    fail(data::ErrorCode::parse_error, origin, "'classes' must be a non-empty array");
  RoadEmissionFactors f;
  f.source = source_name;
  std::set<std::string> names;
  for (std::size_t i = 0; i < classes.size(); ++i) {
    const std::string where = "classes[" + std::to_string(i) + "]";
    f.classes.push_back(read_class(classes[i], origin, where));
    if (!names.insert(f.classes.back().name).second) {
      fail(data::ErrorCode::invalid_value, origin,
           where + ": class name '" + f.classes.back().name + "' used twice");
    }
  }
  check_coverage(f, origin);
  return f;
}

RoadEmissionFactors read_road_emission_factors(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) {
    throw data::Error(data::ErrorCode::file_not_found,
                      "cannot open road emission factor file " + file.string());
  }
  json doc;
  try {
    doc = json::parse(in);
  } catch (const json::parse_error& e) {
    throw data::Error(data::ErrorCode::parse_error,
                      file.string() + ": not valid JSON: " + e.what());
  }
  return parse_road_emission_factors(doc, file.string());
}

std::filesystem::path default_road_emission_factors_path() {
  return nitrogen_data_dir() / "road_emission_factors_nl.json";
}

}  // namespace twin::solvers::nitrogen
