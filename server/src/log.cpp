#include "twin/server/log.hpp"

#include <array>
#include <ctime>
#include <iostream>

#include "twin/data/error.hpp"

namespace twin::server {
namespace {

constexpr std::array<std::string_view, 4> level_names{"debug", "info", "warn", "error"};

std::string json_string(std::string_view text) {
  return nlohmann::json(std::string(text))
      .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool is_reserved(const std::string& key) { return key == "time" || key == "level" || key == "msg"; }

}  // namespace

std::string_view log_level_name(LogLevel level) {
  return level_names.at(static_cast<std::size_t>(level));
}

LogLevel parse_log_level(std::string_view name) {
  for (std::size_t i = 0; i < level_names.size(); ++i)
    if (level_names[i] == name) return static_cast<LogLevel>(i);
  if (name == "warning") return LogLevel::warn;
  throw data::Error(
      data::ErrorCode::invalid_argument,
      "unknown log level '" + std::string(name) + "' (expected debug, info, warn or error)");
}

std::string iso8601_utc(std::chrono::system_clock::time_point time) {
  using namespace std::chrono;
  const auto millis = duration_cast<milliseconds>(time.time_since_epoch()).count();
  const std::time_t seconds = static_cast<std::time_t>(millis / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  std::array<char, 32> text{};
  const auto length = std::strftime(text.data(), text.size(), "%Y-%m-%dT%H:%M:%S", &utc);
  std::array<char, 8> fraction{};
  std::snprintf(fraction.data(), fraction.size(), ".%03dZ", static_cast<int>(millis % 1000));
  return std::string(text.data(), length) + fraction.data();
}

std::string format_log_line(std::chrono::system_clock::time_point time, LogLevel level,
                            std::string_view msg, const nlohmann::json& fields) {
  // Written by hand rather than through a json object so the reserved members come first,
  // which keeps the lines readable by eye.
  std::string line = "{\"time\":\"" + iso8601_utc(time) + "\",\"level\":\"" +
                     std::string(log_level_name(level)) + "\",\"msg\":" + json_string(msg);
  if (fields.is_object()) {
    for (const auto& [key, value] : fields.items()) {
      line += ',';
      line += json_string(is_reserved(key) ? "_" + key : key);
      line += ':';
      line += value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
  } else if (!fields.is_null()) {
    line += ",\"fields\":" + fields.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  line += '}';
  return line;
}

Logger::Logger(std::ostream& out, LogLevel threshold) : out_(&out), threshold_(threshold) {}

void Logger::log(LogLevel level, std::string_view msg, const nlohmann::json& fields) {
  if (!enabled(level)) return;
  std::string line = format_log_line(std::chrono::system_clock::now(), level, msg, fields);
  line += '\n';
  const std::lock_guard lock(mutex_);
  out_->write(line.data(), static_cast<std::streamsize>(line.size()));
  out_->flush();
}

Logger& default_logger() {
  static Logger logger(std::cerr, LogLevel::info);
  return logger;
}

}  // namespace twin::server
