// make_demo_scenario: validates the options, checks the memory budget, plans the landscape
// (demo/plan.cpp, demo/rural.cpp), paints the rasters row-parallel (demo/paint.cpp,
// demo/town.cpp), stamps roads, farms and the site (demo/stamp.cpp) and writes the tables
// (demo/tables.cpp).
#include "twin/data/demo_scenario.hpp"

#include <charconv>
#include <cmath>
#include <limits>
#include <string>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include "demo/paint.hpp"
#include "demo/tables.hpp"
#include "twin/data/error.hpp"
#include "twin/data/standard_names.hpp"

namespace twin::data {
namespace {

// Bytes per cell: six float32 layers and one uint8 layer.
constexpr double kBytesPerCell = 6 * sizeof(float) + sizeof(std::uint8_t);
// Tables and plan per km2: ~10 road segments of ~0.5 kB (31 numeric columns, a name) and
// ~2.5 sources of ~0.2 kB, with room to spare.
constexpr double kTableBytesPerKm2 = 8.0e3;

std::string number(double x) {
  char buf[32];
  const auto res = std::to_chars(buf, buf + sizeof buf, x);
  return std::string(buf, res.ptr);
}

void validate(const DemoOptions& o) {
  const auto bad = [](const std::string& what) {
    throw Error(ErrorCode::invalid_argument, "demo scenario: " + what);
  };
  if (!std::isfinite(o.size_km) || o.size_km <= 0.0) bad("size must be a positive number of km, got " + number(o.size_km));
  if (!std::isfinite(o.cell_m) || o.cell_m <= 0.0) bad("cell size must be a positive number of m, got " + number(o.cell_m));
  if (o.cell_m > o.size_km * 1000.0) {
    bad("cell size " + number(o.cell_m) + " m is larger than the area (" + number(o.size_km) + " km)");
  }
  if (!std::isfinite(o.x_min) || !std::isfinite(o.y_min)) bad("south-west corner must be finite");
}

GridSpec demo_grid(const DemoOptions& o) {
  const double n = std::max(1.0, std::round(o.size_km * 1000.0 / o.cell_m));
  GridSpec g;
  g.cell = o.cell_m;
  g.nx = g.ny = static_cast<std::int64_t>(n);
  g.x0 = o.x_min;
  g.y0 = o.y_min + n * o.cell_m;
  g.epsg = 28992;
  return g;
}

std::uint64_t needed_bytes(double size_km, double cell_m) {
  const double n = std::max(1.0, std::round(size_km * 1000.0 / cell_m));
  const double bytes = n * n * kBytesPerCell + size_km * size_km * kTableBytesPerKm2;
  return bytes >= 1.8e19 ? std::numeric_limits<std::uint64_t>::max() : static_cast<std::uint64_t>(bytes);
}

struct Layers {
  Raster<float> dtm, building, vegetation, ground, dwellings, kdw;
  Raster<std::uint8_t> land_use;

