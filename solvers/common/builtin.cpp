#include "twin/solvers/builtin.hpp"

namespace twin::solvers {

void register_builtin_solvers(Registry& registry) {
  // Each model adds itself here when its grid solver lands.
  (void)registry;
}

}  // namespace twin::solvers
