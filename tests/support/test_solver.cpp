#include "support/test_solver.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <thread>

#include "twin/data/error.hpp"

namespace twin::test {

solvers::ParamSpec ScaleSolver::params() const {
  solvers::ParamInfo factor{"factor", solvers::ParamType::number, "1", 2.0, 0.0, 100.0, {}, "multiplier"};
  solvers::ParamInfo row_delay{"row_delay_ms", solvers::ParamType::integer, "ms", 0, 0.0, 1000.0, {},
                               "sleep per row, to make a job last"};
  solvers::ParamInfo fail{"fail", solvers::ParamType::boolean, "", false, {}, {}, {}, "fail with invalid-value"};
  return {factor, row_delay, fail};
}

solvers::LayerSet ScaleSolver::solve(const data::Scenario& scenario, const solvers::Params& params,
                                     data::Window out, solvers::RunContext& context) const {
  if (params.boolean("fail")) throw data::Error(data::ErrorCode::invalid_value, "failure requested by the test");
  const auto& dtm = scenario.raster<float>("dtm");
  const double factor = params.number("factor");
  const auto delay = std::chrono::milliseconds(params.integer("row_delay_ms"));
  data::Raster<float> result(scenario.grid().sub_grid(out), 0.0f, -9999.0f);
  for (std::int64_t row = 0; row < out.nrows; ++row) {
    context.check_cancelled();
    if (delay.count() > 0) std::this_thread::sleep_for(delay);
    for (std::int64_t col = 0; col < out.ncols; ++col)
      result.at(col, row) = static_cast<float>(dtm.at(out.col0 + col, out.row0 + row) * factor);
    context.report(static_cast<double>(row + 1) / static_cast<double>(out.nrows));
  }
  solvers::LayerSet layers;
  layers.emplace("scaled", data::make_layer(std::move(result), "m", "dtm times factor"));
  return layers;
}

nlohmann::json ScaleSolver::compare_statistics(const data::Scenario&, const data::Scenario& result,
                                               const data::Scenario& reference_result, const solvers::Params&) const {
  const auto& now = result.raster<float>("scaled").values;
  const auto& before = reference_result.raster<float>("scaled").values;
  double changed = 0, largest = 0;
  for (std::size_t i = 0; i < now.size() && i < before.size(); ++i) {
    if (now[i] != before[i]) changed += 1;
    largest = std::max(largest, std::abs(static_cast<double>(now[i]) - before[i]));
  }
  return {{"cells_changed", changed}, {"max_change", largest}};
}

data::Scenario small_scenario(std::int64_t nx, std::int64_t ny) {
  data::GridSpec grid{150000.0, 450000.0, 10.0, nx, ny, 28992};
  data::Scenario scenario(grid);
  scenario.info.name = "small";
  data::Raster<float> dtm(grid, 0.0f, -9999.0f);
  for (std::int64_t row = 0; row < ny; ++row)
    for (std::int64_t col = 0; col < nx; ++col) dtm.at(col, row) = static_cast<float>(col + row);
  scenario.set_layer("dtm", data::make_layer(std::move(dtm), "m", "terrain height"));
  data::Raster<float> buildings(grid, 0.0f, -9999.0f);
  buildings.at(nx / 2, ny / 2) = 12.0f;
  scenario.set_layer("building_height", data::make_layer(std::move(buildings), "m", "building height"));
  return scenario;
}

}  // namespace twin::test
