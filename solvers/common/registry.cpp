#include "twin/solvers/registry.hpp"

#include "twin/data/error.hpp"

namespace twin::solvers {

void Registry::add(std::unique_ptr<Solver> solver) {
  std::string name(solver->name());
  if (solvers_.count(name)) {
    throw data::Error(data::ErrorCode::invalid_argument, "a solver named '" + name + "' is already registered");
  }
  solvers_.emplace(std::move(name), std::move(solver));
}

const Solver* Registry::find(std::string_view name) const {
  auto it = solvers_.find(name);
  return it == solvers_.end() ? nullptr : it->second.get();
}

std::vector<std::string> Registry::names() const {
  std::vector<std::string> out;
  for (const auto& [name, solver] : solvers_) out.push_back(name);
  return out;
}

}  // namespace twin::solvers
