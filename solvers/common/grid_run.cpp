#include "twin/solvers/grid_run.hpp"

#include <string>

#include "twin/data/error.hpp"

namespace twin::solvers {

void require_window_inside(const data::Scenario& scenario, const data::Window& out, std::string_view solver) {
  if (out.empty() || out.intersect(scenario.grid().full()) != out) {
    throw data::Error(data::ErrorCode::invalid_argument,
                      std::string(solver) + ": the output window must be non-empty and lie inside the grid");
  }
}

}  // namespace twin::solvers
