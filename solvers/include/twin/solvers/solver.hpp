#pragma once
// The interface every model implements. Solvers see scenarios and parameters only: no HTTP,
// no queues, no files (DESIGN.md: data <- solvers <- jobs <- server).
#include <atomic>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "twin/data/grid_spec.hpp"
#include "twin/data/layer.hpp"
#include "twin/data/scenario.hpp"
#include "twin/solvers/params.hpp"

namespace twin::solvers {

using LayerSet = std::map<std::string, data::Layer, std::less<>>;

// Thrown by RunContext::check_cancelled(); the job runner records the job as dismissed.
struct Cancelled {};

// What a running solve may use besides its inputs: progress reporting, cancellation (checked
// once per block of work) and its thread budget.
class RunContext {
 public:
  RunContext() = default;
  RunContext(std::function<void(double)> progress, const std::atomic<bool>* cancel, int threads)
      : progress_(std::move(progress)), cancel_(cancel), threads_(threads) {}

  void report(double fraction) const {
    if (progress_) progress_(fraction);
  }
  bool cancelled() const { return cancel_ != nullptr && cancel_->load(std::memory_order_relaxed); }
  void check_cancelled() const {
    if (cancelled()) throw Cancelled{};
  }
  int threads() const { return threads_; }  // 0 = all cores
  // For loops finer than a block that must stop promptly (a long sky-view-factor scan).
  const std::atomic<bool>* cancel_flag() const { return cancel_; }

 private:
  std::function<void(double)> progress_;
  const std::atomic<bool>* cancel_ = nullptr;
  int threads_ = 0;
};

class Solver {
 public:
  virtual ~Solver() = default;
  virtual std::string_view name() const = 0;         // "nitrogen", "noise", "heat"
  virtual std::string_view title() const = 0;        // one line for people
  virtual std::string_view model_version() const = 0;
  virtual ParamSpec params() const = 0;
  virtual std::vector<std::string> needs() const = 0;  // required layers and tables
  virtual double halo_m(const Params& params) const = 0;  // influence radius, for tiling
  virtual LayerSet solve(const data::Scenario& scenario, const Params& params, data::Window out,
                         RunContext& context) const = 0;
  // The figures planners ask for besides the maps (area and dwellings per class, exceedances),
  // computed from the solved scenario and its result; shown in the job's results document.
  virtual nlohmann::json statistics(const data::Scenario& scenario, const LayerSet& result,
                                    const Params& params) const {
    (void)scenario, (void)result, (void)params;
    return nlohmann::json::object();
  }
  // What a plan changes against its reference (the project contribution), computed from the
  // solved scenario, its result and the reference's result on the same grid; called by the job
  // pipeline whenever a reference is solved or loaded, and shown in the results document as
  // statistics.comparison. Empty = the solver reports no comparison (the default).
  virtual nlohmann::json compare_statistics(const data::Scenario& scenario, const data::Scenario& result,
                                            const data::Scenario& reference_result, const Params& params) const {
    (void)scenario, (void)result, (void)reference_result, (void)params;
    return nlohmann::json::object();
  }
};

}  // namespace twin::solvers
