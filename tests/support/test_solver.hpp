#pragma once
// A test-only solver that exercises the job pipeline without a model's cost: it scales the
// dtm layer, can take a while (checking cancellation per row) and can fail on request.
#include "twin/solvers/solver.hpp"

namespace twin::test {

class ScaleSolver final : public solvers::Solver {
 public:
  std::string_view name() const override { return "test-scale"; }
  std::string_view title() const override { return "Test: dtm times a factor"; }
  std::string_view model_version() const override { return "test-1"; }
  solvers::ParamSpec params() const override;
  std::vector<std::string> needs() const override { return {"dtm"}; }
  double halo_m(const solvers::Params&) const override { return 0.0; }
  solvers::LayerSet solve(const data::Scenario& scenario, const solvers::Params& params, data::Window out,
                          solvers::RunContext& context) const override;
  // Cells where "scaled" changed against the reference and the largest change.
  nlohmann::json compare_statistics(const data::Scenario& scenario, const data::Scenario& result,
                                    const data::Scenario& reference_result, const solvers::Params& params) const override;
};

// A flat-ish nx x ny scenario with a dtm (cell = 10 m, EPSG:28992) and one building.
data::Scenario small_scenario(std::int64_t nx = 20, std::int64_t ny = 20);

}  // namespace twin::test
