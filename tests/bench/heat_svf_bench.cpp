// Sky view factor benchmark helper for tests/bench/heat_svf_vs_saga.sh: writes the DSMs both
// tools get (the demo landscape, an analytic street canyon) as GeoTIFF, runs our SVF on a
// GeoTIFF with wall and CPU time, and compares SVF rasters with each other or with the
// canyon's analytic values. Not in CI.
//   heat_svf_bench demo-dsm SIZE_KM CELL_M OUT.tif
//   heat_svf_bench canyon-dsm OUT.tif            (W = H = 20 m, 1 m cells, N-S street)
//   heat_svf_bench svf DSM.tif DIRECTIONS RADIUS_M OUT.tif [sweep|walk] [THREADS]
//   heat_svf_bench compare A.tif B.tif BORDER_CELLS
//   heat_svf_bench canyon-check SVF.tif
#include <sys/resource.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "process_usage.hpp"
#include "twin/data/demo_scenario.hpp"
#include "twin/data/export.hpp"
#include "twin/data/gdal_import.hpp"
#include "twin/data/standard_names.hpp"
#include "twin/solvers/heat/sky_view_factor.hpp"
#include "twin/solvers/heat/sky_view_factor_ray_scan.hpp"

namespace {

using twin::data::Raster;

// The canyon: a north–south street of kCanyonW m between walls of kCanyonH m, 1 m cells,
// long enough that every ray within the radius from the middle row sees an infinite street.
constexpr std::int64_t kCanyonW = 20, kCanyonWall = 10, kCanyonRows = 801;
constexpr double kCanyonH = 20.0;

void write(Raster<float> r, const std::string& path, const char* units) {
  twin::data::export_cog(twin::data::make_layer(std::move(r), units, ""), "svf", path);
}

Raster<float> read(const std::string& path) {
  const twin::data::GridSpec g = twin::data::grid_of_raster(path);
  return twin::data::import_raster(path, g, twin::data::Resampling::nearest, {});
}

int demo_dsm(double size_km, double cell_m, const std::string& out) {
  twin::data::DemoOptions o;
  o.size_km = size_km;
  o.cell_m = cell_m;
  const twin::data::Scenario s = twin::data::make_demo_scenario(o);
  Raster<float> dsm = s.raster<float>(twin::data::names::dtm);
  const Raster<float>& b = s.raster<float>(twin::data::names::building_height);
  for (std::size_t k = 0; k < dsm.values.size(); ++k) dsm.values[k] += b.values[k];
  write(std::move(dsm), out, "m");
  return 0;
}

int canyon_dsm(const std::string& out) {
  twin::data::GridSpec g;
  g.x0 = 150000.0;
  g.y0 = 440000.0 + kCanyonRows;
  g.cell = 1.0;
  g.nx = kCanyonW + 2 * kCanyonWall;
  g.ny = kCanyonRows;
  Raster<float> dsm(g, 0.0f, std::nanf(""));
  for (std::int64_t r = 0; r < g.ny; ++r) {
    for (std::int64_t c = 0; c < g.nx; ++c) {
      if (c < kCanyonWall || c >= kCanyonWall + kCanyonW)
        dsm.at(c, r) = static_cast<float>(kCanyonH);
    }
  }
  write(std::move(dsm), out, "m");
  return 0;
}

int svf(const std::string& in, int directions, double radius, const std::string& out,
        const std::string& method, int threads) {
  const Raster<float> dsm = read(in);
  twin::solvers::heat::SvfParams p;
  p.directions = directions;
  p.radius_m = radius;
  Raster<float> result;
  const double cpu0 = twin::bench::process_cpu_seconds();
  const auto t0 = std::chrono::steady_clock::now();
  const auto run = [&] {
    result = method == "walk"
                 ? twin::solvers::heat::sky_view_factor_ray_scan(dsm, p, dsm.grid.full())
                 : twin::solvers::heat::sky_view_factor(dsm, p, dsm.grid.full());
  };
  if (threads > 0) {
    tbb::task_arena(threads).execute(run);
  } else {
    run();
  }
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double cpu = twin::bench::process_cpu_seconds() - cpu0;
  std::printf("%s: %lld x %lld cells, %d directions, %.0f m: wall %.2f s, cpu %.2f s\n",
              method.c_str(), static_cast<long long>(dsm.grid.nx),
              static_cast<long long>(dsm.grid.ny), directions, radius, wall, cpu);
  write(std::move(result), out, "1");
  return 0;
}

int compare(const std::string& a_path, const std::string& b_path, std::int64_t border) {
  const Raster<float> a = read(a_path), b = read(b_path);
  if (a.grid.nx != b.grid.nx || a.grid.ny != b.grid.ny) {
    std::fprintf(stderr, "grids differ\n");
    return 1;
  }
  std::vector<double> diff;
  double bias = 0.0;
  for (std::int64_t r = border; r < a.grid.ny - border; ++r) {
    for (std::int64_t c = border; c < a.grid.nx - border; ++c) {
      const double d = static_cast<double>(a.at(c, r)) - b.at(c, r);
      if (std::isnan(d)) continue;
      diff.push_back(std::abs(d));
      bias += d;
    }
  }
  if (diff.empty()) return 1;
  const auto n = static_cast<double>(diff.size());
  double mad = 0.0;
  for (double d : diff) mad += d / n;
  std::sort(diff.begin(), diff.end());
  const auto within = std::upper_bound(diff.begin(), diff.end(), 0.02) - diff.begin();
  std::printf(
      "%.0f cells: mean |diff| %.4f, bias %+.4f, within 0.02 %.3f, 99th pct %.3f, max %.3f\n", n,
      mad, bias / n, static_cast<double>(within) / n, diff[diff.size() * 99 / 100], diff.back());
  return 0;
}

// The canyon's floor cells on the middle row against SVF = ½(d₁/√(d₁² + H²) + d₂/√(d₂² + H²)).
int canyon_check(const std::string& path) {
  const Raster<float> s = read(path);
  const std::int64_t row = kCanyonRows / 2;
  double worst = 0.0, sum = 0.0;
  for (std::int64_t i = 0; i < kCanyonW; ++i) {
    const double d1 = static_cast<double>(i) + 0.5, d2 = static_cast<double>(kCanyonW - i) - 0.5;
    const double expected = 0.5 * (d1 / std::hypot(d1, kCanyonH) + d2 / std::hypot(d2, kCanyonH));
    const double got = s.at(kCanyonWall + i, row);
    std::printf("  %4.1f m from the west wall: analytic %.4f, got %.4f (%+.4f)\n", d1, expected,
                got, got - expected);
    worst = std::max(worst, std::abs(got - expected));
    sum += std::abs(got - expected);
  }
  std::printf("canyon H = W = 20 m, %lld floor cells: mean |error| %.4f, max |error| %.4f\n",
              static_cast<long long>(kCanyonW), sum / kCanyonW, worst);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> a(argv + 1, argv + argc);
  try {
    if (a.size() == 4 && a[0] == "demo-dsm")
      return demo_dsm(std::atof(a[1].c_str()), std::atof(a[2].c_str()), a[3]);
    if (a.size() == 2 && a[0] == "canyon-dsm") return canyon_dsm(a[1]);
    if (a.size() >= 5 && a[0] == "svf") {
      return svf(a[1], std::atoi(a[2].c_str()), std::atof(a[3].c_str()), a[4],
                 a.size() > 5 ? a[5] : "sweep", a.size() > 6 ? std::atoi(a[6].c_str()) : 0);
    }
    if (a.size() == 4 && a[0] == "compare") return compare(a[1], a[2], std::atoll(a[3].c_str()));
    if (a.size() == 2 && a[0] == "canyon-check") return canyon_check(a[1]);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "heat_svf_bench: %s\n", e.what());
    return 1;
  }
  std::fprintf(stderr,
               "usage: heat_svf_bench demo-dsm SIZE_KM CELL_M OUT.tif | canyon-dsm OUT.tif | svf "
               "DSM.tif DIRECTIONS RADIUS_M OUT.tif [sweep|walk] [THREADS] | compare A.tif B.tif "
               "BORDER | canyon-check SVF.tif\n");
  return 2;
}
