// Benchmark of the point value query (GET .../value?x=&y=, the viewer's click): one layer of a
// written demo scenario read whole and looked up (how the API answered before read_cell) and
// read one cell at a time (read_cell), at the same random points, in the same run. CPU time
// comes from the shell script (GNU time). Not in CI.
// Usage: point_value_bench SIZE_KM CELL_M QUERIES SCRATCH_DIR
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "twin/data/demo_scenario.hpp"
#include "twin/data/hdf5_store.hpp"
#include "twin/data/hdf5_cell.hpp"

int main(int argc, char** argv) {
  using namespace twin;
  if (argc < 5) {
    std::fprintf(stderr, "usage: %s SIZE_KM CELL_M QUERIES SCRATCH_DIR\n", argv[0]);
    return 2;
  }
  data::DemoOptions o;
  o.size_km = std::atof(argv[1]);
  o.cell_m = std::atof(argv[2]);
  const int queries = std::atoi(argv[3]);
  const std::filesystem::path path = std::filesystem::path(argv[4]) / "point_value_bench.h5";
  std::filesystem::create_directories(path.parent_path());
  data::write_scenario(data::make_demo_scenario(o), path);
  const std::string layer = "dtm";
  data::ReadOptions grid_only;
  grid_only.only_layers = std::set<std::string>{};
  const data::GridSpec g = data::read_scenario(path, grid_only).grid();

  std::mt19937_64 random(7);
  std::uniform_real_distribution<double> ux(g.x0, g.x0 + static_cast<double>(g.nx) * g.cell);
  std::uniform_real_distribution<double> uy(g.y0 - static_cast<double>(g.ny) * g.cell, g.y0);
  std::vector<std::pair<double, double>> points(static_cast<std::size_t>(queries));
  for (auto& p : points) p = {ux(random), uy(random)};

  using Clock = std::chrono::steady_clock;
  double whole_sum = 0, cell_sum = 0;
  // Wall and CPU time per method: the machine may be shared, CPU time says what the work cost.
  const auto c0 = std::clock();
  const auto t0 = Clock::now();
  for (const auto& [x, y] : points) {
    data::ReadOptions options;
    options.only_layers = std::set<std::string>{layer};
    const auto scenario = data::read_scenario(path, options);
    const auto cell = scenario.grid().cell_at(x, y);
    whole_sum += std::get<data::Raster<float>>(scenario.layer(layer).raster).at(cell->col, cell->row);
  }
  const auto t1 = Clock::now();
  const auto c1 = std::clock();
  for (const auto& [x, y] : points) cell_sum += *data::read_cell(path, layer, x, y).value;
  const auto t2 = Clock::now();
  const auto c2 = std::clock();
  const auto cpu_ms = [&](std::clock_t a, std::clock_t b) {
    return 1000.0 * static_cast<double>(b - a) / CLOCKS_PER_SEC / queries;
  };
  const double whole_ms = std::chrono::duration<double, std::milli>(t1 - t0).count() / queries;
  const double cell_ms = std::chrono::duration<double, std::milli>(t2 - t1).count() / queries;
  std::printf("%lld x %lld cells (%.1f MiB float32), %d queries | whole layer %.3f ms/query wall, %.3f CPU | "
              "one cell %.3f ms/query wall, %.3f CPU | wall ratio %.1f, CPU ratio %.1f | sums agree: %s\n",
              static_cast<long long>(g.nx), static_cast<long long>(g.ny),
              static_cast<double>(g.cells()) * 4 / 1048576.0, queries, whole_ms, cpu_ms(c0, c1), cell_ms,
              cpu_ms(c1, c2), whole_ms / cell_ms, cpu_ms(c0, c1) / cpu_ms(c1, c2), whole_sum == cell_sum ? "yes" : "NO");
  std::filesystem::remove(path);
  return whole_sum == cell_sum ? 0 : 1;
}
