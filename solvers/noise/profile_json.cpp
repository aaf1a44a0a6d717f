// Reader of ISO/TR 17534-4 cut profiles in NoiseModelling's JSON layout.
#include "twin/solvers/noise/profile_json.hpp"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "twin/data/error.hpp"

namespace twin::solvers::noise {
namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::string& origin, const std::string& what) {
  throw data::Error(data::ErrorCode::invalid_argument, origin + ": " + what);
}

double number(const json& j, const char* key, const std::string& origin, const std::string& where) {
  const auto it = j.find(key);
  if (it == j.end()) fail(origin, where + " has no '" + key + "'");
  if (!it->is_number()) fail(origin, where + ": '" + key + "' is not a number");
  return it->get<double>();
}

CutPointType point_type(const std::string& name, const std::string& origin, const std::string& where) {
  if (name == "Source") return CutPointType::source;
  if (name == "Receiver") return CutPointType::receiver;
  if (name == "GroundEffect") return CutPointType::ground_effect;
  if (name == "Topography") return CutPointType::topography;
  if (name == "Wall") return CutPointType::wall;
  fail(origin, where + ": unknown type '" + name + "' (Source, Receiver, GroundEffect, Topography or Wall)");
}

CutPoint read_point(const json& j, const std::string& origin, const std::string& where) {
  if (!j.is_object()) fail(origin, where + " is not an object");
  const auto type = j.find("type");
  if (type == j.end() || !type->is_string()) fail(origin, where + " has no string 'type'");
  CutPoint p;
  p.type = point_type(type->get<std::string>(), origin, where);
  const auto c = j.find("coordinate");
  if (c == j.end() || !c->is_object()) fail(origin, where + " has no 'coordinate' object");
  p.x = number(*c, "x", origin, where + ".coordinate");
  p.y = number(*c, "y", origin, where + ".coordinate");
  p.z = number(*c, "z", origin, where + ".coordinate");
  p.z_ground = number(j, "zGround", origin, where);
  p.g = number(j, "groundCoefficient", origin, where);
  if (p.g < 0 || p.g > 1) fail(origin, where + ": groundCoefficient must lie in 0..1");
  if (const auto a = j.find("wallAlpha"); a != j.end()) {
    if (!a->is_array() || a->size() != band_count) fail(origin, where + ": 'wallAlpha' must be an array of 8 numbers");
    Spectrum alpha{};
    for (std::size_t i = 0; i < band_count; ++i) {
      if (!(*a)[i].is_number()) fail(origin, where + ": 'wallAlpha' must be an array of 8 numbers");
      alpha[i] = (*a)[i].get<double>();
    }
    p.wall_alpha = alpha;
  }
  return p;
}

}  // namespace

Profile parse_profile_json(const std::string& text, const std::string& origin) {
  json j;
  try {
    j = json::parse(text);
  } catch (const json::parse_error& e) {
    throw data::Error(data::ErrorCode::parse_error, origin + ": not valid JSON (" + e.what() + ")");
  }
  if (!j.is_object()) fail(origin, "the top level is not an object");
  const auto cuts = j.find("cutPoints");
  if (cuts == j.end() || !cuts->is_array()) fail(origin, "no 'cutPoints' array");
  Profile profile;
  for (std::size_t i = 0; i < cuts->size(); ++i) {
    profile.points.push_back(read_point((*cuts)[i], origin, "cutPoints[" + std::to_string(i) + "]"));
  }
  if (const auto c = j.find("curvedPath"); c != j.end()) {
    if (!c->is_boolean()) fail(origin, "'curvedPath' is not a boolean");
    profile.curved_path = c->get<bool>();
  }
  if (profile.points.size() < 2 || profile.points.front().type != CutPointType::source ||
      profile.points.back().type != CutPointType::receiver) {
    fail(origin, "cutPoints must start with the Source and end with the Receiver");
  }
  for (std::size_t i = 1; i + 1 < profile.points.size(); ++i) {
    const auto t = profile.points[i].type;
    if (t == CutPointType::source || t == CutPointType::receiver) fail(origin, "more than one Source or Receiver");
  }
  return profile;
}

Profile read_profile_json(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw data::Error(data::ErrorCode::file_not_found, file.string() + ": cannot open the profile file");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_profile_json(text.str(), file.string());
}

}  // namespace twin::solvers::noise
