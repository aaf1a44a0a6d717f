#pragma once
// What every grid solver's solve() does around its numerics: check the output window,
// run inside the job's thread budget, and report progress over blocks of work from any
// thread in a fixed order of totals.
#include <algorithm>
#include <mutex>
#include <string_view>

#include <tbb/task_arena.h>

#include "twin/data/scenario.hpp"
#include "twin/solvers/solver.hpp"

namespace twin::solvers {

// Throws data::Error(invalid_argument) naming the solver when `out` is empty or leaves the grid.
void require_window_inside(const data::Scenario& scenario, const data::Window& out, std::string_view solver);

// Reports 0, runs `body` in an arena of the context's thread budget (0 = the caller's arena),
// reports 1 and returns what `body` returns.
template <class Body>
auto run_with_budget(RunContext& context, Body&& body) {
  context.report(0.0);
  decltype(body()) result;
  if (context.threads() > 0) {
    tbb::task_arena arena(context.threads());
    arena.execute([&] { result = body(); });
  } else {
    result = body();
  }
  context.report(1.0);
  return result;
}

// Progress over a known number of roughly equal work units, reported from any thread.
class BlockProgress {
 public:
  BlockProgress(const RunContext& context, double total) : context_(context), total_(total) {}
  void done(double units) {
    std::lock_guard lock(mutex_);
    done_ += units;
    context_.report(std::min(1.0, done_ / total_));
  }

 private:
  const RunContext& context_;
  double total_;
  double done_ = 0;
  std::mutex mutex_;
};

}  // namespace twin::solvers
