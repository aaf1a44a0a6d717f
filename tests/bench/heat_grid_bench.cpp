// Benchmark of the heat grid solver on the demo landscape: wall time of solve() (the scenario
// is generated first and not timed), cells per second, and PET in sun and shade as a sanity
// line. Peak memory: run it under /usr/bin/time -v (heat_grid_bench.sh does). Not in CI.
// Usage: heat_grid_bench SIZE_KM CELL_M THREADS [PARAMS_JSON]
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "twin/data/demo_scenario.hpp"
#include "twin/solvers/heat/heat_solver.hpp"

int main(int argc, char** argv) {
  using namespace twin;
  if (argc < 4) {
    std::fprintf(stderr, "usage: %s SIZE_KM CELL_M THREADS [PARAMS_JSON]\n", argv[0]);
    return 2;
  }
  data::DemoOptions o;
  o.size_km = std::atof(argv[1]);
  o.cell_m = std::atof(argv[2]);
  const int threads = std::atoi(argv[3]);
  const nlohmann::json given = argc > 4 ? nlohmann::json::parse(argv[4]) : nlohmann::json::object();
  using Clock = std::chrono::steady_clock;
  const auto t0 = Clock::now();
  const data::Scenario s = data::make_demo_scenario(o);
  const auto t1 = Clock::now();
  const solvers::heat::HeatSolver solver;
  const solvers::Params p = solvers::resolve(solver.params(), given);
  solvers::RunContext ctx({}, nullptr, threads);
  const solvers::LayerSet r = solver.solve(s, p, s.grid().full(), ctx);
  const auto t2 = Clock::now();
  const double scen_s = std::chrono::duration<double>(t1 - t0).count();
  const double solve_s = std::chrono::duration<double>(t2 - t1).count();
  const auto cells = static_cast<double>(s.grid().cells());

  std::vector<float> sun, shade;
  const auto* pet =
      r.contains("pet") ? &std::get<data::Raster<float>>(r.at("pet").raster) : nullptr;
  const auto* sh = r.contains("shadow_fraction")
                       ? &std::get<data::Raster<float>>(r.at("shadow_fraction").raster)
                       : nullptr;
  if (pet != nullptr && sh != nullptr) {
    for (std::size_t k = 0; k < pet->values.size(); ++k) {
      if (std::isnan(pet->values[k])) continue;
      (sh->values[k] > 0.5f ? shade : sun).push_back(pet->values[k]);
    }
  }
  const auto median = [](std::vector<float> v) {
    if (v.empty()) return std::nanf("");
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
    return v[v.size() / 2];
  };
  std::printf(
      "cells %.0f threads %d params %s | scenario %.2f s | solve %.2f s | %.3g cells/s | "
      "PET median sun %.1f shade %.1f (cells %zu / %zu)\n",
      cells, threads, p.json().dump().c_str(), scen_s, solve_s, cells / solve_s, median(sun),
      median(shade), sun.size(), shade.size());
  if (r.contains("pet")) {
    const auto t3 = Clock::now();
    const nlohmann::json stats = solvers::heat::heat_statistics(s, r, s.grid().full());
    std::printf("statistics %.2f s: %s\n", std::chrono::duration<double>(Clock::now() - t3).count(),
                stats.dump().c_str());
  }
  return 0;
}
