// Parsing and checking of edits, shared by validate_edits and apply_edits.
#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

#include "edits_fields.hpp"
#include "edits_parsed.hpp"
#include "edits_select.hpp"
#include "twin/data/error.hpp"
#include "twin/data/standard_names.hpp"
#include "twin/jobs/edits.hpp"

namespace twin::jobs::edits_detail {

using data::Error;
using data::ErrorCode;
namespace names = data::names;

namespace {

struct OpInfo {
  Op op;
  std::string_view name;
  std::vector<std::string_view> fields;  // besides "op" and "label"
};

const std::vector<OpInfo>& op_table() {
  static const std::vector<OpInfo> table{
      {Op::add_building, "add_building", {"polygon", "height"}},
      {Op::remove_buildings, "remove_buildings", {"polygon"}},
      {Op::plant_trees, "plant_trees", {"polygon", "height"}},
      {Op::set_land_use, "set_land_use", {"polygon", "land_use"}},
      {Op::scale_traffic, "scale_traffic", {"roads", "polygon", "factor", "categories", "periods"}},
      {Op::set_traffic,
       "set_traffic",
       {"roads", "polygon", "vehicles_per_hour", "categories", "periods"}},
      {Op::set_speed, "set_speed", {"roads", "polygon", "speed_kmh", "categories", "periods"}},
      {Op::set_emission,
       "set_emission",
       {"sources", "polygon", "nh3_kg_yr", "nox_kg_yr", "factor"}},
  };
  return table;
}

// Lower case with '-' and ' ' as '_', so "Add-Building" names add_building.
std::string canonical_op(std::string text) {
  for (char& c : text) {
    c = (c == '-' || c == ' ') ? '_'
                               : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return text;
}

const OpInfo& find_op(const nlohmann::json& edit) {
  const auto it = edit.find("op");
  if (it == edit.end()) throw Error(ErrorCode::invalid_argument, "missing field 'op'");
  if (!it->is_string()) {
    throw Error(ErrorCode::invalid_argument, "op must be a string, not " + excerpt(*it));
  }
  const std::string name = canonical_op(it->get<std::string>());
  for (const OpInfo& info : op_table()) {
    if (info.name == name) return info;
  }
  std::string known;
  for (const OpInfo& info : op_table())
    known += (known.empty() ? "" : ", ") + std::string(info.name);
  throw Error(ErrorCode::invalid_argument,
              "unknown op '" + excerpt(it->get<std::string>()) + "' (known: " + known + ")");
}

[[noreturn]] void bad_value(std::string message) {
  throw Error(ErrorCode::invalid_value, std::move(message));
}

nlohmann::json ring_json(const Ring& ring) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& p : ring) out.push_back({p.x, p.y});
  return out;
}

// A polygon that misses the grid is almost always a CRS mix-up (WGS84 degrees for RD New
// metres), so the message gives the grid's extent.
void require_on_grid(const Ring& ring, const data::GridSpec& grid) {
  const Box grid_box{grid.x_min(), grid.y_min(), grid.x_max(), grid.y_max()};
  if (!bounding_box(ring).overlaps(grid_box)) {
    bad_value("polygon lies outside the grid (x " + format_number(grid.x_min()) + " .. " +
              format_number(grid.x_max()) + ", y " + format_number(grid.y_min()) + " .. " +
              format_number(grid.y_max()) + ", EPSG:" + std::to_string(grid.epsg) + ")");
  }
}

void select_cells(FieldReader& reader, const data::Scenario& scenario, ParsedEdit& edit) {
  const Ring ring = reader.polygon("polygon");
  require_on_grid(ring, scenario.grid());
  edit.cells = cell_runs(scenario.grid(), ring);
  if (edit.cells.empty()) bad_value("polygon contains no cell centre of the grid");
  edit.normalised["polygon"] = ring_json(ring);
}

// Rows of `table_name` chosen by a list of ids under `ids_key` or by the polygon.
void select_rows(FieldReader& reader, const data::Scenario& scenario, std::string_view table_name,
                 std::string_view ids_key, ParsedEdit& edit) {
  const std::string ids_name(ids_key);
  const bool by_ids = reader.has(ids_key);
  const bool by_polygon = reader.has("polygon");
  if (by_ids == by_polygon) {
    throw Error(ErrorCode::invalid_argument,
                by_ids
                    ? "give either '" + ids_name + "' or 'polygon', not both"
                    : "missing field '" + ids_name + "' or 'polygon' (which features to change)");
  }
  if (!scenario.has_table(table_name)) {
    bad_value("scenario has no table '" + std::string(table_name) + "'");
  }
  const data::FeatureTable& table = scenario.table(table_name);
  if (by_ids) {
    const auto ids = reader.ids(ids_key);
    edit.rows = rows_with_ids(table, table_name, ids);
    edit.normalised[ids_name] = ids;
    return;
  }
  const Ring ring = reader.polygon("polygon");
  require_on_grid(ring, scenario.grid());
  edit.rows = rows_meeting_polygon(table, ring);
  if (edit.rows.empty()) {
    bad_value("polygon meets no feature of table '" + std::string(table_name) + "'");
  }
  edit.normalised["polygon"] = ring_json(ring);
}

void select_road_columns(FieldReader& reader, const data::Scenario& scenario,
                         std::string_view prefix, ParsedEdit& edit) {
  const auto categories = reader.optional_names("categories", names::vehicle_categories);
  const auto periods = reader.optional_names("periods", names::periods);
  RoadColumns chosen = road_columns(scenario.table(names::roads), prefix, categories, periods);
  edit.normalised["categories"] = chosen.categories;
  edit.normalised["periods"] = chosen.periods;
  edit.road_columns = std::move(chosen.columns);
}

double read_value(FieldReader& reader, std::string_view key, ParsedEdit& edit) {
  const double value = reader.number(key);
  edit.normalised[std::string(key)] = value;
  return value;
}

void require_real_column(const data::Scenario& scenario, std::string_view column) {
  const data::FeatureTable& sources = scenario.table(names::nitrogen_sources);
  if (!sources.has_column(column) ||
      !std::holds_alternative<std::vector<double>>(sources.column(column).values)) {
    bad_value("table 'nitrogen_sources' has no real-valued column '" + std::string(column) + "'");
  }
}

void parse_emission(FieldReader& reader, const data::Scenario& scenario, ParsedEdit& edit) {
  select_rows(reader, scenario, names::nitrogen_sources, "sources", edit);
  edit.nh3_kg_yr = reader.optional_number(names::source_nh3);
  edit.nox_kg_yr = reader.optional_number(names::source_nox);
  edit.factor = reader.optional_number("factor");
  const bool absolute = edit.nh3_kg_yr || edit.nox_kg_yr;
  if (absolute && edit.factor) {
    throw Error(ErrorCode::invalid_argument, "give 'factor' or nh3_kg_yr/nox_kg_yr, not both");
  }
  if (!absolute && !edit.factor) {
    throw Error(ErrorCode::invalid_argument, "missing field 'nh3_kg_yr', 'nox_kg_yr' or 'factor'");
  }
  const std::pair<std::string_view, std::optional<double>> values[] = {
      {names::source_nh3, edit.nh3_kg_yr},
      {names::source_nox, edit.nox_kg_yr},
      {"factor", edit.factor}};
  for (const auto& [key, value] : values) {
    if (!value) continue;
    require_at_least(key, *value, 0.0);
    edit.normalised[std::string(key)] = *value;
  }
  if (edit.nh3_kg_yr) require_real_column(scenario, names::source_nh3);
  if (edit.nox_kg_yr) require_real_column(scenario, names::source_nox);
  if (edit.factor) {
    const auto& sources = scenario.table(names::nitrogen_sources);
    if (!sources.has_column(names::source_nh3) && !sources.has_column(names::source_nox)) {
      bad_value("table 'nitrogen_sources' has neither nh3_kg_yr nor nox_kg_yr to scale");
    }
    for (std::string_view column : {names::source_nh3, names::source_nox}) {
      if (sources.has_column(column)) require_real_column(scenario, column);
    }
  }
}

void parse_fields(const OpInfo& info, FieldReader& reader, const data::Scenario& scenario,
                  ParsedEdit& edit) {
  switch (info.op) {
    case Op::add_building:
      select_cells(reader, scenario, edit);
      edit.value = read_value(reader, "height", edit);
      require_in_range("height", edit.value, 0.0, 400.0);
      break;
    case Op::remove_buildings:
      select_cells(reader, scenario, edit);
      edit.value = 0.0;
      break;
    case Op::plant_trees:
      select_cells(reader, scenario, edit);
      edit.value = read_value(reader, "height", edit);
      require_in_range("height", edit.value, 0.0, 100.0);
      break;
    case Op::set_land_use: {
      select_cells(reader, scenario, edit);
      const std::int64_t land_use = reader.integer("land_use");
      if (land_use < 1 || land_use > 9) {
        bad_value("land_use " + std::to_string(land_use) + " is not a class 1..9");
      }
      edit.value = static_cast<double>(land_use);
      edit.normalised["land_use"] = land_use;
      break;
    }
    case Op::scale_traffic:
      select_rows(reader, scenario, names::roads, "roads", edit);
      edit.value = read_value(reader, "factor", edit);
      require_at_least("factor", edit.value, 0.0);
      select_road_columns(reader, scenario, "q", edit);
      break;
    case Op::set_traffic:
      select_rows(reader, scenario, names::roads, "roads", edit);
      edit.value = read_value(reader, "vehicles_per_hour", edit);
      require_at_least("vehicles_per_hour", edit.value, 0.0);
      select_road_columns(reader, scenario, "q", edit);
      break;
    case Op::set_speed:
      select_rows(reader, scenario, names::roads, "roads", edit);
      edit.value = read_value(reader, "speed_kmh", edit);
      require_in_range("speed_kmh", edit.value, 0.0, 200.0);
      select_road_columns(reader, scenario, "v", edit);
      break;
    case Op::set_emission:
      parse_emission(reader, scenario, edit);
      break;
  }
}

}  // namespace

