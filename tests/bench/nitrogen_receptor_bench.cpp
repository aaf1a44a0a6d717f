// Benchmark of the nitrogen receptor values (the statistics' `receptors` list, exact
// contribution() per pair): the demo scenario of SIZE_KM x SIZE_KM at CELL_M solved in fast
// mode, then its statistics without and with a receptors table of N points spread over the
// grid; the difference is the receptors' cost. Reports the emitters, the CPU seconds per
// receptor and the pairs per CPU-second. Not in CI.
// Usage: nitrogen_receptor_bench SIZE_KM CELL_M THREADS N
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "nitrogen_solver_detail.hpp"  // solvers/nitrogen (private): the emitters
#include "process_usage.hpp"
#include "twin/data/demo_scenario.hpp"
#include "twin/data/standard_names.hpp"
#include "twin/solvers/nitrogen/nitrogen_solver.hpp"

namespace {

using namespace twin;
using twin::bench::Timer;
namespace names = data::names;

// n x n points on a regular lattice inside the grid (n = ceil(sqrt(count))), the first `count`.
data::FeatureTable receptors(const data::GridSpec& grid, std::size_t count) {
  data::FeatureTable t(data::GeometryType::point, "bench receptors");
  const auto side = static_cast<std::size_t>(std::ceil(std::sqrt(static_cast<double>(count))));
  for (std::size_t i = 0; i < count; ++i) {
    const double fx = (static_cast<double>(i % side) + 0.5) / static_cast<double>(side);
    const double fy = (static_cast<double>(i / side) + 0.5) / static_cast<double>(side);
    t.geometries().push_back(data::Geometry{{{grid.x_min() + fx * (grid.x_max() - grid.x_min()),
                                              grid.y_min() + fy * (grid.y_max() - grid.y_min())}}});
  }
  return t;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 5) {
    std::fprintf(stderr, "usage: %s SIZE_KM CELL_M THREADS N\n", argv[0]);
    return 2;
  }
  data::DemoOptions options;
  options.size_km = std::atof(argv[1]);
  options.cell_m = std::atof(argv[2]);
  const int threads = std::atoi(argv[3]);
  const auto count = static_cast<std::size_t>(std::atol(argv[4]));
  data::Scenario s = data::make_demo_scenario(options);

  const solvers::nitrogen::NitrogenSolver solver;
  const solvers::Params params = solvers::resolve(solver.params(), {{"mode", "fast"}});
  solvers::RunContext ctx({}, nullptr, threads);
  const solvers::LayerSet result = solver.solve(s, params, s.grid().full(), ctx);

  Timer plain;
  const auto without = solver.statistics(s, result, params);
  const double plain_cpu = plain.cpu(), plain_wall = plain.wall();
  s.set_table(std::string(names::receptors), receptors(s.grid(), count));
  Timer with;
  const auto stats = solver.statistics(s, result, params);
  const double with_cpu = with.cpu(), with_wall = with.wall();

  // The receptor list makes the sources once more (kinds prepared): timed on its own.
  Timer prep;
  const auto sources =
      solvers::nitrogen::detail::make_sources(s, solvers::nitrogen::detail::read_settings(params));
  const double prep_cpu = prep.cpu();

  const double emitters = static_cast<double>(sources.emitters.size());
  std::printf("demo %.0f km at %.0f m: %zu kinds, %.0f emitters; %zu receptors, %d threads\n",
              options.size_km, options.cell_m, sources.prepared.size(), emitters,
              stats["receptors"].size(), threads);
  std::printf("statistics without receptors: wall %.2f s, CPU %.2f s (%zu keys)\n", plain_wall,
              plain_cpu, without.size());
  std::printf("statistics with receptors:    wall %.2f s, CPU %.2f s\n", with_wall, with_cpu);
  std::printf("making the sources (kinds prepared): CPU %.2f s\n", prep_cpu);
  const double pairs_cpu = with_cpu - plain_cpu - prep_cpu;
  std::printf("receptor pairs: %.3f CPU-s per receptor, %.2f us per pair, %.2f M pairs per CPU-s\n",
              pairs_cpu / static_cast<double>(count),
              1e6 * pairs_cpu / (emitters * static_cast<double>(count)),
              emitters * static_cast<double>(count) / pairs_cpu / 1e6);
  return 0;
}
