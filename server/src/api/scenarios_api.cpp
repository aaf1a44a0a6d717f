// Scenarios: upload an HDF5 scenario, generate a demo one, list, describe and delete.
#include <cmath>
#include <fstream>
#include <unistd.h>
#include <fcntl.h>

#include "api_context.hpp"
#include "scenario_layers.hpp"
#include "scenario_tables.hpp"
#include "twin/data/demo_scenario.hpp"
#include "twin/jobs/job_id.hpp"

namespace twin::server::api {
namespace {

nlohmann::json scenario_body(const Api& api, const jobs::ScenarioRecord& record) {
  auto body = jobs::to_json(record);
  body.erase("owner");
  body["created"] = jobs::iso8601(record.created);
  body["links"] = {link(api.href("/scenarios/" + record.id), "self", "application/json", "scenario")};
  return body;
}

jobs::ScenarioRecord visible_scenario(const Api& api, const Request& request, const std::string& id) {
  const auto record = jobs::is_valid_id(id) ? api.services.catalog.get(id) : std::nullopt;
  if (!record || !request.caller.may_see(record->owner)) fail(404, "there is no scenario '" + id + "'");
  return *record;
}

// {"demo": {"size_km": 2, "cell_m": 10, "seed": 1}, "name": "..."}
jobs::ScenarioRecord create_demo(const Api& api, const Request& request) {
  const auto body = json_body(request.http);
  for (const auto& [key, value] : body.items())
    if (key != "demo" && key != "name" && key != "description")
      fail(400, "unknown member '" + key + "'; expected \"demo\", \"name\", \"description\"");
  if (!body.contains("demo") || !body["demo"].is_object())
    fail(400, "a JSON request creates a demo scenario: {\"demo\": {\"size_km\": 2, \"cell_m\": 10, \"seed\": 1}}; "
              "upload HDF5 with Content-Type application/x-hdf5");
  data::DemoOptions options;
  options.budget = api.services.budget;
  const auto& demo = body["demo"];
  for (const auto& [key, value] : demo.items()) {
    if (key == "size_km" || key == "cell_m" || key == "x_min" || key == "y_min") {
      if (!value.is_number() || !std::isfinite(value.get<double>())) fail(400, "demo." + key + " must be a number");
    } else if (key == "seed") {
      if (!value.is_number_unsigned()) fail(400, "demo.seed must be a non-negative integer");
    } else {
      fail(400, "unknown member 'demo." + key + "'; expected size_km, cell_m, seed, x_min, y_min");
    }
  }
  options.size_km = demo.value("size_km", 2.0);
  options.cell_m = demo.value("cell_m", 10.0);
  options.seed = demo.value("seed", std::uint64_t{1});
  options.x_min = demo.value("x_min", options.x_min);
  options.y_min = demo.value("y_min", options.y_min);
  if (options.size_km <= 0 || options.size_km > 100) fail(400, "demo.size_km must be in (0, 100]");
  if (options.cell_m < 0.5 || options.cell_m > 1000) fail(400, "demo.cell_m must be in [0.5, 1000]");
  const double side = options.size_km * 1000.0 / options.cell_m;
  if (side * side > static_cast<double>(api.options.limits.max_demo_cells))
    fail(413, "a demo of " + std::to_string(static_cast<long long>(side * side)) + " cells exceeds this server's " +
                  std::to_string(api.options.limits.max_demo_cells) + "-cell limit");
  auto scenario = data::make_demo_scenario(options);
  if (body.contains("name")) {
    if (!body["name"].is_string()) fail(400, "name must be a string");
    scenario.info.name = body["name"].get<std::string>();
  }
  if (body.contains("description") && body["description"].is_string())
    scenario.info.description = body["description"].get<std::string>();
  return api.services.catalog.add(scenario, request.caller.name, "demo");
}

// The body is an HDF5 scenario. Written to the data directory's tmp/ and checked in full
// before it is listed; a bad file is removed and answered with 422.
jobs::ScenarioRecord upload(const Api& api, const Request& request) {
  if (request.http.body.empty()) fail(400, "empty upload; send the HDF5 scenario file as the body");
  const auto path = api.services.data_dir.tmp() / (jobs::new_id() + ".upload.h5");
  {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) fail(500, "cannot store the upload");
    std::size_t done = 0;
    const auto& body = request.http.body;
    while (done < body.size()) {
      const auto n = ::write(fd, body.data() + done, body.size() - done);
      if (n <= 0) {
        ::close(fd);
        std::filesystem::remove(path);
        fail(507, "cannot store the upload (disk full?)");
      }
      done += static_cast<std::size_t>(n);
    }
    ::fsync(fd);
    ::close(fd);
  }
  return api.services.catalog.add_file(path, request.caller.name, request.query_value("name").value_or(""),
                                       api.services.budget);
}

}  // namespace

std::optional<HttpResponse> route_scenarios(const Api& api, const Request& request) {
  const auto& s = request.segments;
  const auto& method = request.http.method;
  if (s.empty() || s[0] != "scenarios" || s.size() > 5) return std::nullopt;
  if (s.size() == 1) {
    if (method == "GET") {
      nlohmann::json list = nlohmann::json::array();
      for (const auto& record : api.services.catalog.list(request.caller.owner_filter()))
        list.push_back(scenario_body(api, record));
      return json_response(200, {{"scenarios", list}, {"links", {link(api.href("/scenarios"), "self", "application/json")}}});
    }
    if (method != "POST") fail(405, "use GET or POST on /scenarios");
    const auto type = request.http.header("content-type").value_or("");
    if (type.find("json") == std::string::npos && type.find("hdf5") == std::string::npos &&
        type.find("octet-stream") == std::string::npos && type.find("netcdf") == std::string::npos)
      fail(415, "POST /scenarios takes application/json (a demo) or application/x-hdf5 (an upload), not '" +
                    type + "'");
    const auto record = type.find("json") != std::string::npos ? create_demo(api, request) : upload(api, request);
    auto response = json_response(201, scenario_body(api, record));
    response.set_header("Location", api.href("/scenarios/" + record.id));
    return response;
  }
  const auto record = visible_scenario(api, request, s[1]);
  if (s.size() > 2) {
    // /scenarios/{id}/tables/{table}: a feature table as GeoJSON.
    if (s[2] == "tables" && s.size() == 4) {
      if (method != "GET" && method != "HEAD") fail(405, "use GET on scenario tables");
      return scenario_table_response(api.services, record, s[3], request.query_value("f").value_or("geojson"));
    }
    // /scenarios/{id}/layers/{layer}[/legend|/value]: the scenario's own layers as map
    // images, their legends, and the value in one cell.
    if (s[2] != "layers" || s.size() < 4 || (s.size() == 5 && s[4] != "legend" && s[4] != "value"))
      return std::nullopt;
    if (method != "GET" && method != "HEAD") fail(405, "use GET on scenario layers");
    if (s.size() == 5 && s[4] == "value") return scenario_point_value_response(api.services, request, record, s[3]);
    if (s.size() == 5) return scenario_legend_response(api.services, record, s[3]);
    return scenario_layer_response(api.services, record, s[3], request.query_value("f").value_or("png"),
                                   request.query_value("style").value_or(""));
  }
  if (method == "GET") return json_response(200, scenario_body(api, record));
  if (method == "DELETE") {
    api.services.catalog.remove(record.id);
    remove_scenario_exports(api.services.data_dir, record.id);
    HttpResponse response;
    response.status = 204;
    return response;
  }
  fail(405, "use GET or DELETE on /scenarios/{scenarioId}");
}

}  // namespace twin::server::api
