#include "twin/server/api_keys.hpp"

#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "twin/data/error.hpp"
#include "twin/data/sha256.hpp"

namespace twin::server {
namespace {

using data::Error;
using data::ErrorCode;

std::string digest(std::string_view text) {
  data::Sha256 sha;
  sha.update(text.data(), text.size());
  return sha.hex_digest();
}

// Both digests have the same length; comparing all characters keeps the time independent
// of where they differ.
bool equal_constant_time(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  unsigned char difference = 0;
  for (std::size_t i = 0; i < a.size(); ++i)
    difference |= static_cast<unsigned char>(a[i] ^ b[i]);
  return difference == 0;
}

}  // namespace

ApiKeys ApiKeys::load(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw Error(ErrorCode::file_not_found, "API key file " + file.string() + " cannot be read");
  std::stringstream text;
  text << in.rdbuf();
  return from_json_text(text.str(), file.string());
}

ApiKeys ApiKeys::from_json_text(std::string_view text, const std::string& source) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    throw Error(ErrorCode::parse_error, source + ": not valid JSON (" + e.what() + ")");
  }
  if (!j.is_object() || !j.contains("keys") || !j["keys"].is_array())
    throw Error(ErrorCode::parse_error, source + ": expected {\"keys\": [{\"name\", \"token\", \"admin\"}, ...]}");
  ApiKeys keys;
  std::set<std::string> names;
  std::set<std::string> digests;
  for (std::size_t i = 0; i < j["keys"].size(); ++i) {
    const auto& entry = j["keys"][i];
    const std::string where = source + ": keys[" + std::to_string(i) + "]";
    if (!entry.is_object() || !entry.contains("name") || !entry["name"].is_string() ||
        !entry.contains("token") || !entry["token"].is_string() ||
        (entry.contains("admin") && !entry["admin"].is_boolean()))
      throw Error(ErrorCode::parse_error, where + ": needs string \"name\" and \"token\", optional boolean \"admin\"");
    Key key{entry["name"].get<std::string>(), digest(entry["token"].get<std::string>()),
            entry.value("admin", false)};
    if (key.name.empty()) throw Error(ErrorCode::invalid_value, where + ": empty name");
    if (entry["token"].get<std::string>().size() < 16)
      throw Error(ErrorCode::invalid_value, where + ": token shorter than 16 characters");
    if (!names.insert(key.name).second) throw Error(ErrorCode::invalid_value, where + ": name '" + key.name + "' used twice");
    if (!digests.insert(key.token_sha256).second) throw Error(ErrorCode::invalid_value, where + ": token used twice");
    keys.keys_.push_back(std::move(key));
  }
  return keys;
}

std::optional<Caller> ApiKeys::authenticate(const std::optional<std::string>& authorization) const {
  if (!enabled()) return Caller{};
  constexpr std::string_view scheme = "Bearer ";
  if (!authorization || authorization->size() <= scheme.size() ||
      authorization->compare(0, scheme.size(), scheme) != 0)
    return std::nullopt;
  const std::string presented = digest(std::string_view(*authorization).substr(scheme.size()));
  std::optional<Caller> found;
  for (const auto& key : keys_)
    if (equal_constant_time(key.token_sha256, presented)) found = Caller{key.name, key.admin};
  return found;
}

}  // namespace twin::server
