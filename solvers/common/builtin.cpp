#include "twin/solvers/builtin.hpp"

#include <memory>

#include "twin/solvers/heat/heat_solver.hpp"
#include "twin/solvers/nitrogen/nitrogen_solver.hpp"
#include "twin/solvers/noise/noise_solver.hpp"

namespace twin::solvers {

void register_builtin_solvers(Registry& registry) {
  // Each model adds itself here when its grid solver lands.
  registry.add(std::make_unique<heat::HeatSolver>());
  registry.add(std::make_unique<noise::NoiseSolver>());
  registry.add(std::make_unique<nitrogen::NitrogenSolver>());
}

}  // namespace twin::solvers