std::string_view op_name(Op op) {
  for (const OpInfo& info : op_table()) {
    if (info.op == op) return info.name;
  }
  return "unknown";
}

ParsedEdit parse_edit(const nlohmann::json& edit, std::size_t index,
                      const data::Scenario& scenario) {
  std::string where = "edits[" + std::to_string(index) + "]";
  try {
    if (!edit.is_object()) {
      throw Error(ErrorCode::invalid_argument,
                  "must be an object with an 'op', not " + excerpt(edit));
    }
    const OpInfo& info = find_op(edit);
    where += " (" + std::string(info.name) + ")";
    std::vector<std::string_view> fields{"op", "label"};
    fields.insert(fields.end(), info.fields.begin(), info.fields.end());
    FieldReader reader(edit, std::move(fields));
    reader.reject_unknown();

    ParsedEdit parsed;
    parsed.op = info.op;
    parsed.normalised = nlohmann::json::object();
    parsed.normalised["op"] = info.name;
    if (auto label = reader.optional_string("label", 200)) parsed.normalised["label"] = *label;
    parse_fields(info, reader, scenario, parsed);
    return parsed;
  } catch (const Error& e) {
    // Only two codes reach the client: the edit is malformed, or wrong for this scenario.
    const ErrorCode code = e.code() == ErrorCode::invalid_argument ? ErrorCode::invalid_argument
                                                                   : ErrorCode::invalid_value;
    throw Error(code, where + ": " + e.what());
  } catch (const nlohmann::json::exception& e) {
    throw Error(ErrorCode::invalid_argument, where + ": " + e.what());
  }
}

