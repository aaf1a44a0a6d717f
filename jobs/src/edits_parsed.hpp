#pragma once
// Private to the edits sources: one edit checked against a scenario, with its selection
// resolved, so validation and application share a single parser.
#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "twin/data/scenario.hpp"
#include "twin/jobs/polygon_mask.hpp"

namespace twin::jobs::edits_detail {

enum class Op {
  add_building,
  remove_buildings,
  plant_trees,
  set_land_use,
  scale_traffic,
  set_traffic,
  set_speed,
  set_emission,
};
std::string_view op_name(Op op);

struct ParsedEdit {
  Op op = Op::add_building;
  nlohmann::json normalised;  // the canonical JSON, as recorded in provenance

  // Raster edits: the cells whose centre lies inside the polygon, and the value to write.
  std::vector<CellRun> cells;
  double value = 0.0;  // height, land-use class, factor, vehicles per hour or speed

  // Table edits: the selected rows, and for roads the columns to change.
  std::vector<std::size_t> rows;
  std::vector<std::string> road_columns;
  // set_emission: new values, or a factor for both columns present.
  std::optional<double> nh3_kg_yr;
  std::optional<double> nox_kg_yr;
  std::optional<double> factor;
};

// Parses and checks edits[index]. Throws data::Error whose message starts
// "edits[index] (op): ".
ParsedEdit parse_edit(const nlohmann::json& edit, std::size_t index,
                      const data::Scenario& scenario);

// Checks the array as a whole (type, count) and parses every edit.
std::vector<ParsedEdit> parse_edits(const nlohmann::json& edits, const data::Scenario& scenario);

}  // namespace twin::jobs::edits_detail
