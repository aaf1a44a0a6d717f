// Benchmark of the noise grid solver on the demo landscape: wall time of solve() (the
// scenario is generated first and not timed) and receivers per second; then, on one thread
// over every 10th row, paths per receiver and paths per second of the per-receiver kernel.
// Not in CI. Usage: noise_grid_bench SIZE_KM CELL_M THREADS [PARAMS_JSON]
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "noise_solver_detail.hpp"
#include "twin/data/demo_scenario.hpp"
#include "twin/data/standard_names.hpp"
#include "twin/solvers/noise/noise_solver.hpp"

int main(int argc, char** argv) {
  using namespace twin;
  using namespace twin::solvers::noise;
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
  const data::Scenario s = data::make_demo_scenario(o);
  const NoiseSolver solver;
  const solvers::Params p = solvers::resolve(solver.params(), given);
  solvers::RunContext ctx({}, nullptr, threads);
  const auto t0 = Clock::now();
  const solvers::LayerSet r = solver.solve(s, p, s.grid().full(), ctx);
  const double solve_s = std::chrono::duration<double>(Clock::now() - t0).count();
  const auto& dtm = s.raster<float>(data::names::dtm);
  const auto& bh = s.raster<float>(data::names::building_height);
  double receivers = 0;
  for (std::size_t k = 0; k < dtm.values.size(); ++k)
    receivers += std::isfinite(dtm.values[k]) && !(bh.values[k] > 0.0f) ? 1 : 0;

  // The kernel alone, one thread, every 10th row.
  const detail::NoiseSettings st = detail::read_settings(p);
  detail::Terrain terrain{&dtm, &bh,
                          s.has_layer(data::names::ground_factor)
                              ? &s.raster<float>(data::names::ground_factor)
                              : nullptr,
                          st.default_g};
  const detail::Sources sources = detail::make_sources(s, st);
  Atmosphere atm;
  atm.temperature_c = st.temperature_c;
  atm.humidity_percent = st.humidity_pct;
  detail::Scratch scratch;
  double paths = 0, sampled = 0;
  const auto t1 = Clock::now();
  const data::GridSpec& g = s.grid();
  for (std::int64_t row = 0; row < g.ny; row += 10) {
    for (std::int64_t col = 0; col < g.nx; ++col) {
      const float z = dtm.at(col, row);
      if (!std::isfinite(z) || bh.at(col, row) > 0.0f) continue;
      paths += static_cast<double>(detail::receiver_energy(terrain, sources, st, atm,
                                                           g.col_centre_x(col), g.row_centre_y(row),
                                                           z + st.receiver_height_m, scratch)
                                       .paths);
      sampled += 1;
    }
  }
  const double kernel_s = std::chrono::duration<double>(Clock::now() - t1).count();
  std::printf(
      "demo %.1f km at %.1f m, %d threads: %.0f receivers, %zu road rows, solve %.2f s, "
      "%.0f receivers/s\n",
      o.size_km, o.cell_m, threads, receivers, sources.roads.size(), solve_s, receivers / solve_s);
  std::printf(
      "kernel, 1 thread, %.0f receivers: %.0f paths/receiver, %.0f paths/s, %.0f receivers/s\n",
      sampled, paths / sampled, paths / kernel_s, sampled / kernel_s);
  (void)r;
  return 0;
}
