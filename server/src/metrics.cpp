#include "twin/server/metrics.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <set>

#include "twin/data/error.hpp"

namespace twin::server {
namespace {

using data::Error;
using data::ErrorCode;

bool is_metric_name(std::string_view name) {
  if (name.empty()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
    if (!letter && !(i > 0 && c >= '0' && c <= '9')) return false;
  }
  return true;
}

bool is_label_name(std::string_view name) {
  return is_metric_name(name) && name.find(':') == std::string_view::npos &&
         name.substr(0, 2) != "__";
}

std::string escape_help(std::string_view help) {
  std::string out;
  for (const char c : help) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out;
}

// `{a="x",b="y"}`, or nothing when there are no labels.
void append_labels(std::string& out, const Labels& labels) {
  if (labels.empty()) return;
  out += '{';
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (i > 0) out += ',';
    out += labels[i].first;
    out += "=\"";
    out += escape_label_value(labels[i].second);
    out += '"';
  }
  out += '}';
}

Labels zip_labels(const std::vector<std::string>& names, const std::vector<std::string>& values) {
  Labels labels;
  for (std::size_t i = 0; i < names.size(); ++i) labels.emplace_back(names[i], values[i]);
  return labels;
}

void append_sample(std::string& out, std::string_view name, const Labels& labels, double value) {
  out += name;
  append_labels(out, labels);
  out += ' ';
  out += format_metric_value(value);
  out += '\n';
}

class GaugeFamily : public MetricFamily {
 public:
  GaugeFamily(std::string name, std::string help, GaugeCallback callback)
      : MetricFamily(std::move(name), std::move(help), "gauge"), callback_(std::move(callback)) {}

 protected:
  void render_samples(std::string& out) const override {
    GaugeSamples samples;
    try {
      samples = callback_();
    } catch (...) {
      return;  // a failing source must not take the whole scrape down
    }
    for (const auto& [labels, value] : samples) {
      const bool valid = std::all_of(labels.begin(), labels.end(),
                                     [](const auto& label) { return is_label_name(label.first); });
      if (valid) append_sample(out, name(), labels, value);
    }
  }

 private:
  GaugeCallback callback_;
};

void check_label_names(const std::string& family, const std::vector<std::string>& names) {
  std::set<std::string> seen;
  for (const auto& label : names) {
    if (!is_label_name(label) || !seen.insert(label).second)
      throw Error(ErrorCode::invalid_argument,
                  "metric " + family + ": bad or repeated label name '" + label + "'");
  }
}

}  // namespace

std::string escape_label_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (const char c : value) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '"')
      out += "\\\"";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out;
}

std::string format_metric_value(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  std::array<char, 32> text{};
  const auto result =
      std::to_chars(text.data(), text.data() + text.size(), value, std::chars_format::general);
  return std::string(text.data(), result.ptr);
}

Histogram::Histogram(const std::vector<double>& upper_bounds)
    : bounds_(&upper_bounds),
      counts_(std::make_unique<std::atomic<std::uint64_t>[]>(upper_bounds.size() + 1)) {}

void Histogram::observe(double value) {
  // Bucket `le` holds values <= its bound: the first bound not below the value.
  const auto bucket = std::lower_bound(bounds_->begin(), bounds_->end(), value) - bounds_->begin();
  counts_[static_cast<std::size_t>(bucket)].fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(value, std::memory_order_relaxed);
}

std::vector<std::uint64_t> Histogram::bucket_counts() const {
  std::vector<std::uint64_t> counts(bounds_->size() + 1);
  for (std::size_t i = 0; i < counts.size(); ++i)
    counts[i] = counts_[i].load(std::memory_order_relaxed);
  return counts;
}

MetricFamily::MetricFamily(std::string name, std::string help, std::string type)
    : name_(std::move(name)), help_(std::move(help)), type_(std::move(type)) {
  if (!is_metric_name(name_))
    throw Error(ErrorCode::invalid_argument, "bad metric name '" + name_ + "'");
}

void MetricFamily::render(std::string& out) const {
  out += "# HELP " + name_ + ' ' + escape_help(help_) + '\n';
  out += "# TYPE " + name_ + ' ' + type_ + '\n';
  render_samples(out);
}

template <class Series>
LabelledFamily<Series>::LabelledFamily(std::string name, std::string help, std::string type,
                                       std::vector<std::string> label_names)
    : MetricFamily(std::move(name), std::move(help), std::move(type)),
      label_names_(std::move(label_names)) {
  check_label_names(this->name(), label_names_);
}

template <class Series>
Series& LabelledFamily<Series>::with(const std::vector<std::string>& label_values) {
  if (label_values.size() != label_names_.size())
    throw Error(ErrorCode::invalid_argument,
                "metric " + name() + ": " + std::to_string(label_values.size()) +
                    " label values for " + std::to_string(label_names_.size()) + " labels");
  {
    const std::shared_lock lock(mutex_);
    const auto it = series_.find(label_values);
    if (it != series_.end()) return *it->second;
  }
  const std::unique_lock lock(mutex_);
  auto& slot = series_[label_values];
  if (!slot) slot = make_series();
  return *slot;
}

template <class Series>
void LabelledFamily<Series>::for_each(
    const std::function<void(const std::vector<std::string>&, const Series&)>& visit) const {
  const std::shared_lock lock(mutex_);
  for (const auto& [values, series] : series_) visit(values, *series);
}

template class LabelledFamily<Counter>;
template class LabelledFamily<Histogram>;

