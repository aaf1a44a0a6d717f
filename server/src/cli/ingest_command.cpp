// twinsolve ingest: build a scenario from GIS files on a grid you name — rasters warped onto
// it, building footprints and ground-type polygons rasterised, roads, OPS and IMAER sources and
// receptors as feature tables — check it, and write it as HDF5 with the inputs' SHA-256.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <sstream>

#include "cli/commands.hpp"
#include "cli/progress_bar.hpp"
#include "twin/data/atomic_output.hpp"
#include "twin/data/error.hpp"
#include "twin/data/gdal_import.hpp"
#include "twin/data/hdf5_store.hpp"
#include "twin/data/imaer_gml.hpp"
#include "twin/data/ops_files.hpp"
#include "twin/data/scenario_checks.hpp"
#include "twin/data/sha256.hpp"
#include "twin/data/standard_names.hpp"

namespace twin::server::cli {
namespace {

namespace fs = std::filesystem;
using data::Error;
using data::ErrorCode;

struct IngestArgs {
  std::string out;
  std::string name;
  int year = 2025;
  // Grid: either from a raster, or EPSG + bounds + cell size.
  std::string grid_from;
  int epsg = 0;
  std::vector<double> bounds;  // xmin ymin xmax ymax
  double cell = 0;
  // Inputs.
  std::vector<std::string> rasters;  // NAME=FILE[:resampling]
  std::string dsm;
  std::string buildings;  // FILE[:attribute]
  std::string ground;     // FILE[:attribute]
  std::string roads;
  std::string roads_preset = "standard";
  std::vector<std::string> vectors;  // TABLE=FILE
  std::string brn;
  std::string substance = "auto";
  std::string rcp;
  std::string imaer;
};

// "a=b" -> {a, b}; throws a usage error naming the option.
std::pair<std::string, std::string> split_pair(const std::string& text, const char* option) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == text.size()) {
    throw Error(ErrorCode::invalid_argument, std::string(option) + " expects NAME=FILE, got '" + text + "'");
  }
  return {text.substr(0, eq), text.substr(eq + 1)};
}

// "file.shp:HEIGHT" -> {file.shp, HEIGHT}; a ':' only counts when what follows is no path.
std::pair<std::string, std::string> split_attribute(const std::string& text, const std::string& fallback) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos || text.find('/', colon) != std::string::npos) return {text, fallback};
  return {text.substr(0, colon), text.substr(colon + 1)};
}

data::GridSpec target_grid(const IngestArgs& a) {
  if (!a.grid_from.empty()) {
    if (a.epsg != 0 || !a.bounds.empty() || a.cell != 0) {
      throw Error(ErrorCode::invalid_argument, "give either --grid-from or --epsg/--bounds/--cell, not both");
    }
    return data::grid_of_raster(a.grid_from);
  }
  if (a.epsg == 0 || a.bounds.size() != 4 || a.cell <= 0) {
    throw Error(ErrorCode::invalid_argument, "name the grid: --grid-from RASTER, or --epsg N --bounds XMIN YMIN XMAX YMAX --cell M");
  }
  const double xmin = a.bounds[0], ymin = a.bounds[1], xmax = a.bounds[2], ymax = a.bounds[3];
  if (!(xmax > xmin && ymax > ymin)) throw Error(ErrorCode::invalid_argument, "--bounds must be XMIN YMIN XMAX YMAX with XMAX > XMIN and YMAX > YMIN");
  data::GridSpec g;
  g.epsg = a.epsg;
  g.cell = a.cell;
  g.x0 = xmin;
  g.y0 = ymax;
  g.nx = static_cast<std::int64_t>(std::ceil((xmax - xmin) / a.cell - 1e-9));
  g.ny = static_cast<std::int64_t>(std::ceil((ymax - ymin) / a.cell - 1e-9));
  g.validate();
  return g;
}

std::string layer_units(const std::string& name) {
  if (name == data::names::dtm || name == data::names::building_height || name == data::names::vegetation_height) return "m";
  if (name == data::names::natura2000_kdw) return "mol ha-1 yr-1";
  return "1";
}

