#pragma once
// API keys (bearer tokens): who is calling. Each key sees only its own jobs and scenarios;
// an admin key sees all. Without configured keys the API is open and every caller is the
// anonymous owner "".
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace twin::server {

struct Caller {
  std::string name;  // owner recorded on jobs and scenarios
  bool admin = false;
  // The owner filter for listings: nullopt (all) for an admin, else the caller's name.
  std::optional<std::string> owner_filter() const {
    return admin ? std::nullopt : std::optional<std::string>(name);
  }
  bool may_see(const std::string& owner) const { return admin || owner == name; }
};

class ApiKeys {
 public:
  ApiKeys() = default;  // open API

  // JSON: {"keys": [{"name": "utrecht", "token": "...", "admin": false}, ...]}. Names must be
  // non-empty and unique, tokens at least 16 characters and unique. Throws data::Error
  // (file_not_found | parse_error | invalid_value) naming the file and the entry.
  static ApiKeys load(const std::filesystem::path& file);
  static ApiKeys from_json_text(std::string_view text, const std::string& source);

  bool enabled() const { return !keys_.empty(); }
  // From an Authorization header value ("Bearer <token>"); nullopt when keys are enabled and
  // the header is absent, malformed or names no key. Compares in constant time per key.
  std::optional<Caller> authenticate(const std::optional<std::string>& authorization) const;

 private:
  struct Key {
    std::string name;
    std::string token_sha256;  // only the digest is kept in memory
    bool admin = false;
  };
  std::vector<Key> keys_;
};

}  // namespace twin::server
