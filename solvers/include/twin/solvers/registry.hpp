#pragma once
// The solvers a process knows by name. Built once at start-up and then only read.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "twin/solvers/solver.hpp"

namespace twin::solvers {

class Registry {
 public:
  // Throws data::Error(invalid_argument) when the name is taken.
  void add(std::unique_ptr<Solver> solver);
  const Solver* find(std::string_view name) const;  // nullptr when unknown
  std::vector<std::string> names() const;

 private:
  std::map<std::string, std::unique_ptr<Solver>, std::less<>> solvers_;
};

}  // namespace twin::solvers
