// Applying parsed edits to a scenario's layers and tables.
#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>

#include "edits_parsed.hpp"
#include "twin/data/error.hpp"
#include "twin/data/standard_names.hpp"
#include "twin/jobs/edits.hpp"

namespace twin::jobs {

namespace {

using edits_detail::Op;
using edits_detail::ParsedEdit;
namespace names = data::names;

// The value in the raster's cell type; integer layers get it rounded and clamped.
template <class T>
T to_cell(double value) {
  if constexpr (std::is_integral_v<T>) {
    const double lo = static_cast<double>(std::numeric_limits<T>::lowest());
    const double hi = static_cast<double>(std::numeric_limits<T>::max());
    return static_cast<T>(std::clamp(std::round(value), lo, hi));
  } else {
    return static_cast<T>(value);
  }
}

void write_cells(data::Layer& layer, const std::vector<CellRun>& cells, double value) {
  std::visit(
      [&](auto& raster) {
        using T = typename std::decay_t<decltype(raster)>::value_type;
        const T cell_value = to_cell<T>(value);
        for (const CellRun& run : cells) {
          auto row = raster.row(run.row);
          std::fill(row.begin() + run.col_begin, row.begin() + run.col_end, cell_value);
        }
      },
      layer.raster);
}

// Heights default to "nothing there", so a scenario without trees can still get some.
data::Layer& height_layer(data::Scenario& scenario, std::string_view name,
                          std::string_view description) {
  if (!scenario.has_layer(name)) {
    data::Raster<float> zeros(scenario.grid(), 0.0f, std::numeric_limits<float>::quiet_NaN());
    scenario.set_layer(std::string(name),
                       data::make_layer(std::move(zeros), "m", std::string(description)));
  }
  return scenario.layer(name);
}

void change_rows(data::FeatureTable& table, std::string_view column,
                 const std::vector<std::size_t>& rows, double value, bool scale) {
  std::vector<double>& values = table.doubles(column);
  for (std::size_t row : rows) values[row] = scale ? values[row] * value : value;
}

void apply_emission(data::FeatureTable& sources, const ParsedEdit& edit) {
  if (edit.factor) {
    for (std::string_view column : {names::source_nh3, names::source_nox}) {
      if (sources.has_column(column)) change_rows(sources, column, edit.rows, *edit.factor, true);
    }
    return;
  }
  if (edit.nh3_kg_yr) change_rows(sources, names::source_nh3, edit.rows, *edit.nh3_kg_yr, false);
  if (edit.nox_kg_yr) change_rows(sources, names::source_nox, edit.rows, *edit.nox_kg_yr, false);
}

void apply_one(data::Scenario& scenario, const ParsedEdit& edit) {
  switch (edit.op) {
    case Op::add_building:
      write_cells(height_layer(scenario, names::building_height,
                               "building height above ground, 0 = no building"),
                  edit.cells, edit.value);
      if (scenario.has_layer(names::land_use)) {
        write_cells(scenario.layer(names::land_use), edit.cells,
                    static_cast<double>(names::LandUse::urban));
      }
      break;
    case Op::remove_buildings:
      write_cells(height_layer(scenario, names::building_height,
                               "building height above ground, 0 = no building"),
                  edit.cells, 0.0);
      break;
    case Op::plant_trees:
      write_cells(height_layer(scenario, names::vegetation_height,
                               "tree canopy height above ground, 0 = no trees"),
                  edit.cells, edit.value);
      break;
    case Op::set_land_use:
      write_cells(scenario.layer(names::land_use), edit.cells, edit.value);
      break;
    case Op::scale_traffic:
    case Op::set_traffic:
    case Op::set_speed:
      for (const std::string& column : edit.road_columns) {
        change_rows(scenario.table(names::roads), column, edit.rows, edit.value,
                    edit.op == Op::scale_traffic);
      }
      break;
    case Op::set_emission:
      apply_emission(scenario.table(names::nitrogen_sources), edit);
      break;
  }
}

}  // namespace

void apply_edits(data::Scenario& scenario, const nlohmann::json& edits) {
  const std::vector<ParsedEdit> parsed = edits_detail::parse_edits(edits, scenario);
  // What validate_edits cannot see without layers, checked before the first change.
  nlohmann::json& record = scenario.provenance.edits;
  if (record.is_null()) record = nlohmann::json::array();
  if (!record.is_array()) {
    throw data::Error(data::ErrorCode::invalid_value,
                      "the scenario's provenance has 'edits' that are not an array");
  }
  for (std::size_t i = 0; i < parsed.size(); ++i) {
    if (parsed[i].op == Op::set_land_use && !scenario.has_layer(names::land_use)) {
      throw data::Error(data::ErrorCode::invalid_value,
                        "edits[" + std::to_string(i) + "] (set_land_use): scenario has no " +
                            std::string(names::land_use) + " layer to change");
    }
  }
  for (const ParsedEdit& edit : parsed) {
    apply_one(scenario, edit);
    record.push_back(edit.normalised);
  }
}

}  // namespace twin::jobs
