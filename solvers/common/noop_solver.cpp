#include "twin/solvers/noop_solver.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <thread>

namespace twin::solvers {

ParamSpec NoopSolver::params() const {
  return {number_param("sleep_ms", "ms", 0, 0, 60'000, "how long the job pretends to work"),
          flag_param("abort", false,
                     "end the worker process with SIGABRT instead of solving (a poison job for fault "
                     "tests)")};
}

LayerSet NoopSolver::solve(const data::Scenario& scenario, const Params& params, data::Window out,
                           RunContext& context) const {
  // Before anything else, so the job dies the way a crashing solver would: no result, no
  // final status, only a stream entry that stops being refreshed.
  if (params.boolean("abort")) std::abort();
  // Sleep in slices, so a dismissal stops the job within the solvers' usual second.
  using Clock = std::chrono::steady_clock;
  const auto until =
      Clock::now() + std::chrono::duration_cast<Clock::duration>(
                         std::chrono::duration<double, std::milli>(params.number("sleep_ms")));
  for (auto now = Clock::now(); now < until; now = Clock::now()) {
    context.check_cancelled();
    std::this_thread::sleep_for(std::min<Clock::duration>(until - now, std::chrono::milliseconds(50)));
  }
  context.check_cancelled();
  data::Raster<float> zeros(scenario.grid().sub_grid(out), 0.0f, -9999.0f);
  context.report(1.0);
  LayerSet layers;
  layers.emplace("zero", data::make_layer(std::move(zeros), "1", "zeros (no-op process)"));
  return layers;
}

}  // namespace twin::solvers
