#include "twin/server/log.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <sstream>
#include <thread>
#include <vector>

#include "twin/data/error.hpp"

namespace twin::server {
namespace {

using Clock = std::chrono::system_clock;

std::vector<nlohmann::json> parse_lines(const std::string& text) {
  std::vector<nlohmann::json> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) lines.push_back(nlohmann::json::parse(line));  // throws if bad
  return lines;
}

TEST(Log, TimeIsIso8601UtcWithMilliseconds) {
  const struct {
    std::int64_t millis;
    std::string text;
  } cases[] = {{0, "1970-01-01T00:00:00.000Z"},
               {1'796'000'000'123, "2026-11-30T00:53:20.123Z"},
               {951'782'400'999, "2000-02-29T00:00:00.999Z"}};
  for (const auto& c : cases)
    EXPECT_EQ(iso8601_utc(Clock::time_point(std::chrono::milliseconds(c.millis))), c.text);
}

TEST(Log, LineIsOneJsonObjectWithReservedMembersFirst) {
  const auto line =
      format_log_line(Clock::time_point(std::chrono::milliseconds(0)), LogLevel::warn, "job failed",
                      {{"job_id", "abc"}, {"status", 500}, {"duration_ms", 1.5}});
  EXPECT_EQ(line.find('\n'), std::string::npos);
  EXPECT_EQ(line.rfind("{\"time\":\"1970-01-01T00:00:00.000Z\",\"level\":\"warn\",\"msg\":", 0),
            0u);
  const auto json = nlohmann::json::parse(line);
  EXPECT_EQ(json.at("msg"), "job failed");
  EXPECT_EQ(json.at("job_id"), "abc");
  EXPECT_EQ(json.at("status"), 500);
  EXPECT_EQ(json.at("duration_ms"), 1.5);
}

TEST(Log, AwkwardTextStaysOneValidLine) {
  const struct {
    std::string msg;
    nlohmann::json fields;
  } cases[] = {
      {"two\nlines", nlohmann::json::object()},
      {"quote \" and backslash \\", {{"target", "/a\"b"}}},
      {std::string("bad utf-8 \xff\xfe"), {{"target", std::string("/\xc3\x28")}}},
      {"reserved names", {{"msg", "shadow"}, {"level", "x"}, {"time", 1}}},
      {"not an object", nlohmann::json::array({1, 2})},
  };
  for (const auto& c : cases) {
    const auto line = format_log_line(Clock::now(), LogLevel::info, c.msg, c.fields);
    EXPECT_EQ(line.find('\n'), std::string::npos) << line;
    const auto json = nlohmann::json::parse(line);
    EXPECT_EQ(json.at("level"), "info");
    EXPECT_TRUE(json.at("msg").is_string());
  }
  const auto reserved = nlohmann::json::parse(
      format_log_line(Clock::now(), LogLevel::info, "m", {{"msg", "shadow"}}));
  EXPECT_EQ(reserved.at("msg"), "m");
  EXPECT_EQ(reserved.at("_msg"), "shadow");
}

TEST(Log, LevelsBelowTheThresholdAreDropped) {
  std::ostringstream out;
  Logger logger(out, LogLevel::warn);
  logger.debug("d");
  logger.info("i");
  logger.warn("w", {{"route", "/jobs"}});
  logger.error("e");
  auto lines = parse_lines(out.str());
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].at("level"), "warn");
  EXPECT_EQ(lines[0].at("route"), "/jobs");
  EXPECT_EQ(lines[1].at("level"), "error");
  EXPECT_TRUE(std::regex_match(lines[0].at("time").get<std::string>(),
                               std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")));

  logger.set_threshold(LogLevel::debug);
  logger.debug("now visible");
  lines = parse_lines(out.str());
  EXPECT_EQ(lines.back().at("msg"), "now visible");
}

TEST(Log, LevelNamesParse) {
  const struct {
    std::string name;
    LogLevel level;
  } cases[] = {{"debug", LogLevel::debug},
               {"info", LogLevel::info},
               {"warn", LogLevel::warn},
               {"warning", LogLevel::warn},
               {"error", LogLevel::error}};
  for (const auto& c : cases) {
    EXPECT_EQ(parse_log_level(c.name), c.level);
    if (c.name != "warning") {
      EXPECT_EQ(log_level_name(c.level), c.name);
    }
  }
  for (const std::string bad : {"", "INFO", "verbose"}) {
    try {
      parse_log_level(bad);
      ADD_FAILURE() << bad;
    } catch (const data::Error& e) {
      EXPECT_EQ(e.code(), data::ErrorCode::invalid_argument);
      EXPECT_NE(std::string(e.what()).find("'" + bad + "'"), std::string::npos);
    }
  }
}

TEST(Log, LinesFromManyThreadsNeverInterleave) {
  std::ostringstream out;
  Logger logger(out, LogLevel::info);
  constexpr int threads = 8, per_thread = 300;
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      for (int i = 0; i < per_thread; ++i)
        logger.info("request", {{"thread", t}, {"i", i}, {"padding", std::string(200, 'x')}});
    });
  }
  for (auto& worker : workers) worker.join();
  const auto lines = parse_lines(out.str());  // each line parses alone
  ASSERT_EQ(lines.size(), static_cast<std::size_t>(threads * per_thread));
  std::vector<int> next(threads, 0);
  for (const auto& line : lines) {  // and each thread's lines keep their order
    const int t = line.at("thread");
    EXPECT_EQ(line.at("i"), next[static_cast<std::size_t>(t)]++);
  }
}

}  // namespace
}  // namespace twin::server
