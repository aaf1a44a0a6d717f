#pragma once
// Prometheus metrics in the text exposition format 0.0.4: counters and histograms updated
// lock-free from many threads, gauges computed at scrape time by callbacks. The standard
// twinsolve families are registered by the constructor; modules add their own families.
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace twin::server {

using Labels = std::vector<std::pair<std::string, std::string>>;  // name, value
using GaugeSamples = std::vector<std::pair<Labels, double>>;
using GaugeCallback = std::function<GaugeSamples()>;

class Counter {
 public:
  void add(double amount = 1.0) { value_.fetch_add(amount, std::memory_order_relaxed); }
  double value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0.0};
};

class Histogram {
 public:
  explicit Histogram(const std::vector<double>& upper_bounds);
  void observe(double value);
  // Counts per bucket, not cumulative; one more than the bounds (the last is +Inf only).
  std::vector<std::uint64_t> bucket_counts() const;
  double sum() const { return sum_.load(std::memory_order_relaxed); }

 private:
  const std::vector<double>* bounds_;  // owned by the family, outlives the histogram
  std::unique_ptr<std::atomic<std::uint64_t>[]> counts_;
  std::atomic<double> sum_{0.0};
};

class MetricFamily {
 public:
  MetricFamily(std::string name, std::string help, std::string type);
  virtual ~MetricFamily() = default;
  const std::string& name() const { return name_; }
  // Appends the HELP and TYPE lines and all samples.
  void render(std::string& out) const;

 protected:
  virtual void render_samples(std::string& out) const = 0;

 private:
  std::string name_, help_, type_;
};

// A family with fixed label names; a series per distinct set of label values, created on
// first use. The returned references stay valid as long as the Metrics object: hot paths
// may look a series up once and keep it.
template <class Series>
class LabelledFamily : public MetricFamily {
 public:
  LabelledFamily(std::string name, std::string help, std::string type,
                 std::vector<std::string> label_names);
  Series& with(const std::vector<std::string>& label_values);
  const std::vector<std::string>& label_names() const { return label_names_; }

 protected:
  virtual std::unique_ptr<Series> make_series() const = 0;
  // Calls `visit(label_values, series)` in label order under the read lock.
  void for_each(
      const std::function<void(const std::vector<std::string>&, const Series&)>& visit) const;

 private:
  std::vector<std::string> label_names_;
  mutable std::shared_mutex mutex_;
  std::map<std::vector<std::string>, std::unique_ptr<Series>> series_;
};

class CounterFamily : public LabelledFamily<Counter> {
 public:
  CounterFamily(std::string name, std::string help, std::vector<std::string> label_names);

 protected:
  std::unique_ptr<Counter> make_series() const override;
  void render_samples(std::string& out) const override;
};

class HistogramFamily : public LabelledFamily<Histogram> {
 public:
  HistogramFamily(std::string name, std::string help, std::vector<std::string> label_names,
                  std::vector<double> upper_bounds);

 protected:
  std::unique_ptr<Histogram> make_series() const override;
  void render_samples(std::string& out) const override;

 private:
  std::vector<double> bounds_;
};

// Bucket bounds of the HTTP request histogram, 0.5 ms to 10 s.
const std::vector<double>& http_duration_buckets();
// Bucket bounds of the job histogram, 0.1 s to 1 h.
const std::vector<double>& job_duration_buckets();

class Metrics {
 public:
  static constexpr std::string_view content_type = "text/plain; version=0.0.4; charset=utf-8";

  Metrics();  // registers twinsolve_http_*, twinsolve_cells_computed_total, twinsolve_job_*
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // One answered HTTP request; an empty route is recorded as "unmatched".
  void record_http_request(std::string_view route, std::string_view method, int status,
                           double seconds);
  void add_cells_computed(std::uint64_t cells) { cells_computed_->add(static_cast<double>(cells)); }
  void observe_job_duration(std::string_view process, double seconds);

  // A gauge whose samples are computed at every scrape (queue depth, jobs per state). The
  // callback runs on the scraping thread; if it throws, the family is rendered without
  // samples and the rest of the page is unaffected.
  void add_gauge_callback(std::string name, std::string help, GaugeCallback callback);

  // Further families. Names follow Prometheus rules ([a-zA-Z_:][a-zA-Z0-9_:]*); a bad or
  // duplicate name throws data::Error(invalid_argument).
  CounterFamily& add_counter(std::string name, std::string help,
                             std::vector<std::string> label_names);
  HistogramFamily& add_histogram(std::string name, std::string help,
                                 std::vector<std::string> label_names,
                                 std::vector<double> upper_bounds);

  // The whole page in registration order.
  std::string render() const;

 private:
  MetricFamily& add_family(std::unique_ptr<MetricFamily> family);

  mutable std::mutex families_mutex_;
  std::vector<std::unique_ptr<MetricFamily>> families_;
  CounterFamily* http_requests_ = nullptr;
  HistogramFamily* http_duration_ = nullptr;
  Counter* cells_computed_ = nullptr;
  HistogramFamily* job_duration_ = nullptr;
};

// Text-format helpers, exposed for tests and for other exporters.
std::string escape_label_value(std::string_view value);  // \ " and newline escaped
std::string format_metric_value(double value);           // shortest round-trip, +Inf, NaN

}  // namespace twin::server
