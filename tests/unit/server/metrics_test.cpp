#include "twin/server/metrics.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <functional>
#include <tuple>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "twin/data/error.hpp"

namespace twin::server {
namespace {

// A small parser of the text exposition format, strict enough to catch what Prometheus
// would reject: every sample belongs to a family declared by HELP and TYPE before it.
struct Sample {
  std::string name;
  std::map<std::string, std::string> labels;
  double value = 0;
};

struct Exposition {
  std::map<std::string, std::string> help;
  std::map<std::string, std::string> type;
  std::vector<Sample> samples;

  std::vector<Sample> named(const std::string& name) const {
    std::vector<Sample> out;
    for (const auto& sample : samples)
      if (sample.name == name) out.push_back(sample);
    return out;
  }
};

std::string family_of(const std::string& sample_name, const Exposition& page) {
  if (page.type.count(sample_name)) return sample_name;
  for (const std::string suffix : {"_bucket", "_sum", "_count"}) {
    if (sample_name.size() > suffix.size() &&
        sample_name.compare(sample_name.size() - suffix.size(), suffix.size(), suffix) == 0) {
      const auto base = sample_name.substr(0, sample_name.size() - suffix.size());
      if (page.type.count(base) && page.type.at(base) == "histogram") return base;
    }
  }
  throw std::runtime_error("sample of no declared family: " + sample_name);
}

Sample parse_sample(const std::string& line) {
  Sample sample;
  std::size_t i = 0;
  while (i < line.size() && line[i] != '{' && line[i] != ' ') sample.name += line[i++];
  if (i < line.size() && line[i] == '{') {
    ++i;
    while (line.at(i) != '}') {
      std::string key;
      while (line.at(i) != '=') key += line[i++];
      if (line.at(++i) != '"') throw std::runtime_error("unquoted label value: " + line);
      ++i;
      std::string value;
      while (line.at(i) != '"') {
        if (line[i] == '\\') {
          const char escaped = line.at(++i);
          if (escaped == 'n')
            value += '\n';
          else if (escaped == '\\' || escaped == '"')
            value += escaped;
          else
            throw std::runtime_error("bad escape in: " + line);
        } else {
          value += line[i];
        }
        ++i;
      }
      ++i;
      sample.labels[key] = value;
      if (line.at(i) == ',') ++i;
    }
    ++i;
  }
  if (line.at(i) != ' ') throw std::runtime_error("no value: " + line);
  const std::string value = line.substr(i + 1);
  sample.value = value == "+Inf" ? INFINITY : std::stod(value);
  return sample;
}

Exposition parse(const std::string& text) {
  Exposition page;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind("# HELP ", 0) == 0) {
      const auto rest = line.substr(7);
      page.help[rest.substr(0, rest.find(' '))] = rest.substr(rest.find(' ') + 1);
    } else if (line.rfind("# TYPE ", 0) == 0) {
      const auto rest = line.substr(7);
      const auto name = rest.substr(0, rest.find(' '));
      if (!page.help.count(name)) throw std::runtime_error("TYPE before HELP: " + name);
      page.type[name] = rest.substr(rest.find(' ') + 1);
    } else if (!line.empty()) {
      Sample sample = parse_sample(line);
      family_of(sample.name, page);  // throws when undeclared
      page.samples.push_back(std::move(sample));
    }
  }
  if (!text.empty() && text.back() != '\n') throw std::runtime_error("no final newline");
  return page;
}

TEST(Metrics, StandardFamiliesAreDeclaredEvenBeforeUse) {
  Metrics metrics;
  const auto page = parse(metrics.render());
  EXPECT_EQ(page.type.at("twinsolve_http_requests_total"), "counter");
  EXPECT_EQ(page.type.at("twinsolve_http_request_duration_seconds"), "histogram");
  EXPECT_EQ(page.type.at("twinsolve_cells_computed_total"), "counter");
  EXPECT_EQ(page.type.at("twinsolve_job_duration_seconds"), "histogram");
  // A counter without labels has its one sample from the start.
  ASSERT_EQ(page.named("twinsolve_cells_computed_total").size(), 1u);
  EXPECT_EQ(page.named("twinsolve_cells_computed_total")[0].value, 0.0);
}

