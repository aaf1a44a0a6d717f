// The nitrogen grid solver: its parameters, the six fields from exact mode (exact_mode.hpp) or
// fast mode (fast_mode.hpp), and the layers made from them (total deposition, exceedance of the
// KDW). Both modes give the same bits for any number of threads.
#include "twin/solvers/nitrogen/nitrogen_solver.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <sstream>
#include <string>

#include "exact_mode.hpp"
#include "fast_mode.hpp"
#include "nitrogen_solver_detail.hpp"
#include "twin/data/error.hpp"
#include "twin/data/standard_names.hpp"
#include "twin/solvers/grid_run.hpp"

namespace twin::solvers::nitrogen {
namespace {

namespace names = data::names;
using detail::NitrogenSettings;

constexpr float kNanF = std::numeric_limits<float>::quiet_NaN();
constexpr const char* kDepositionUnits = "mol ha-1 yr-1";
constexpr const char* kConcentrationUnits = "ug m-3";

// Accumulators per cell: NH3 concentration, NHx dry, NHx wet, then the same for NOx/NOy.
constexpr std::size_t kQuantities = 6;

LayerSet run(const data::Scenario& scenario, const NitrogenSettings& s, data::Window out,
             RunContext& context) {
  const data::GridSpec out_grid = scenario.grid().sub_grid(out);
  const detail::Sources sources = detail::make_sources(scenario, s);
  context.check_cancelled();
  std::array<data::Raster<float>, kQuantities> field = s.fast ? detail::fast_fields(scenario, s, sources, out, context)
                                                              : detail::exact_fields(scenario, s, sources, out, context);
  data::Raster<float> total(out_grid, 0.0f, kNanF);
  for (std::size_t i = 0; i < total.values.size(); ++i) {
    // Summed in double from the float layers, so that total = the four parts as written.
    total.values[i] = static_cast<float>(static_cast<double>(field[1].values[i]) + field[2].values[i] +
                                         field[4].values[i] + field[5].values[i]);
  }
  LayerSet result;
  if (scenario.has_layer(names::natura2000_kdw)) {
    const data::Raster<float> kdw = scenario.layer(names::natura2000_kdw).to_float();
    data::Raster<float> exceed(out_grid, kNanF, kNanF);
    for (std::int64_t r = 0; r < out.nrows; ++r) {
      for (std::int64_t c = 0; c < out.ncols; ++c) {
        const float k = kdw.at(c + out.col0, r + out.row0);
        if (std::isfinite(k)) exceed.at(c, r) = total.at(c, r) - k;
      }
    }
    result.emplace("kdw_exceedance",
                   data::make_layer(std::move(exceed), kDepositionUnits,
                                    "total N deposition minus the critical deposition value (KDW) "
                                    "of the Natura 2000 habitat; NaN outside habitats"));
  }
  const auto add = [&](const char* name, data::Raster<float>& r, const char* units, const std::string& what) {
    result.emplace(name, data::make_layer(std::move(r), units, what));
  };
  add("conc_nh3", field[0], kConcentrationUnits, "annual mean NH3 concentration at 4 m from the scenario's sources (OPS-like)");
  add("dep_dry_nhx", field[1], kDepositionUnits, "dry deposition of NH3 as N (OPS-like)");
  add("dep_wet_nhx", field[2], kDepositionUnits, "wet deposition of NH3 as N (OPS-like)");
  add("conc_nox", field[3], kConcentrationUnits, "annual mean NOx concentration (as NO2) at 4 m from the scenario's sources (OPS-like)");
  add("dep_dry_noy", field[4], kDepositionUnits, "dry deposition of NOx as N (OPS-like)");
  add("dep_wet_noy", field[5], kDepositionUnits, "wet deposition of NOx as N (OPS-like)");
  add("dep_total_n", total, kDepositionUnits, "total N deposition (dry + wet, NHx + NOy) from the scenario's sources");
  return result;
}

[[noreturn]] void bad(const std::string& name, const std::string& what) {
  throw data::Error(data::ErrorCode::invalid_argument, "parameter '" + name + "': " + what);
}

}  // namespace

std::string_view NitrogenSolver::title() const {
  return "Nitrogen deposition (OPS-like): NH3/NOx concentration, dry and wet N deposition, KDW exceedance";
}
std::string_view NitrogenSolver::model_version() const { return "nitrogen-grid 1.0"; }

std::vector<std::string> NitrogenSolver::needs() const { return {"land_use", "nitrogen_sources"}; }  // roads optional

double NitrogenSolver::halo_m(const Params& params) const { return params.number("max_distance_m"); }

ParamSpec NitrogenSolver::params() const {
  ParamSpec spec;
  spec.push_back(choice_param("mode", "exact", {"exact", "fast"},
                              "exact: every source-receptor pair within max_distance_m, each from "
                              "the tabulated OPS-like field of its source kind. fast: pairs closer than "
                              "fast_radius_m exactly, the rest by FFT convolution on a lattice of "
                              "fast_cell_m (docs/models/nitrogen.md, Fast mode, states the error)."));
  spec.push_back(number_param("fast_radius_m", "m", 1500.0, 100.0, 20e3,
                              "Fast mode: pairs closer than this are summed exactly (fully up to half of "
                              "it, blended into the far field between half and all of it). At least 8 x "
                              "fast_cell_m."));
  spec.push_back(number_param("fast_cell_m", "m", 100.0, 10.0, 2000.0,
                              "Fast mode: spacing of the far-field lattice (emissions spread onto it, the "
                              "far field interpolated from it)."));
  spec.push_back(choice_param("substances", "nh3+nox", {"nh3+nox", "nh3", "nox"},
                              "Which emissions to model; the other substance's layers are zero."));
  spec.push_back(text_param(
      "climatology_json", "",
      "A climatology as a JSON document with the layout of the shipped "
      "solvers/nitrogen/data/climatology_nl.json (12 wind sectors x 6 stability classes); "
      "empty = the shipped table (OPS meteo statistics, central Netherlands, 2005)."));
  spec.push_back(choice_param("sector_weighting", "interpolate", {"interpolate", "nearest"},
                              "Receptors between two wind-sector centres: interpolate the two "
                              "sectors' fields linearly in angle, or take the nearest sector."));
  spec.push_back(number_param("max_distance_m", "m", 100e3, 1e3, 1e6,
                              "Sources farther than this from a cell are left out; also the tile halo."));
  spec.push_back(number_param("min_distance_m", "m", 1.0, 1.0, 100.0,
                              "Receptors closer to a source are taken at this distance (OPS: 1 m)."));
  spec.push_back(number_param("area_spacing_m", "m", 10.0, 1.0, 500.0,
                              "Area sources (area_diameter_m > 0) are split into sub-points on a "
                              "square lattice of this spacing inside their disc."));
  spec.push_back(choice_param("path_land_use", "grass",
                              {"grass", "arable", "permanent_crops", "coniferous_forest", "deciduous_forest",
                               "water", "urban", "other_nature", "bare_soil"},
                              "Land use along the plume's path, for the dry deposition that depletes it."));
  spec.push_back(number_param("nh3_conversion_percent_h", "% h-1", 0.0, 0.0, 50.0,
                              "First-order NH3 -> NH4+ loss of the plume (the aerosol formed is not "
                              "followed). 0 = none."));
  spec.push_back(number_param("nox_conversion_percent_h", "% h-1", 0.0, 0.0, 50.0,
                              "First-order NOx -> NO3- loss of the plume. 0 = none."));
  spec.push_back(text_param("source_sectors", "",
                            "Comma-separated OPS/AERIUS sector codes of the sources to include "
                            "(e.g. \"4110\"); empty = all."));
  spec.push_back(
      flag_param("roads", true,
                 "Include the roads table's traffic as sources (emission factors: "
                 "road_emission_factors_json). "
                 "Roads have no sector code: with source_sectors set they are left out."));
  spec.push_back(number_param("road_spacing_m", "m", 10.0, 1.0, 200.0,
                              "Roads are cut into point sub-sources at most this far apart."));
  spec.push_back(number_param("road_height_m", "m", 0.5, 0.0, 10.0,
                              "Emission height of the road sub-sources (near the ground)."));
  spec.push_back(text_param(
      "road_emission_factors_json", "",
      "Road emission factors as a JSON document with the layout of the shipped "
      "solvers/nitrogen/data/road_emission_factors_nl.json; empty = the shipped table."));
  spec.push_back(
      flag_param("source_depletion", true,
                 "false: no dry, wet or chemical loss along the plume's path (for checks only)."));
  ParamInfo rec;
  rec.name = "max_receptors";
  rec.type = ParamType::integer;
  rec.default_value = 10000;
  rec.minimum = 0;
  rec.maximum = 1e6;
  rec.help = "At most this many rows of the receptors table get exact values in the statistics.";
  spec.push_back(rec);
  spec.push_back(choice_param("hexagons", "none", {"none", "habitats", "all"},
                              "Values at the centres of AERIUS's 1 ha receptor hexagons in the statistics: "
                              "none, those in natura2000_kdw habitat cells, or all inside the grid."));
  ParamInfo hex = rec;
  hex.name = "max_hexagons";
  hex.default_value = 100000;
  hex.help = "More hexagon centres than this (parameter hexagons) is refused as invalid-argument.";
  spec.push_back(hex);
  return spec;
}

namespace detail {

NitrogenSettings read_settings(const Params& p) {
  NitrogenSettings s;
  const std::string clim = p.text("climatology_json");
  if (clim.empty()) {
    s.climate = read_climatology(default_climatology_path());
  } else {
    nlohmann::json doc;
    try {
      doc = nlohmann::json::parse(clim);
    } catch (const nlohmann::json::exception& e) {
      bad("climatology_json", std::string("not JSON: ") + e.what());
    }
    try {
      s.climate = parse_climatology(doc, "climatology_json");
    } catch (const data::Error& e) {
      bad("climatology_json", e.what());
    }
  }
  const std::string subst = p.text("substances");
  s.nh3 = subst != "nox";
  s.nox = subst != "nh3";
  s.options.sectors =
      p.text("sector_weighting") == "nearest" ? SectorWeighting::nearest : SectorWeighting::interpolate;
  s.options.min_distance = p.number("min_distance_m");
  s.options.source_depletion = p.boolean("source_depletion");
  s.max_distance_m = p.number("max_distance_m");
  s.area_spacing_m = p.number("area_spacing_m");
  const std::vector<std::string> lu = {"grass", "arable", "permanent_crops", "coniferous_forest", "deciduous_forest",
                                       "water", "urban", "other_nature", "bare_soil"};
  const auto it = std::find(lu.begin(), lu.end(), p.text("path_land_use"));
  s.path_land_use = static_cast<names::LandUse>(1 + (it - lu.begin()));
  s.nh3_conversion = p.number("nh3_conversion_percent_h");
  s.nox_conversion = p.number("nox_conversion_percent_h");
  std::istringstream codes(p.text("source_sectors"));
  for (std::string code; std::getline(codes, code, ',');) {
    code.erase(0, code.find_first_not_of(" \t"));
    code.erase(code.find_last_not_of(" \t") + 1);
    if (code.empty()) continue;
    std::size_t used = 0;
    long long v = 0;
    try {
      v = std::stoll(code, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used != code.size()) bad("source_sectors", "'" + code + "' is not a whole sector code");
    s.sectors.insert(v);
  }
  s.max_receptors = static_cast<std::size_t>(p.integer("max_receptors"));
  const std::string hex = p.text("hexagons");
  s.hexagons = hex == "all" ? detail::HexagonOutput::all
                            : (hex == "habitats" ? detail::HexagonOutput::habitats : detail::HexagonOutput::none);
  s.max_hexagons = static_cast<std::size_t>(p.integer("max_hexagons"));
  s.roads = p.boolean("roads");
  s.road_spacing_m = p.number("road_spacing_m");
  s.road_height_m = p.number("road_height_m");
  s.road_factors_json = p.text("road_emission_factors_json");
  s.fast = p.text("mode") == "fast";
  s.fast_radius_m = p.number("fast_radius_m");
  s.fast_cell_m = p.number("fast_cell_m");
  if (s.fast && s.fast_radius_m < 8.0 * s.fast_cell_m) {
    // The far part (1 - w) K rises over R/2; it must span a few lattice cells to be smooth there.
    bad("fast_radius_m", "must be at least 8 x fast_cell_m (" + std::to_string(8.0 * s.fast_cell_m) + " m) so that "
        "the far field is smooth on its lattice");
  }
  return s;
}

}  // namespace detail

LayerSet NitrogenSolver::solve(const data::Scenario& scenario, const Params& params, data::Window out,
                               RunContext& context) const {
  const NitrogenSettings settings = detail::read_settings(params);
  require_window_inside(scenario, out, "nitrogen");
  if (!scenario.has_layer(names::land_use)) {
    throw data::Error(data::ErrorCode::missing_layer, "nitrogen: the scenario has no 'land_use' layer");
  }
  return run_with_budget(context, [&] { return run(scenario, settings, out, context); });
}

nlohmann::json NitrogenSolver::statistics(const data::Scenario& scenario, const LayerSet& result,
                                          const Params& params) const {
  return nitrogen_statistics(scenario, result, params, scenario.grid().full());
}

}  // namespace twin::solvers::nitrogen
