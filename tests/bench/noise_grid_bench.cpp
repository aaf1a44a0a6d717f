// Benchmark of the noise grid solver: solve() over the demo town (or over horizontal bands of
// it, for the 10 km town) or over a scenario file (the Lorient import), with wall and CPU time,
// receivers per second and the per-receiver CPU time; then, on one thread over every 10th row
// of the same windows, paths per receiver and paths per CPU second of the per-receiver kernel.
// Scenario generation and reading are not timed. Not in CI.
// Usage: noise_grid_bench demo SIZE_KM CELL_M THREADS [BANDS ROWS_PER_BAND] [PARAMS_JSON]
//        noise_grid_bench file SCENARIO.h5 THREADS [BANDS ROWS_PER_BAND] [PARAMS_JSON]
// BANDS > 0 solves BANDS windows of ROWS_PER_BAND full rows, spread evenly over the grid, and
// extrapolates to the whole grid by the share of receivers computed.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

#include "process_usage.hpp"
#include "noise_solver_detail.hpp"
#include "twin/data/demo_scenario.hpp"
#include "twin/data/hdf5_store.hpp"
#include "twin/data/standard_names.hpp"
#include "twin/solvers/noise/noise_solver.hpp"

namespace {

using namespace twin;
using namespace twin::solvers::noise;

// Cells that get a level: known terrain, not inside a building.
double receivers_in(const data::Scenario& s, const data::Window& w) {
  const auto& dtm = s.raster<float>(data::names::dtm);
  const auto& bh = s.raster<float>(data::names::building_height);
  double n = 0;
  for (std::int64_t r = w.row0; r < w.row0 + w.nrows; ++r)
    for (std::int64_t c = w.col0; c < w.col0 + w.ncols; ++c)
      n += std::isfinite(dtm.at(c, r)) && !(bh.at(c, r) > 0.0f) ? 1 : 0;
  return n;
}

int usage(const char* self) {
  std::fprintf(stderr,
               "usage: %s demo SIZE_KM CELL_M THREADS [BANDS ROWS_PER_BAND] [PARAMS_JSON]\n"
               "       %s file SCENARIO.h5 THREADS [BANDS ROWS_PER_BAND] [PARAMS_JSON]\n",
               self, self);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) return usage(argv[0]);
  const std::string mode = argv[1];
  data::Scenario s;
  std::string what;
  int threads = 0;
  std::int64_t bands = 0, band_rows = 0;
  nlohmann::json given = nlohmann::json::object();
  if (mode == "demo" && argc >= 5) {
    data::DemoOptions o;
    o.size_km = std::atof(argv[2]);
    o.cell_m = std::atof(argv[3]);
    threads = std::atoi(argv[4]);
    int next = 5;
    if (argc >= 7) {
      bands = std::atoll(argv[5]);
      band_rows = std::atoll(argv[6]);
      next = 7;
    }
    if (argc > next) given = nlohmann::json::parse(argv[next]);
    s = data::make_demo_scenario(o);
    what = "demo " + std::to_string(o.size_km) + " km at " + std::to_string(o.cell_m) + " m";
  } else if (mode == "file") {
    s = data::read_scenario(argv[2]);
    threads = std::atoi(argv[3]);
    int next = 4;
    if (argc >= 6) {
      bands = std::atoll(argv[4]);
      band_rows = std::atoll(argv[5]);
      next = 6;
    }
    if (argc > next) given = nlohmann::json::parse(argv[next]);
    what = argv[2];
  } else {
    return usage(argv[0]);
  }

  const data::GridSpec& g = s.grid();
  std::vector<data::Window> windows;
  if (bands > 0) {
    for (std::int64_t k = 0; k < bands; ++k) {
      const std::int64_t centre = (2 * k + 1) * g.ny / (2 * bands);
      const std::int64_t row0 =
          std::clamp<std::int64_t>(centre - band_rows / 2, 0, g.ny - band_rows);
      windows.push_back({0, row0, g.nx, band_rows});
    }
  } else {
    windows.push_back(g.full());
  }

  const NoiseSolver solver;
  const solvers::Params p = solvers::resolve(solver.params(), given);
  using Clock = std::chrono::steady_clock;
  double wall = 0, cpu = 0, receivers = 0;
  for (const data::Window& w : windows) {
    solvers::RunContext ctx({}, nullptr, threads);
    const double c0 = twin::bench::process_cpu_seconds();
    const auto t0 = Clock::now();
    const solvers::LayerSet r = solver.solve(s, p, w, ctx);
    wall += std::chrono::duration<double>(Clock::now() - t0).count();
    cpu += twin::bench::process_cpu_seconds() - c0;
    receivers += receivers_in(s, w);
  }
  const double all = receivers_in(s, g.full());

  // The kernel alone, one thread, every 10th row of the windows.
  const detail::NoiseSettings st = detail::read_settings(p);
  const auto& dtm = s.raster<float>(data::names::dtm);
  const auto& bh = s.raster<float>(data::names::building_height);
  const detail::Terrain terrain(dtm, bh,
                                s.has_layer(data::names::ground_factor)
                                    ? &s.raster<float>(data::names::ground_factor)
                                    : nullptr,
                                st.default_g);
  const detail::Sources sources = detail::make_sources(s, st);
  const detail::Facades facades = detail::make_facades(s, st);
  Atmosphere atm;
  atm.temperature_c = st.temperature_c;
  atm.humidity_percent = st.humidity_pct;
  detail::Scratch scratch(atm);
  double paths = 0, sampled = 0;
  const double k0 = twin::bench::thread_cpu_seconds();
  for (const data::Window& w : windows) {
    for (std::int64_t row = w.row0; row < w.row0 + w.nrows; row += 10) {
      for (std::int64_t col = w.col0; col < w.col0 + w.ncols; ++col) {
        const float z = dtm.at(col, row);
        if (!std::isfinite(z) || bh.at(col, row) > 0.0f) continue;
        paths += static_cast<double>(
            detail::receiver_energy({terrain, sources, facades, st}, g.col_centre_x(col), g.row_centre_y(row),
                                    z + st.receiver_height_m, scratch)
                .paths);
        sampled += 1;
      }
    }
  }
  const double kernel_cpu = twin::bench::thread_cpu_seconds() - k0;

  std::printf("%s, grid %lld x %lld, %zu road rows, %d threads (0 = all), params %s\n",
              what.c_str(), static_cast<long long>(g.nx), static_cast<long long>(g.ny),
              sources.roads.size(), threads, given.dump().c_str());
  std::printf(
      "solve: %.0f of %.0f receivers in %zu window(s): wall %.2f s, CPU %.2f s; %.0f receivers/s "
      "(wall), %.3f ms CPU per receiver\n",
      receivers, all, windows.size(), wall, cpu, receivers / wall, 1e3 * cpu / receivers);
  if (receivers < all) {
    std::printf("whole grid, extrapolated by receivers: wall %.0f s, CPU %.0f s\n",
                wall * all / receivers, cpu * all / receivers);
  }
  std::printf(
      "kernel, 1 thread, %.0f receivers: %.1f paths/receiver, %.0f paths per CPU s, %.3f ms CPU "
      "per receiver\n",
      sampled, paths / sampled, paths / kernel_cpu, 1e3 * kernel_cpu / sampled);
  std::printf("peak RSS %.0f MiB (scenario included)\n", twin::bench::peak_rss_mib());
  return 0;
}
