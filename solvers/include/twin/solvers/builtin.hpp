#pragma once
// The solvers that ship with twinsolve. The server, the `run` command and the workers call
// this once at start-up; tests may register their own solvers instead or as well.
#include "twin/solvers/registry.hpp"

namespace twin::solvers {

void register_builtin_solvers(Registry& registry);

}  // namespace twin::solvers