CounterFamily::CounterFamily(std::string name, std::string help,
                             std::vector<std::string> label_names)
    : LabelledFamily(std::move(name), std::move(help), "counter", std::move(label_names)) {}

std::unique_ptr<Counter> CounterFamily::make_series() const { return std::make_unique<Counter>(); }

void CounterFamily::render_samples(std::string& out) const {
  for_each([&](const std::vector<std::string>& values, const Counter& counter) {
    append_sample(out, name(), zip_labels(label_names(), values), counter.value());
  });
}

HistogramFamily::HistogramFamily(std::string name, std::string help,
                                 std::vector<std::string> label_names,
                                 std::vector<double> upper_bounds)
    : LabelledFamily(std::move(name), std::move(help), "histogram", std::move(label_names)),
      bounds_(std::move(upper_bounds)) {
  if (std::find(this->label_names().begin(), this->label_names().end(), "le") !=
      this->label_names().end())
    throw Error(ErrorCode::invalid_argument,
                "histogram " + this->name() + ": label 'le' is reserved");
  for (std::size_t i = 0; i < bounds_.size(); ++i) {
    if (!std::isfinite(bounds_[i]) || (i > 0 && bounds_[i] <= bounds_[i - 1]))
      throw Error(ErrorCode::invalid_argument,
                  "histogram " + this->name() + ": bucket bounds must be finite and increasing");
  }
}

std::unique_ptr<Histogram> HistogramFamily::make_series() const {
  return std::make_unique<Histogram>(bounds_);
}

void HistogramFamily::render_samples(std::string& out) const {
  const std::string bucket_name = name() + "_bucket";
  for_each([&](const std::vector<std::string>& values, const Histogram& histogram) {
    Labels labels = zip_labels(label_names(), values);
    const auto counts = histogram.bucket_counts();
    // _count is the sum of the buckets read, so +Inf and _count agree even while other
    // threads observe.
    std::uint64_t cumulative = 0;
    labels.emplace_back("le", "");
    for (std::size_t i = 0; i < counts.size(); ++i) {
      cumulative += counts[i];
      labels.back().second = i < bounds_.size() ? format_metric_value(bounds_[i]) : "+Inf";
      append_sample(out, bucket_name, labels, static_cast<double>(cumulative));
    }
    labels.pop_back();
    append_sample(out, name() + "_sum", labels, histogram.sum());
    append_sample(out, name() + "_count", labels, static_cast<double>(cumulative));
  });
}

const std::vector<double>& http_duration_buckets() {
  static const std::vector<double> buckets{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                           0.1,    0.25,  0.5,    1.0,   2.5,  5.0,   10.0};
  return buckets;
}

const std::vector<double>& job_duration_buckets() {
  static const std::vector<double> buckets{0.1,  0.25, 0.5,   1.0,   2.5,   5.0,    10.0,
                                           30.0, 60.0, 120.0, 300.0, 600.0, 1800.0, 3600.0};
  return buckets;
}

Metrics::Metrics() {
  http_requests_ = &add_counter("twinsolve_http_requests_total", "HTTP requests answered.",
                                {"route", "method", "status"});
  http_duration_ = &add_histogram("twinsolve_http_request_duration_seconds",
                                  "Time from the first byte of a request to its response sent.",
                                  {"route"}, http_duration_buckets());
  cells_computed_ =
      &add_counter("twinsolve_cells_computed_total", "Grid cells computed by the solvers.", {})
           .with({});
  job_duration_ =
      &add_histogram("twinsolve_job_duration_seconds", "Run time of finished jobs, by process.",
                     {"process"}, job_duration_buckets());
}

Metrics::~Metrics() = default;

void Metrics::record_http_request(std::string_view route, std::string_view method, int status,
                                  double seconds) {
  std::string route_label = route.empty() ? std::string("unmatched") : std::string(route);
  http_requests_->with({route_label, std::string(method), std::to_string(status)}).add();
  http_duration_->with({std::move(route_label)}).observe(seconds);
}

void Metrics::observe_job_duration(std::string_view process, double seconds) {
  job_duration_->with({std::string(process)}).observe(seconds);
}

void Metrics::add_gauge_callback(std::string name, std::string help, GaugeCallback callback) {
  add_family(std::make_unique<GaugeFamily>(std::move(name), std::move(help), std::move(callback)));
}

CounterFamily& Metrics::add_counter(std::string name, std::string help,
                                    std::vector<std::string> label_names) {
  return static_cast<CounterFamily&>(add_family(
      std::make_unique<CounterFamily>(std::move(name), std::move(help), std::move(label_names))));
}

HistogramFamily& Metrics::add_histogram(std::string name, std::string help,
                                        std::vector<std::string> label_names,
                                        std::vector<double> upper_bounds) {
  return static_cast<HistogramFamily&>(add_family(std::make_unique<HistogramFamily>(
      std::move(name), std::move(help), std::move(label_names), std::move(upper_bounds))));
}

MetricFamily& Metrics::add_family(std::unique_ptr<MetricFamily> family) {
  const std::lock_guard lock(families_mutex_);
  for (const auto& existing : families_) {
    if (existing->name() == family->name())
      throw Error(ErrorCode::invalid_argument, "metric " + family->name() + " registered twice");
  }
  families_.push_back(std::move(family));
  return *families_.back();
}

std::string Metrics::render() const {
  std::string out;
  const std::lock_guard lock(families_mutex_);
  for (const auto& family : families_) family->render(out);
  return out;
}

}  // namespace twin::server
