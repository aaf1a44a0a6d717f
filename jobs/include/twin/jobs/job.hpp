#pragma once
// A job: one run of a process (solver) on a scenario, with parameters, optional what-if
// edits and an optional reference for difference layers. The record every queue back end
// stores, the journal replays and the API shows.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "twin/data/grid_spec.hpp"

namespace twin::jobs {

// OGC API - Processes status codes, in the order a job passes through them.
enum class JobStatus { accepted, running, successful, failed, dismissed };

std::string_view status_name(JobStatus status);  // "accepted", "running", ...
std::optional<JobStatus> parse_status(std::string_view name);
bool is_final(JobStatus status);  // successful, failed or dismissed

// Why a job failed: a stable kebab-case code ("invalid-value", "missing-layer", "cancelled",
// "too-many-deliveries", "internal") and a message for people.
struct JobError {
  std::string code;
  std::string message;
};

// A tile task: one window of a parent job too large for one task (docs/jobs.md, "Tiled
// runs"). It solves the parent's request over `window` and leaves its layers in the parent's
// directory; the parent merges them.
struct TileTask {
  std::string parent;  // the parent job's id
  int index = 0;       // 0 .. count-1, row-major over the tile grid
  int count = 0;
  data::Window window;  // output cells of this tile, in the parent grid
  bool operator==(const TileTask&) const = default;
};

// What a client asked for. Fixed once the job is accepted.
struct JobRequest {
  std::string process;      // solver name
  std::string scenario_id;  // a scenario in the catalog
  // Optional reference for difference layers: a scenario id (solved with the same process
  // and parameters) or the id of a successful job of the same process. Empty = none.
  std::string reference_id;
  nlohmann::json parameters = nlohmann::json::object();  // resolved: every declared value
  nlohmann::json edits = nlohmann::json::array();        // validated edit objects
  int priority = 0;                  // higher runs first
  std::string owner;                 // API key name; empty when keys are not configured
  std::string idempotency_key;       // empty = none
  std::uint64_t cells = 0;           // grid cells of the scenario, for limits and metrics
  std::optional<TileTask> tile;      // set on the tile tasks a tiled job fans out
};

// Milliseconds since the Unix epoch, UTC; 0 = not yet.
using Millis = std::int64_t;
Millis now_millis();
std::string iso8601(Millis t);  // "2026-11-28T13:32:51.123Z"

struct Job {
  std::string id;
  JobRequest request;
  JobStatus status = JobStatus::accepted;
  double progress = 0;  // percent, 0..100
  Millis created = 0;
  Millis started = 0;
  Millis finished = 0;
  int attempts = 0;  // how often a worker has started it
  std::optional<JobError> error;
  std::string message;  // short human status line ("solving", "writing results", ...)
};

// Lossless JSON form, used by the journal and the Redis back end.
nlohmann::json to_json(const Job& job);
Job job_from_json(const nlohmann::json& j);  // throws data::Error(parse_error)

}  // namespace twin::jobs