class Ingest {
 public:
  Ingest(const IngestArgs& args, const GlobalOptions& global)
      : args_(args), global_(global), scenario_(target_grid(args)) {}

  data::Scenario run() {
    const auto& g = scenario_.grid();
    // Room for a handful of float layers plus GDAL's working copy.
    global_.budget.require(static_cast<std::uint64_t>(g.cells()) * sizeof(float) * 8, "ingesting onto this grid");
    scenario_.provenance.stamp("ingest");
    scenario_.info.name = args_.name.empty() ? fs::path(args_.out).stem().string() : args_.name;
    scenario_.info.year = args_.year;
    // One step per input, in the order that lets --dsm find the dtm among the rasters.
    std::vector<std::function<void()>> steps;
    for (const auto& spec : args_.rasters) steps.emplace_back([this, spec] { add_raster(spec); });
    if (!args_.dsm.empty()) steps.emplace_back([this] { add_buildings_from_dsm(); });
    if (!args_.buildings.empty()) steps.emplace_back([this] { add_buildings(); });
    if (!args_.ground.empty()) steps.emplace_back([this] { add_ground(); });
    if (!args_.roads.empty()) steps.emplace_back([this] { add_roads(); });
    for (const auto& spec : args_.vectors) steps.emplace_back([this, spec] { add_vector(spec); });
    if (!args_.brn.empty()) steps.emplace_back([this] { add_brn(); });
    if (!args_.rcp.empty()) steps.emplace_back([this] { add_rcp(); });
    if (!args_.imaer.empty()) steps.emplace_back([this] { add_imaer(); });
    ProgressBar bar("ingesting", !global_.quiet);
    for (std::size_t i = 0; i < steps.size(); ++i) {
      steps[i]();
      bar.update(static_cast<double>(i + 1) / static_cast<double>(steps.size()));
    }
    bar.done();
    if (scenario_.layers().empty() && scenario_.tables().empty()) {
      throw Error(ErrorCode::invalid_argument, "nothing to ingest: give at least one --raster, --buildings, --roads, ... input");
    }
    data::check_scenario(scenario_);
    scenario_.provenance.parameters = parameters();
    scenario_.provenance.finish();
    return std::move(scenario_);
  }

 private:
  void record(const std::string& label, const std::string& file) {
    scenario_.provenance.input_sha256[label + ":" + fs::path(file).filename().string()] = data::sha256_file(file);
  }

  void add_raster(const std::string& spec) {
    auto [name, rest] = split_pair(spec, "--raster");
    auto [file, method] = split_attribute(rest, "bilinear");
    const auto resampling = data::parse_resampling(method);
    auto raster = data::import_raster(file, scenario_.grid(), resampling, global_.budget);
    scenario_.set_layer(name, data::make_layer(std::move(raster), layer_units(name), name + " from " + fs::path(file).filename().string()));
    record(name, file);
  }

  // Building height = DSM - DTM where the surface stands above the ground; the DSM holds
  // ground and buildings (vegetation belongs in vegetation_height).
  void add_buildings_from_dsm() {
    if (!scenario_.has_layer(data::names::dtm)) {
      throw Error(ErrorCode::missing_layer, "--dsm needs the ground: add --raster dtm=FILE");
    }
    auto dsm = data::import_raster(args_.dsm, scenario_.grid(), data::Resampling::bilinear, global_.budget);
    const auto& dtm = scenario_.raster<float>(data::names::dtm);
    data::Raster<float> height(scenario_.grid(), 0.0f, 0.0f);
    for (std::size_t i = 0; i < height.values.size(); ++i) {
      const float d = dsm.values[i] - dtm.values[i];
      height.values[i] = std::isfinite(d) && d > 0.0f ? d : 0.0f;
    }
    scenario_.set_layer(std::string(data::names::building_height),
                        data::make_layer(std::move(height), "m", "building height above ground (DSM - DTM)"));
    record("dsm", args_.dsm);
  }

