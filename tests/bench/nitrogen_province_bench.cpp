// Benchmark of the nitrogen grid solver at province size (issue 4): the demo scenario
// (make_demo_scenario: farms, an industrial stack, motorway, rural roads and town streets with
// traffic) of SIZE_KM x SIZE_KM at CELL_M, solved whole in fast mode; then exact mode on
// WINDOW_M x WINDOW_M windows, as the reference for the fast mode's deviation, and exact mode
// with the roads alone for exact pairs per second. Exact mode takes the ~10,000 source kinds (each
// farm has its own height) a chunk at a time. Reports wall and CPU time (getrusage) per phase,
// peak RSS, and the deviation of each layer where the exact value exceeds a floor
// (dep_total_n: 1 mol N/ha/yr). Not in CI.
// Usage: nitrogen_province_bench SIZE_KM CELL_M THREADS WINDOW_M [FX,FY ...]
//   FX,FY: window centres as fractions of the grid (default 0.3,0.3 0.5,0.5 0.7,0.6).
#include <sys/resource.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <variant>
#include <vector>

#include "process_usage.hpp"
#include "twin/data/demo_scenario.hpp"
#include "twin/data/standard_names.hpp"
#include "twin/solvers/nitrogen/nitrogen_solver.hpp"
#include "twin/solvers/nitrogen/road_emission.hpp"

namespace {

using namespace twin;
using twin::bench::Timer;
namespace names = data::names;
namespace n = solvers::nitrogen;

double load_average() {
  double l[1] = {0};
  return getloadavg(l, 1) == 1 ? l[0] : -1.0;
}

const std::vector<std::string> kLayers = {"dep_total_n", "dep_dry_nhx", "dep_wet_nhx", "dep_dry_noy",
                                          "dep_wet_noy", "conc_nh3",    "conc_nox"};

solvers::LayerSet solve(const data::Scenario& s, const nlohmann::json& given, data::Window w, int threads) {
  const n::NitrogenSolver solver;
  const solvers::Params p = solvers::resolve(solver.params(), given);
  solvers::RunContext ctx({}, nullptr, threads);
  return solver.solve(s, p, w, ctx);
}

const data::Raster<float>& layer(const solvers::LayerSet& r, const std::string& name) {
  return std::get<data::Raster<float>>(r.at(name).raster);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 5) {
    std::fprintf(stderr, "usage: %s SIZE_KM CELL_M THREADS WINDOW_M [FX,FY ...]\n", argv[0]);
    return 2;
  }
  const double size_km = std::atof(argv[1]), cell = std::atof(argv[2]), window_m = std::atof(argv[4]);
  const int threads = std::atoi(argv[3]);
  std::vector<std::pair<double, double>> centres;
  for (int i = 5; i < argc; ++i) {
    double fx = 0, fy = 0;
    if (std::sscanf(argv[i], "%lf,%lf", &fx, &fy) != 2) {
      std::fprintf(stderr, "bad window centre '%s' (FX,FY)\n", argv[i]);
      return 2;
    }
    centres.emplace_back(fx, fy);
  }
  if (centres.empty()) centres = {{0.3, 0.3}, {0.5, 0.5}, {0.7, 0.6}};
  std::printf("load average at start: %.1f\n", load_average());

  Timer gen;
  data::DemoOptions options;
  options.size_km = size_km;
  options.cell_m = cell;
  data::Scenario s = data::make_demo_scenario(options);
  const data::FeatureTable points = s.table(names::nitrogen_sources);
  const data::FeatureTable& roads = s.table(names::roads);
  std::size_t point_emitters = 0;
  for (std::size_t i = 0; i < points.size(); ++i)
    point_emitters += (points.doubles(names::source_nh3)[i] > 0) + (points.doubles(names::source_nox)[i] > 0);
  // Road sub-points as the solver makes them (10 m spacing, one per substance emitted).
  const auto emission = n::road_emissions(roads, n::read_road_emission_factors(n::default_road_emission_factors_path()));
  std::size_t road_emitters = 0;
  double road_km = 0;
  for (std::size_t i = 0; i < roads.size(); ++i) {
    const auto& v = roads.geometries()[i].vertices;
    const int substances = (emission[i].nox_g_per_s_m > 0) + (emission[i].nh3_g_per_s_m > 0);
    for (std::size_t j = 1; j < v.size(); ++j) {
      const double len = std::hypot(v[j].x - v[j - 1].x, v[j].y - v[j - 1].y);
      road_km += len / 1000;
      if (len > 0) road_emitters += static_cast<std::size_t>(substances * std::max(1.0, std::ceil(len / 10.0)));
    }
  }
  const double cells = static_cast<double>(s.grid().cells());
  std::printf("demo %.0f km x %.0f km at %.0f m: %.0f cells, generated in %.1f s\n", size_km, size_km, cell, cells,
              gen.wall());
  std::printf("sources: %zu point-source rows (%zu emitters), %zu road segments (%.0f km, %zu sub-points)\n",
              points.size(), point_emitters, roads.size(), road_km, road_emitters);