  explicit Layers(const GridSpec& g)
      : dtm(g, 0.0f, nan()), building(g, 0.0f, nan()), vegetation(g, 0.0f, nan()), ground(g, 0.0f, nan()),
        dwellings(g, 0.0f, nan()), kdw(g, nan(), nan()), land_use(g, 0, 0) {}
  static float nan() { return std::numeric_limits<float>::quiet_NaN(); }
  demo::LayerRows rows() {
    return {dtm.values.data(),  building.values.data(), vegetation.values.data(), ground.values.data(),
            dwellings.values.data(), kdw.values.data(), land_use.values.data()};
  }
};

// Runs f(row) for all rows in bands, reporting progress from the calling thread only
// (callers need not make their callback thread-safe) between `from` and `to`.
template <class F>
void for_rows(std::int64_t ny, const std::function<void(double)>& progress, double from, double to, F&& f) {
  constexpr std::int64_t bands = 16;
  for (std::int64_t b = 0; b < bands; ++b) {
    const std::int64_t r0 = ny * b / bands, r1 = ny * (b + 1) / bands;
    tbb::parallel_for(tbb::blocked_range<std::int64_t>(r0, r1, 8), [&](const tbb::blocked_range<std::int64_t>& r) {
      for (std::int64_t row = r.begin(); row != r.end(); ++row) f(row);
    });
    if (progress) progress(from + (to - from) * static_cast<double>(b + 1) / bands);
  }
}

void add_layers(Scenario& s, Layers& l) {
  s.set_layer(std::string(names::dtm), make_layer(std::move(l.dtm), "m", "terrain height above NAP (synthetic)"));
  s.set_layer(std::string(names::building_height),
              make_layer(std::move(l.building), "m", "building height above ground, 0 = no building"));
  s.set_layer(std::string(names::vegetation_height),
              make_layer(std::move(l.vegetation), "m", "tree canopy height above ground, 0 = no trees"));
  s.set_layer(std::string(names::land_use),
              make_layer(std::move(l.land_use), "1",
                         "land use (DEPAC class: 1 grass, 2 arable, 3 permanent crops, 4 coniferous forest, "
                         "5 deciduous forest, 6 water, 7 urban, 8 other nature, 9 bare soil)"));
  s.set_layer(std::string(names::ground_factor),
              make_layer(std::move(l.ground), "1", "CNOSSOS-EU ground factor G, 0 hard .. 1 soft"));
  s.set_layer(std::string(names::dwellings), make_layer(std::move(l.dwellings), "1", "dwellings per cell"));
  s.set_layer(std::string(names::natura2000_kdw),
              make_layer(std::move(l.kdw), "mol ha-1 yr-1",
                         "critical deposition value (KDW) of the Natura 2000 habitat, NaN outside"));
}

nlohmann::json options_json(const DemoOptions& o) {
  return {{"size_km", o.size_km}, {"cell_m", o.cell_m},   {"seed", o.seed},
          {"x_min", o.x_min},     {"y_min", o.y_min}};
}

}  // namespace

Scenario make_demo_scenario(const DemoOptions& options, const std::function<void(double)>& progress) {
  validate(options);
  options.budget.require(needed_bytes(options.size_km, options.cell_m),
                         "demo scenario " + number(options.size_km) + " km at " + number(options.cell_m) + " m");
  const GridSpec grid = demo_grid(options);
  grid.validate();
  Scenario scenario(grid);
  scenario.provenance.stamp("demo-scenario");
  scenario.provenance.parameters = options_json(options);
  if (progress) progress(0.0);

  const demo::Plan plan = demo::make_plan(options.seed, grid.width_m());
  if (progress) progress(0.05);
  Layers layers(grid);
  const demo::LayerRows rows = layers.rows();
  const demo::Painter painter(plan, grid);
  for_rows(grid.ny, progress, 0.05, 0.85, [&](std::int64_t row) { painter.paint_row(row, rows); });
  demo::stamp_features(plan, grid, rows);
  for_rows(grid.ny, progress, 0.85, 0.93, [&](std::int64_t row) { painter.kdw_row(row, rows); });

  const demo::Vec origin{options.x_min, options.y_min};
  scenario.set_table(std::string(names::roads), demo::make_roads_table(plan, origin));
  scenario.set_table(std::string(names::nitrogen_sources), demo::make_sources_table(plan, origin));
  add_layers(scenario, layers);

  const std::string tag = number(options.size_km) + "km-" + number(options.cell_m) + "m-seed" + std::to_string(options.seed);
  scenario.info.name = "demo-" + tag;
  scenario.info.year = 2025;
  scenario.info.description =
      "Synthetic Dutch landscape (" + std::to_string(plan.towns.size()) + " towns, " + std::to_string(plan.farms.size()) +
      " livestock farms, a motorway, a river and canal, an industrial stack and a Natura 2000 heath); deterministic "
      "for its seed, for demos, tests and benchmarks";
  scenario.info.meteorology = {{"climatology", "nl-default"}};
  scenario.provenance.finish();
  if (progress) progress(1.0);
  return scenario;
}

}  // namespace twin::data