  void add_buildings() {
    auto [file, attribute] = split_attribute(args_.buildings, "HEIGHT");
    data::RasterizeOptions options;
    options.attribute = attribute;
    options.non_negative = true;
    auto raster = data::rasterize_polygons(file, scenario_.grid(), options, global_.budget);
    scenario_.set_layer(std::string(data::names::building_height),
                        data::make_layer(std::move(raster), "m", "building height above ground from footprints"));
    record("buildings", file);
  }

  void add_ground() {
    auto [file, attribute] = split_attribute(args_.ground, "G");
    data::RasterizeOptions options;
    options.attribute = attribute;
    options.background = 0.0f;  // outside mapped polygons: hard ground, as CNOSSOS' default
    auto raster = data::rasterize_polygons(file, scenario_.grid(), options, global_.budget);
    scenario_.set_layer(std::string(data::names::ground_factor),
                        data::make_layer(std::move(raster), "1", "CNOSSOS ground factor G (0 hard, 1 porous)"));
    record("ground", file);
  }

  void add_roads() {
    data::VectorImportOptions options;
    options.target_epsg = scenario_.grid().epsg;
    auto raw = data::import_features(args_.roads, options);
    if (args_.roads_preset == "lorient") {
      scenario_.set_table(std::string(data::names::roads), data::roads_from_lorient_table(raw));
    } else {
      scenario_.set_table(std::string(data::names::roads), std::move(raw));
    }
    record("roads", args_.roads);
  }

  void add_vector(const std::string& spec) {
    auto [table, file] = split_pair(spec, "--vector");
    data::VectorImportOptions options;
    options.target_epsg = scenario_.grid().epsg;
    scenario_.set_table(table, data::import_features(file, options));
    record(table, file);
  }

  void add_brn() {
    if (scenario_.grid().epsg != 28992) {
      throw Error(ErrorCode::grid_mismatch, "OPS .brn coordinates are RD New (EPSG:28992); the grid is EPSG:" +
                                                std::to_string(scenario_.grid().epsg));
    }
    scenario_.set_table(std::string(data::names::nitrogen_sources),
                        data::ops_sources_to_table(data::read_brn(args_.brn), args_.substance));
    record("brn", args_.brn);
  }

  // Point and polygon sources -> nitrogen_sources, road sources -> roads (docs/data.md, "IMAER GML").
  void add_imaer() {
    if (scenario_.grid().epsg != 28992) {
      throw Error(ErrorCode::grid_mismatch, "IMAER GML coordinates are RD New (EPSG:28992); the grid is EPSG:" +
                                                std::to_string(scenario_.grid().epsg));
    }
    const auto collection = data::read_imaer_gml(args_.imaer);
    auto sources = data::imaer_sources_to_table(collection);
    auto roads = data::imaer_roads_to_table(collection);
    if (sources.size() == 0 && roads.size() == 0) {
      throw Error(ErrorCode::invalid_value, args_.imaer + ": no emission sources in the file");
    }
    if (sources.size() > 0) {
      if (!args_.brn.empty()) throw Error(ErrorCode::invalid_argument, "--brn and --imaer both give nitrogen_sources; give one");
      scenario_.set_table(std::string(data::names::nitrogen_sources), std::move(sources));
    }
    if (roads.size() > 0) {
      if (!args_.roads.empty()) throw Error(ErrorCode::invalid_argument, "--roads and an --imaer file with road sources both give roads; give one");
      scenario_.set_table(std::string(data::names::roads), std::move(roads));
    }
    record("imaer", args_.imaer);
  }

  void add_rcp() {
    scenario_.set_table(std::string(data::names::receptors), data::ops_receptors_to_table(data::read_rcp(args_.rcp)));
    record("rcp", args_.rcp);
  }

