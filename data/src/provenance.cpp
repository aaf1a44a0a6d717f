#include "twin/data/provenance.hpp"

#include <chrono>
#include <ctime>

#include "twin/data/error.hpp"
#include "twin/data/version.hpp"

namespace twin::data {

std::string utc_now_iso8601() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

void Provenance::stamp(std::string process_name) {
  software_version = std::string(twin::data::software_version());
  git_hash = std::string(twin::data::git_hash());
  process = std::move(process_name);
  started_utc = utc_now_iso8601();
}

void Provenance::finish() { finished_utc = utc_now_iso8601(); }

nlohmann::json Provenance::to_json() const {
  return nlohmann::json{{"software", software},
                        {"software_version", software_version},
                        {"git_hash", git_hash},
                        {"process", process},
                        {"model_version", model_version},
                        {"parameters", parameters},
                        {"input_sha256", input_sha256},
                        {"edits", edits},
                        {"started_utc", started_utc},
                        {"finished_utc", finished_utc}};
}

Provenance Provenance::from_json(const nlohmann::json& j) {
  try {
    Provenance p;
    p.software = j.value("software", p.software);
    p.software_version = j.value("software_version", "");
    p.git_hash = j.value("git_hash", "");
    p.process = j.value("process", "");
    p.model_version = j.value("model_version", "");
    p.parameters = j.value("parameters", nlohmann::json::object());
    p.input_sha256 = j.value("input_sha256", std::map<std::string, std::string>{});
    p.edits = j.value("edits", nlohmann::json::array());
    p.started_utc = j.value("started_utc", "");
    p.finished_utc = j.value("finished_utc", "");
    return p;
  } catch (const nlohmann::json::exception& e) {
    throw Error(ErrorCode::corrupt_file, std::string("provenance record is malformed: ") + e.what());
  }
}

}  // namespace twin::data
