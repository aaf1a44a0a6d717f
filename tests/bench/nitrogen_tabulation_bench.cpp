// Benchmark of the per-kind work of the nitrogen grid solver: prepare_source() and
// tabulate_field() for KINDS farm-like NH3 source kinds of distinct heights 3-7 m (no heat, as
// a province's farms), on one thread, at each RADIUS_M (fast mode tabulates out to 1 km,
// exact mode to max_distance_m, 100 km by default). Reports the thread CPU seconds and kinds
// per CPU-second of each phase, and a checksum of the tables (the sum of all stored values),
// so that a faster version can be checked to give the same tables. Not in CI.
// Usage: nitrogen_tabulation_bench KINDS RADIUS_M [RADIUS_M ...]
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "process_usage.hpp"
#include "twin/solvers/nitrogen/field_table.hpp"
#include "twin/solvers/nitrogen/source_receptor.hpp"

namespace {

namespace n = twin::solvers::nitrogen;

double load_average() {
  double l[1] = {0};
  return getloadavg(l, 1) == 1 ? l[0] : -1.0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s KINDS RADIUS_M [RADIUS_M ...]\n", argv[0]);
    return 2;
  }
  const int kinds = std::atoi(argv[1]);
  if (kinds < 1) {
    std::fprintf(stderr, "KINDS must be a positive number\n");
    return 2;
  }
  const n::Climatology clim = n::read_climatology(n::default_climatology_path());
  std::printf("%d NH3 kinds of heights 3-7 m, 1 thread, load average %.2f at start\n", kinds,
              load_average());

  std::vector<n::PreparedSource> prepared(static_cast<std::size_t>(kinds));
  const double p0 = twin::bench::thread_cpu_seconds();
  for (int i = 0; i < kinds; ++i) {
    n::PointSource farm;
    farm.height = kinds == 1 ? 5.0 : 3.0 + 4.0 * i / (kinds - 1);
    farm.emission = 1.0;
    prepared[static_cast<std::size_t>(i)] = n::prepare_source(farm, clim);
  }
  const double prepare_cpu = twin::bench::thread_cpu_seconds() - p0;
  std::printf("prepare_source: %.3f CPU-s, %.0f kinds/CPU-s\n", prepare_cpu, kinds / prepare_cpu);

  for (int a = 2; a < argc; ++a) {
    const double radius = std::atof(argv[a]);
    if (!(radius >= 1.0)) {
      std::fprintf(stderr, "RADIUS_M must be >= 1\n");
      return 2;
    }
    double checksum = 0, cpu = 0;
    int nodes = 0;
    for (const n::PreparedSource& p : prepared) {
      // Only tabulate_field() is timed, not the checksum.
      const double t0 = twin::bench::thread_cpu_seconds();
      const n::FieldTable t = n::tabulate_field(p, radius);
      cpu += twin::bench::thread_cpu_seconds() - t0;
      nodes = t.nodes;
      for (float v : t.values) checksum += v;
    }
    std::printf(
        "tabulate_field to %.0f m (%d nodes): %.3f CPU-s, %.1f kinds/CPU-s; with prepare %.1f "
        "kinds/CPU-s; "
        "checksum %.12g\n",
        radius, nodes, cpu, kinds / cpu, kinds / (cpu + prepare_cpu), checksum);
  }
  std::printf("peak RSS %.0f MiB\n", twin::bench::peak_rss_mib());
  return 0;
}
