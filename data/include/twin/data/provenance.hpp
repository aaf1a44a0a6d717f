#pragma once
// What made a file: program version and commit, the command, parameters, a SHA-256 of every
// input, the edits applied and the start and end time. Stored with every scenario and result.
#include <map>
#include <string>

#include <nlohmann/json.hpp>

namespace twin::data {

struct Provenance {
  std::string software = "twinsolve";
  std::string software_version;  // filled by stamp()
  std::string git_hash;          // filled by stamp()
  std::string process;           // "demo-scenario", "ingest", "nitrogen", ...
  std::string model_version;     // solver's model version, empty for data commands
  nlohmann::json parameters = nlohmann::json::object();
  std::map<std::string, std::string> input_sha256;  // input name -> hex digest
  nlohmann::json edits = nlohmann::json::array();
  std::string started_utc;   // ISO 8601, e.g. 2026-11-28T13:32:51Z
  std::string finished_utc;

  // Records this binary's version and commit and the start time.
  void stamp(std::string process_name);
  void finish();  // records the end time

  nlohmann::json to_json() const;
  static Provenance from_json(const nlohmann::json& j);
};

std::string utc_now_iso8601();

}  // namespace twin::data
