#pragma once
// The `noop` process: solves nothing. It exists to measure and test the job machinery (queue,
// workers, result files) without a model's cost: it may sleep, returns one layer of zeros on
// the scenario grid, and, as a poison job for fault tests, may end its process with SIGABRT.
// Not a builtin: `twinsolve` registers it only with --test-processes (TWINSOLVE_TEST_PROCESSES),
// so a production server never offers a job that kills its worker.
#include "twin/solvers/solver.hpp"

namespace twin::solvers {

class NoopSolver final : public Solver {
 public:
  std::string_view name() const override { return "noop"; }
  std::string_view title() const override { return "No-op (tests and benchmarks): a layer of zeros"; }
  std::string_view model_version() const override { return "noop-1"; }
  ParamSpec params() const override;
  std::vector<std::string> needs() const override { return {}; }
  double halo_m(const Params&) const override { return 0.0; }
  LayerSet solve(const data::Scenario& scenario, const Params& params, data::Window out,
                 RunContext& context) const override;
};

}  // namespace twin::solvers
