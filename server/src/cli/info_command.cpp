// twinsolve info: what a scenario or result file holds — grid, CRS, layers with units and
// statistics, feature tables, metadata and provenance — as text or JSON.
#include <cstdio>
#include <iostream>

#include "cli/commands.hpp"
#include "twin/data/crs.hpp"
#include "twin/data/export.hpp"
#include "twin/data/hdf5_store.hpp"

namespace twin::server::cli {
namespace {

nlohmann::json describe(const data::Scenario& s, const std::string& file) {
  const auto& g = s.grid();
  nlohmann::json j;
  j["file"] = file;
  j["name"] = s.info.name;
  j["description"] = s.info.description;
  j["year"] = s.info.year;
  j["meteorology"] = s.info.meteorology;
  j["grid"] = {{"epsg", g.epsg},   {"crs_name", data::describe_epsg(g.epsg).name},
               {"x_min", g.x_min()}, {"y_min", g.y_min()},
               {"x_max", g.x_max()}, {"y_max", g.y_max()},
               {"cell_m", g.cell},  {"nx", g.nx},
               {"ny", g.ny}};
  j["layers"] = nlohmann::json::object();
  for (const auto& [name, layer] : s.layers()) j["layers"][name] = data::layer_statistics(layer);
  j["tables"] = nlohmann::json::object();
  for (const auto& [name, table] : s.tables()) {
    nlohmann::json columns = nlohmann::json::array();
    for (const auto& c : table.columns()) {
      const char* type = std::holds_alternative<std::vector<double>>(c.values)    ? "real"
                         : std::holds_alternative<std::vector<std::int64_t>>(c.values) ? "integer"
                                                                                     : "text";
      columns.push_back({{"name", c.name}, {"type", type}, {"units", c.units}});
    }
    j["tables"][name] = {{"geometry", std::string(data::geometry_type_name(table.geometry_type()))},
                         {"description", table.description()},
                         {"rows", table.size()},
                         {"columns", columns}};
  }
  j["provenance"] = s.provenance.to_json();
  return j;
}

std::string number(const nlohmann::json& v) {
  if (v.is_null()) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v.get<double>());
  return buf;
}

void print_text(const nlohmann::json& j) {
  const auto& g = j["grid"];
  std::printf("%s\n", j["file"].get<std::string>().c_str());
  std::printf("  name:        %s (%d)\n", j["name"].get<std::string>().c_str(), j["year"].get<int>());
  if (!j["description"].get<std::string>().empty()) std::printf("  description: %s\n", j["description"].get<std::string>().c_str());
  std::printf("  grid:        %lld x %lld cells of %s m, EPSG:%d (%s)\n", g["nx"].get<long long>(), g["ny"].get<long long>(),
              number(g["cell_m"]).c_str(), g["epsg"].get<int>(), g["crs_name"].get<std::string>().c_str());
  std::printf("  extent:      x %s .. %s, y %s .. %s\n", number(g["x_min"]).c_str(), number(g["x_max"]).c_str(),
              number(g["y_min"]).c_str(), number(g["y_max"]).c_str());
  std::printf("  layers:\n");
  for (const auto& [name, st] : j["layers"].items()) {
    std::printf("    %-20s %-8s %-16s min %-10s mean %-10s max %-10s nodata %s\n", name.c_str(),
                st.value("cell_type", "").c_str(), ("[" + st.value("units", "") + "]").c_str(), number(st["min"]).c_str(),
                number(st["mean"]).c_str(), number(st["max"]).c_str(), std::to_string(st.value("nodata_count", 0ll)).c_str());
  }
  std::printf("  tables:\n");
  for (const auto& [name, t] : j["tables"].items()) {
    std::printf("    %-20s %-8s %zu rows, %zu columns\n", name.c_str(), t["geometry"].get<std::string>().c_str(),
                t["rows"].get<std::size_t>(), t["columns"].size());
  }
  const auto& p = j["provenance"];
  std::printf("  provenance:  %s by %s %s (%s), %s .. %s\n", p.value("process", "").c_str(), p.value("software", "").c_str(),
              p.value("software_version", "").c_str(), p.value("git_hash", "").c_str(), p.value("started_utc", "").c_str(),
              p.value("finished_utc", "").c_str());
  for (const auto& [input, digest] : p["input_sha256"].items()) {
    std::printf("    input %s sha256 %s\n", input.c_str(), digest.get<std::string>().c_str());
  }
}

}  // namespace

void add_info_command(CLI::App& app, const GlobalOptions& global) {
  auto file = std::make_shared<std::string>();
  auto as_json = std::make_shared<bool>(false);
  CLI::App* cmd = app.add_subcommand("info", "Describe a scenario or result file: grid, layers, tables, provenance");
  cmd->add_option("file", *file, "Scenario or result file (.h5)")->required();
  cmd->add_flag("--json", *as_json, "Print JSON instead of text");
  cmd->callback([file, as_json, &global] {
    data::ReadOptions options;
    options.budget = global.budget;
    const nlohmann::json j = describe(data::read_scenario(*file, options), *file);
    if (*as_json) {
      std::cout << j.dump(2) << "\n";
    } else {
      print_text(j);
    }
  });
}

}  // namespace twin::server::cli
