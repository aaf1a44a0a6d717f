#pragma once
// A deterministic synthetic Dutch landscape for demos, tests and benchmarks: gentle terrain,
// towns with buildings and street canyons, streets with traffic, a motorway, parks and street
// trees, water, farmland with livestock farms (NH3 point sources), an industrial stack (NOx
// with heat content) and a Natura 2000 heath with its critical deposition value.
#include <cstdint>
#include <functional>

#include "twin/data/memory_budget.hpp"
#include "twin/data/scenario.hpp"

namespace twin::data {

struct DemoOptions {
  double size_km = 5.0;   // square side
  double cell_m = 10.0;
  std::uint64_t seed = 1;
  double x_min = 150000.0;  // RD New, south-west corner (near Utrecht/Gelderland)
  double y_min = 440000.0;
  MemoryBudget budget;
};

// Progress receives fractions 0..1; may be empty.
Scenario make_demo_scenario(const DemoOptions& options,
                            const std::function<void(double)>& progress = {});

}  // namespace twin::data
