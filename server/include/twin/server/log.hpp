#pragma once
// Structured logs: one JSON object per line ({"time":..., "level":..., "msg":..., fields...}),
// so a log shipper (Loki, Elasticsearch, `jq`) can filter by job id, route or status
// without parsing free text.
#include <atomic>
#include <chrono>
#include <iosfwd>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace twin::server {

enum class LogLevel { debug = 0, info = 1, warn = 2, error = 3 };

std::string_view log_level_name(LogLevel level);  // "debug", "info", "warn", "error"
// Parses a level name as given on the command line; throws data::Error(invalid_argument).
LogLevel parse_log_level(std::string_view name);

// "2026-11-28T16:10:04.123Z": UTC, millisecond precision.
std::string iso8601_utc(std::chrono::system_clock::time_point time);

// One log line without the trailing newline. `fields` must be a JSON object; a field named
// like a reserved member (time, level, msg) is kept under a leading underscore ("_msg").
// Invalid UTF-8 (e.g. a request target sent by a client) is replaced, never thrown on.
std::string format_log_line(std::chrono::system_clock::time_point time, LogLevel level,
                            std::string_view msg, const nlohmann::json& fields);

// Thread-safe: each line is written whole under a mutex, so lines from many threads never
// interleave.
class Logger {
 public:
  explicit Logger(std::ostream& out, LogLevel threshold = LogLevel::info);

  void set_threshold(LogLevel threshold) { threshold_.store(threshold); }
  LogLevel threshold() const { return threshold_.load(); }
  bool enabled(LogLevel level) const { return level >= threshold_.load(); }

  void log(LogLevel level, std::string_view msg,
           const nlohmann::json& fields = nlohmann::json::object());
  void debug(std::string_view msg, const nlohmann::json& fields = nlohmann::json::object()) {
    log(LogLevel::debug, msg, fields);
  }
  void info(std::string_view msg, const nlohmann::json& fields = nlohmann::json::object()) {
    log(LogLevel::info, msg, fields);
  }
  void warn(std::string_view msg, const nlohmann::json& fields = nlohmann::json::object()) {
    log(LogLevel::warn, msg, fields);
  }
  void error(std::string_view msg, const nlohmann::json& fields = nlohmann::json::object()) {
    log(LogLevel::error, msg, fields);
  }

 private:
  std::mutex mutex_;
  std::ostream* out_;
  std::atomic<LogLevel> threshold_;
};

// The process-wide logger on stderr at info, used when no other logger is configured.
Logger& default_logger();

}  // namespace twin::server