std::vector<ParsedEdit> parse_edits(const nlohmann::json& edits, const data::Scenario& scenario) {
  if (edits.is_null()) return {};  // a request without edits
  if (!edits.is_array()) {
    throw Error(ErrorCode::invalid_argument,
                "edits must be an array of edit objects, not " + excerpt(edits));
  }
  if (edits.size() > max_edits) {
    throw Error(ErrorCode::invalid_argument, "edits has " + std::to_string(edits.size()) +
                                                 " entries, at most " + std::to_string(max_edits));
  }
  std::vector<ParsedEdit> parsed;
  parsed.reserve(edits.size());
  for (std::size_t i = 0; i < edits.size(); ++i)
    parsed.push_back(parse_edit(edits[i], i, scenario));
  return parsed;
}

}  // namespace twin::jobs::edits_detail

namespace twin::jobs {

nlohmann::json validate_edits(const nlohmann::json& edits, const data::Scenario& scenario) {
  nlohmann::json out = nlohmann::json::array();
  // One at a time, so the cell runs of 1000 big polygons are never all held at once.
  if (edits.is_array() && edits.size() <= max_edits) {
    for (std::size_t i = 0; i < edits.size(); ++i) {
      out.push_back(edits_detail::parse_edit(edits[i], i, scenario).normalised);
    }
    return out;
  }
  edits_detail::parse_edits(edits, scenario);  // null gives [], anything else the error
  return out;
}

}  // namespace twin::jobs