TEST(Metrics, HttpRequestsAreCountedPerRouteMethodAndStatus) {
  Metrics metrics;
  metrics.record_http_request("/jobs/{id}", "GET", 200, 0.002);
  metrics.record_http_request("/jobs/{id}", "GET", 200, 0.003);
  metrics.record_http_request("/jobs/{id}", "GET", 404, 0.001);
  metrics.record_http_request("", "POST", 400, 0.001);
  metrics.add_cells_computed(1'000'000);
  metrics.add_cells_computed(24);
  const auto page = parse(metrics.render());

  std::map<std::tuple<std::string, std::string, std::string>, double> counts;
  for (const auto& s : page.named("twinsolve_http_requests_total"))
    counts[{s.labels.at("route"), s.labels.at("method"), s.labels.at("status")}] = s.value;
  const decltype(counts) expected{{{"/jobs/{id}", "GET", "200"}, 2.0},
                                  {{"/jobs/{id}", "GET", "404"}, 1.0},
                                  {{"unmatched", "POST", "400"}, 1.0}};
  EXPECT_EQ(counts, expected);
  EXPECT_EQ(page.named("twinsolve_cells_computed_total").at(0).value, 1'000'024.0);
}

TEST(Metrics, HistogramBucketsAreCumulativeWithInfSumAndCount) {
  Metrics metrics;
  // le="0.0005" holds 0.0005 itself (upper bounds are inclusive).
  for (const double seconds : {0.0001, 0.0005, 0.003, 0.003, 0.7, 20.0})
    metrics.record_http_request("/processes", "GET", 200, seconds);
  const auto page = parse(metrics.render());

  const struct {
    std::string le;
    double count;
  } expected[] = {{"0.0005", 2}, {"0.001", 2}, {"0.0025", 2}, {"0.005", 4}, {"0.01", 4},
                  {"0.025", 4},  {"0.05", 4},  {"0.1", 4},    {"0.25", 4},  {"0.5", 4},
                  {"1", 5},      {"2.5", 5},   {"5", 5},      {"10", 5},    {"+Inf", 6}};
  const auto buckets = page.named("twinsolve_http_request_duration_seconds_bucket");
  ASSERT_EQ(buckets.size(), std::size(expected));
  for (std::size_t i = 0; i < buckets.size(); ++i) {
    EXPECT_EQ(buckets[i].labels.at("route"), "/processes");
    EXPECT_EQ(buckets[i].labels.at("le"), expected[i].le);
    EXPECT_EQ(buckets[i].value, expected[i].count) << "le=" << expected[i].le;
  }
  EXPECT_NEAR(page.named("twinsolve_http_request_duration_seconds_sum").at(0).value, 20.7066, 1e-9);
  EXPECT_EQ(page.named("twinsolve_http_request_duration_seconds_count").at(0).value, 6.0);
}

TEST(Metrics, LabelValuesAreEscaped) {
  const struct {
    std::string raw;
    std::string escaped;
  } cases[] = {
      {"plain", "plain"},          {"a\"quote", "a\\\"quote"}, {"back\\slash", "back\\\\slash"},
      {"new\nline", "new\\nline"}, {"{curly},=", "{curly},="}, {"", ""}};
  for (const auto& c : cases) {
    EXPECT_EQ(escape_label_value(c.raw), c.escaped);
    Metrics metrics;
    metrics.observe_job_duration(c.raw, 1.0);
    const auto page = parse(metrics.render());  // and it round-trips through a parser
    EXPECT_EQ(page.named("twinsolve_job_duration_seconds_count").at(0).labels.at("process"), c.raw);
  }
}

TEST(Metrics, HelpTextIsEscaped) {
  Metrics metrics;
  metrics.add_counter("twinsolve_test_total", "line one\nline \\ two", {});
  EXPECT_NE(metrics.render().find("# HELP twinsolve_test_total line one\\nline \\\\ two\n"),
            std::string::npos);
}

