// Benchmark of the nitrogen grid solver's exact mode: solve() over a square synthetic
// scenario with random point sources (farms at 3, 5 and 8 m, a few hot stacks; NH3 and NOx),
// land use in random 500 m patches, and max_distance_m beyond the grid's diagonal so that every source meets
// every cell. Reports wall and CPU time, source-receptor pairs (cells x emitters) per second,
// and, as the baseline measured in the same run, the pairs per second of the untabulated
// contribution() on one thread. Scenario generation is not timed. Not in CI.
// Usage: nitrogen_grid_bench SIZE_KM CELL_M SOURCES THREADS
#include <sys/resource.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

#include "process_usage.hpp"
#include "twin/data/standard_names.hpp"
#include "twin/solvers/nitrogen/nitrogen_solver.hpp"
#include "twin/solvers/nitrogen/source_receptor.hpp"
#include "twin/solvers/nitrogen/units.hpp"

namespace {

using namespace twin;
namespace names = data::names;
namespace n = solvers::nitrogen;

data::Scenario make_scenario(double size_km, double cell, int sources, std::mt19937& rng) {
  data::GridSpec grid;
  grid.x0 = 150000;
  grid.y0 = 470000;
  grid.cell = cell;
  grid.nx = grid.ny = static_cast<std::int64_t>(std::llround(size_km * 1000 / cell));
  data::Scenario s(grid);
  // Land use in random patches of 500 m x 500 m (every DEPAC class), as fields and woods lie.
  data::Raster<std::uint8_t> lu(grid, 1, 0);
  std::uniform_int_distribution<int> cls(1, 9);
  const auto patch = static_cast<std::int64_t>(std::max(1.0, 500.0 / cell));
  const std::int64_t px = (grid.nx + patch - 1) / patch;
  std::vector<std::uint8_t> classes(static_cast<std::size_t>(px * px));
  for (auto& c : classes) c = static_cast<std::uint8_t>(cls(rng));
  for (std::int64_t r = 0; r < grid.ny; ++r)
    for (std::int64_t c = 0; c < grid.nx; ++c) lu.at(c, r) = classes[static_cast<std::size_t>((r / patch) * px + c / patch)];
  s.set_layer(std::string(names::land_use), data::make_layer(std::move(lu), "1", "random"));
  data::FeatureTable t(data::GeometryType::point, "random sources");
  std::uniform_real_distribution<double> ux(grid.x_min(), grid.x_max()), uy(grid.y_min(), grid.y_max());
  std::vector<double> h, heat, nh3, nox;
  for (int i = 0; i < sources; ++i) {
    t.geometries().push_back(data::Geometry{{{ux(rng), uy(rng)}}});
    const bool stack = i % 100 == 99;
    h.push_back(stack ? 40.0 : std::vector<double>{3.0, 5.0, 8.0}[static_cast<std::size_t>(i % 3)]);
    heat.push_back(stack ? 2.0 : 0.0);
    nh3.push_back(stack ? 0.0 : 2000.0);
    nox.push_back(stack ? 50000.0 : 0.0);
  }
  t.set_column({std::string(names::source_height), "m", h});
  t.set_column({std::string(names::source_heat), "MW", heat});
  t.set_column({std::string(names::source_nh3), "kg yr-1", nh3});
  t.set_column({std::string(names::source_nox), "kg yr-1", nox});
  s.set_table(std::string(names::nitrogen_sources), std::move(t));
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: %s SIZE_KM CELL_M SOURCES THREADS\n", argv[0]);
    return 2;
  }
  const double size_km = std::atof(argv[1]), cell = std::atof(argv[2]);
  const int sources = std::atoi(argv[3]), threads = std::atoi(argv[4]);
  std::mt19937 rng(2024);
  const data::Scenario s = make_scenario(size_km, cell, sources, rng);
  const n::NitrogenSolver solver;
  const solvers::Params p = solvers::resolve(solver.params(), {{"max_distance_m", 1e6}});
  solvers::RunContext ctx({}, nullptr, threads);
  const double cpu0 = twin::bench::process_cpu_seconds();
  const auto t0 = std::chrono::steady_clock::now();
  const auto result = solver.solve(s, p, s.grid().full(), ctx);
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double cpu = twin::bench::process_cpu_seconds() - cpu0;
  const double cells = static_cast<double>(s.grid().cells());
  const double pairs = cells * sources;  // one emitter per source (NH3 or NOx), all in reach

  // Baseline: the untabulated contribution() on one thread, 200,000 pairs of the same sources.
  const n::Climatology clim = n::read_climatology(n::default_climatology_path());
  n::PointSource farm;
  farm.height = 5;
  farm.emission = n::kg_per_year_to_g_per_s(2000);
  const n::PreparedSource prepared = n::prepare_source(farm, clim);
  std::uniform_real_distribution<double> u(-size_km * 500, size_km * 500);
  constexpr int baseline_pairs = 200000;
  double sink = 0;
  const auto b0 = std::chrono::steady_clock::now();
  for (int i = 0; i < baseline_pairs; ++i)
    sink += n::contribution(prepared, {u(rng), u(rng), names::LandUse::grass}).total_deposition();
  const double bwall = std::chrono::duration<double>(std::chrono::steady_clock::now() - b0).count();

  std::printf("grid %.0f km x %.0f km at %.0f m: %.0f cells, %d sources, %d threads\n", size_km, size_km, cell, cells,
              sources, threads);
  std::printf("exact mode: wall %.2f s, CPU %.2f s, %.3g pairs, %.1f M pairs/s wall, %.1f M pairs/CPU-s, peak RSS %.0f MiB\n",
              wall, cpu, pairs, pairs / wall / 1e6, pairs / cpu / 1e6, twin::bench::peak_rss_mib());
  std::printf("baseline contribution(), 1 thread: %.2f M pairs/s (checksum %.6g); tabulated/baseline per CPU-s: %.1f\n",
              baseline_pairs / bwall / 1e6, sink, (pairs / cpu) / (baseline_pairs / bwall));
  const auto& total = std::get<data::Raster<float>>(result.at("dep_total_n").raster);
  double sum = 0;
  for (float v : total.values) sum += v;
  std::printf("mean total deposition %.4g mol N/ha/yr\n", sum / cells);
  return 0;
}