  nlohmann::json parameters() const {
    return {{"grid_from", args_.grid_from}, {"epsg", scenario_.grid().epsg}, {"cell", scenario_.grid().cell},
            {"rasters", args_.rasters},     {"dsm", args_.dsm},              {"buildings", args_.buildings},
            {"ground", args_.ground},       {"roads", args_.roads},          {"roads_preset", args_.roads_preset},
            {"vectors", args_.vectors},     {"brn", args_.brn},              {"substance", args_.substance},
            {"rcp", args_.rcp},             {"imaer", args_.imaer}};
  }

  const IngestArgs& args_;
  const GlobalOptions& global_;
  data::Scenario scenario_;
};

}  // namespace

void add_ingest_command(CLI::App& app, const GlobalOptions& global) {
  auto a = std::make_shared<IngestArgs>();
  CLI::App* cmd = app.add_subcommand("ingest", "Build a scenario from GIS files (GeoTIFF, shapefile, GeoPackage, GeoJSON, OPS) on a grid");
  cmd->add_option("--out", a->out, "Output scenario file (.h5)")->required();
  cmd->add_option("--name", a->name, "Scenario name (default: the output file's stem)");
  cmd->add_option("--year", a->year, "Scenario year")->capture_default_str();
  auto* grid_group = cmd->add_option_group("grid", "The grid: take it from a raster, or give EPSG, bounds and cell size");
  grid_group->add_option("--grid-from", a->grid_from, "Use this raster's grid (north-up, square cells)");
  grid_group->add_option("--epsg", a->epsg, "EPSG code of the grid's CRS, e.g. 28992");
  grid_group->add_option("--bounds", a->bounds, "XMIN YMIN XMAX YMAX in the grid's CRS, m")->expected(4);
  grid_group->add_option("--cell", a->cell, "Cell size, m");
  cmd->add_option("--raster", a->rasters, "LAYER=FILE[:nearest|bilinear|cubic|average|mode], warped onto the grid (repeatable)");
  cmd->add_option("--dsm", a->dsm, "Surface model (ground + buildings): building_height = DSM - dtm");
  cmd->add_option("--buildings", a->buildings, "Building footprints FILE[:HEIGHT_FIELD] (default field HEIGHT)");
  cmd->add_option("--ground", a->ground, "Ground-type polygons FILE[:G_FIELD] (default field G)");
  cmd->add_option("--roads", a->roads, "Road segments (lines) with traffic columns");
  cmd->add_option("--roads-preset", a->roads_preset, "Column mapping: standard (our names) or lorient (NoiseModelling TV_D, HV_D, ...)")
      ->check(CLI::IsMember({"standard", "lorient"}))
      ->capture_default_str();
  cmd->add_option("--vector", a->vectors, "TABLE=FILE: any vector layer as a feature table (repeatable)");
  cmd->add_option("--brn", a->brn, "OPS emission file (.brn) -> nitrogen_sources");
  cmd->add_option("--substance", a->substance, "Substance of the .brn emissions: nh3, nox, or auto (from the component)")
      ->check(CLI::IsMember({"nh3", "nox", "auto"}))
      ->capture_default_str();
  cmd->add_option("--rcp", a->rcp, "OPS receptor file (.rcp) -> receptors");
  cmd->add_option("--imaer", a->imaer, "AERIUS IMAER GML file: point/area sources -> nitrogen_sources, roads -> roads");
  cmd->callback([a, &global] {
    data::require_output_directory(a->out);
    const auto start = std::chrono::steady_clock::now();
    data::Scenario s = Ingest(*a, global).run();
    {
      ProgressBar bar("writing  ", !global.quiet);
      data::write_scenario(s, a->out, data::WriteOptions{4, [&](double f) { bar.update(f); }});
    }
    if (!global.quiet) {
      const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      std::printf("wrote %s: %lld x %lld cells at %g m (EPSG:%d), %zu layers, %zu tables, in %.1f s\n", a->out.c_str(),
                  static_cast<long long>(s.grid().nx), static_cast<long long>(s.grid().ny), s.grid().cell, s.grid().epsg,
                  s.layers().size(), s.tables().size(), seconds);
    }
  });
}

}  // namespace twin::server::cli