TEST(Metrics, GaugeCallbacksAreCalledAtEveryScrape) {
  Metrics metrics;
  double depth = 3;
  metrics.add_gauge_callback("twinsolve_queue_depth", "Jobs waiting.", [&] {
    return GaugeSamples{{{}, depth}};
  });
  metrics.add_gauge_callback("twinsolve_jobs", "Jobs by state.", [] {
    return GaugeSamples{{{{"state", "running"}}, 2}, {{{"state", "accepted"}}, 5}};
  });
  metrics.add_gauge_callback("twinsolve_broken", "A source that fails.",
                             []() -> GaugeSamples { throw std::runtime_error("redis down"); });
  auto page = parse(metrics.render());
  EXPECT_EQ(page.type.at("twinsolve_queue_depth"), "gauge");
  EXPECT_EQ(page.named("twinsolve_queue_depth").at(0).value, 3.0);
  ASSERT_EQ(page.named("twinsolve_jobs").size(), 2u);
  EXPECT_EQ(page.named("twinsolve_jobs")[1].labels.at("state"), "accepted");
  EXPECT_EQ(page.named("twinsolve_jobs")[1].value, 5.0);
  EXPECT_TRUE(page.named("twinsolve_broken").empty());
  EXPECT_EQ(page.type.at("twinsolve_broken"), "gauge");

  depth = 7;
  page = parse(metrics.render());
  EXPECT_EQ(page.named("twinsolve_queue_depth").at(0).value, 7.0);
}

TEST(Metrics, ValuesAreFormattedForPrometheus) {
  const struct {
    double value;
    std::string text;
  } cases[] = {{0, "0"},       {3, "3"},           {0.0005, "0.0005"},  {1e21, "1e+21"},
               {-2.5, "-2.5"}, {INFINITY, "+Inf"}, {-INFINITY, "-Inf"}, {NAN, "NaN"}};
  for (const auto& c : cases) EXPECT_EQ(format_metric_value(c.value), c.text);
}

TEST(Metrics, BadRegistrationsAreRefused) {
  Metrics metrics;
  const std::function<void()> bad[] = {
      [&] { metrics.add_counter("9starts_with_digit", "", {}); },
      [&] { metrics.add_counter("has-dash", "", {}); },
      [&] { metrics.add_counter("twinsolve_http_requests_total", "twice", {}); },
      [&] { metrics.add_counter("twinsolve_x_total", "", {"bad label"}); },
      [&] { metrics.add_counter("twinsolve_y_total", "", {"__reserved"}); },
      [&] {
        metrics.add_counter("twinsolve_z_total", "", {"a", "a"});
      },
      [&] { metrics.add_histogram("twinsolve_h", "", {"le"}, {1.0}); },
      [&] {
        metrics.add_histogram("twinsolve_h2", "", {}, {1.0, 1.0});
      },
      [&] {
        metrics.add_histogram("twinsolve_h3", "", {}, {1.0, INFINITY});
      },
      [&] {
        metrics.add_counter("twinsolve_w_total", "", {"a"}).with({"x", "y"});
      },
  };
  for (std::size_t i = 0; i < std::size(bad); ++i) {
    try {
      bad[i]();
      ADD_FAILURE() << "case " << i << " was accepted";
    } catch (const data::Error& e) {
      EXPECT_EQ(e.code(), data::ErrorCode::invalid_argument) << "case " << i;
    }
  }
  // Nothing half-registered.
  EXPECT_NO_THROW(parse(metrics.render()));
}

TEST(Metrics, ConcurrentUpdatesAreNotLost) {
  Metrics metrics;
  constexpr int threads = 4, per_thread = 20'000;
  std::vector<std::thread> workers;
  const auto start = std::chrono::steady_clock::now();
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      for (int i = 0; i < per_thread; ++i) {
        metrics.record_http_request(i % 2 ? "/jobs/{id}" : "/jobs", "GET", 200, 0.001);
        metrics.add_cells_computed(static_cast<std::uint64_t>(t + 1));
      }
    });
  }
  for (auto& worker : workers) worker.join();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const auto page = parse(metrics.render());
  double total = 0;
  for (const auto& s : page.named("twinsolve_http_requests_total")) total += s.value;
  EXPECT_EQ(total, threads * per_thread);
  EXPECT_EQ(page.named("twinsolve_cells_computed_total").at(0).value, per_thread * (1 + 2 + 3 + 4));
  // A status GET must stay in the tens of microseconds: recording is a small part of that.
  // Loose bound (shared CI machines); typically well under a microsecond.
  EXPECT_LT(seconds / (threads * per_thread), 20e-6);
}

}  // namespace
}  // namespace twin::server