  // Fast mode, whole grid.
  Timer fast_t;
  const solvers::LayerSet fast = solve(s, {{"mode", "fast"}}, s.grid().full(), threads);
  const double fast_wall = fast_t.wall(), fast_cpu = fast_t.cpu();
  std::printf("fast mode (defaults), %d threads: wall %.1f s, CPU %.1f s, peak RSS so far %.0f MiB, load %.1f\n",
              threads, fast_wall, fast_cpu, twin::bench::peak_rss_mib(), load_average());
  {
    const auto& t = layer(fast, "dep_total_n").values;
    std::vector<float> sorted(t.begin(), t.end());
    std::sort(sorted.begin(), sorted.end());
    const auto pct = [&](double p) { return sorted[static_cast<std::size_t>(p * static_cast<double>(sorted.size() - 1))]; };
    std::printf("fast dep_total_n: min %.1f, median %.1f, p99 %.1f, max %.1f mol N/ha/yr; cells > 1: %.1f %%\n",
                pct(0), pct(0.5), pct(0.99), pct(1.0),
                100.0 * static_cast<double>(sorted.end() - std::upper_bound(sorted.begin(), sorted.end(), 1.0f)) /
                    static_cast<double>(sorted.size()));
  }

  // Exact reference on windows.
  const auto wcells = static_cast<std::int64_t>(std::llround(window_m / cell));
  for (const auto& [fx, fy] : centres) {
    data::Window w;
    w.ncols = w.nrows = wcells;
    w.col0 = std::clamp<std::int64_t>(static_cast<std::int64_t>(fx * static_cast<double>(s.grid().nx)) - wcells / 2, 0,
                                      s.grid().nx - wcells);
    w.row0 = std::clamp<std::int64_t>(static_cast<std::int64_t>((1 - fy) * static_cast<double>(s.grid().ny)) - wcells / 2,
                                      0, s.grid().ny - wcells);
    const auto n_cells = static_cast<std::size_t>(wcells * wcells);
    // The roads alone (the point sources silenced: rows without emission are left out): exact
    // pairs per second with one or two kinds.
    data::Scenario roads_only = s;
    data::FeatureTable silent = points;
    for (const auto column : {names::source_nh3, names::source_nox})
      silent.set_column({std::string(column), "kg yr-1", std::vector<double>(points.size(), 0.0)});
    roads_only.set_table(std::string(names::nitrogen_sources), std::move(silent));
    Timer road_t;
    solve(roads_only, {}, w, threads);
    const double road_wall = road_t.wall(), road_cpu = road_t.cpu();
    Timer ex;
    const solvers::LayerSet all = solve(s, {}, w, threads);
    const double ex_wall = ex.wall(), ex_cpu = ex.cpu();
    const double pairs = static_cast<double>(n_cells) * static_cast<double>(point_emitters + road_emitters);
    const double road_pairs = static_cast<double>(n_cells) * static_cast<double>(road_emitters);
    std::printf("\nwindow %.0f m x %.0f m at (%.2f, %.2f), cols %lld.., rows %lld..: %zu cells\n", window_m, window_m, fx, fy,
                static_cast<long long>(w.col0), static_cast<long long>(w.row0), n_cells);
    std::printf("  exact, roads only: wall %.1f s, CPU %.1f s, %.3g pairs, %.1f M pairs/s wall, %.1f M pairs/CPU-s\n",
                road_wall, road_cpu, road_pairs, road_pairs / road_wall / 1e6, road_pairs / road_cpu / 1e6);
    std::printf("  exact, all sources (tabulation included): wall %.1f s, CPU %.1f s, %.3g pairs, %.1f M "
                "pairs/s wall; peak RSS so far %.0f MiB, load %.1f\n",
                ex_wall, ex_cpu, pairs, pairs / ex_wall / 1e6, twin::bench::peak_rss_mib(), load_average());
    for (std::size_t k = 0; k < kLayers.size(); ++k) {
      const auto& e = layer(all, kLayers[k]).values;
      const double largest = *std::max_element(e.begin(), e.end());
      const double floor = k == 0 ? 1.0 : 1e-3 * largest;
      double max_rel = 0, sum_rel = 0, sum_signed = 0, mean_exact = 0;
      std::size_t counted = 0;
      const auto& f = layer(fast, kLayers[k]);
      for (std::int64_t r = 0; r < wcells; ++r) {
        for (std::int64_t c = 0; c < wcells; ++c) {
          const double ev = e[static_cast<std::size_t>(r * wcells + c)];
          if (!(ev > floor)) continue;
          const double fv = f.at(c + w.col0, r + w.row0);
          const double rel = (fv - ev) / ev;
          max_rel = std::max(max_rel, std::abs(rel));
          sum_rel += std::abs(rel);
          sum_signed += rel;
          mean_exact += ev;
          ++counted;
        }
      }
      const double nc = static_cast<double>(std::max<std::size_t>(counted, 1));
      std::printf("  %-12s cells > %.3g: %zu, exact mean %.4g; fast deviation max %.3f %%, mean |.| %.4f %%, mean %+.4f %%\n",
                  kLayers[k].c_str(), floor, counted, mean_exact / nc, 100 * max_rel, 100 * sum_rel / nc,
                  100 * sum_signed / nc);
    }
  }
  std::printf("\npeak RSS %.0f MiB, load average at end %.1f\n", twin::bench::peak_rss_mib(), load_average());
  return 0;
}
