#include "scenario_layers.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>
#include <system_error>
#include <type_traits>

#include "point_values.hpp"
#include "twin/data/export.hpp"
#include "twin/data/hdf5_store.hpp"
#include "twin/data/hillshade.hpp"
#include "twin/data/standard_names.hpp"

namespace twin::server::api {
namespace {

namespace fs = std::filesystem;

fs::path exports_dir(const jobs::DataDir& dir, const std::string& scenario_id) {
  return dir.root() / "exports" / scenario_id;
}

// On a base map a height of 0 means "no building / no tree here": those cells are made
// nodata (transparent), so the land use drawn below shows through.
bool is_height_layer(const std::string& layer) {
  return layer == data::names::building_height || layer == data::names::vegetation_height;
}

void clear_ground_level(data::Layer& layer) {
  std::visit(
      [](auto& raster) {
        using T = typename std::decay_t<decltype(raster.values)>::value_type;
        for (auto& v : raster.values) {
          bool ground = v == T{0};
          if constexpr (std::is_signed_v<T>) ground = ground || v < T{0};
          if (ground && !raster.is_nodata(v)) v = raster.nodata;
        }
      },
      layer.raster);
}

void require_layer(const jobs::ScenarioRecord& record, const std::string& layer) {
  if (std::find(record.layers.begin(), record.layers.end(), layer) == record.layers.end())
    fail(404, "scenario '" + record.id + "' has no layer '" + layer + "'");
}

// How a layer is drawn: the quantity's colour ramp (PNG), the values (COG), or the terrain
// shaded by a sun in the north-west (PNG, only for the terrain height).
enum class Rendering { ramp_png, cog, hillshade_png };

std::string export_name(const std::string& layer, Rendering rendering) {
  switch (rendering) {
    case Rendering::ramp_png: return layer + ".png";
    case Rendering::cog: return layer + ".tif";
    case Rendering::hillshade_png: return layer + ".hillshade.png";
  }
  return layer;
}

// Makes the image once; concurrent first requests both write, each by rename, so a reader
// never sees half a file.
fs::path ensure_export(const Services& services, const jobs::ScenarioRecord& record,
                       const std::string& layer, Rendering rendering) {
  require_layer(record, layer);
  const auto dir = exports_dir(services.data_dir, record.id);
  const auto path = dir / export_name(layer, rendering);
  std::error_code error;
  if (fs::exists(path, error)) return path;
  fs::create_directories(dir, error);
  if (error)
    throw data::Error(data::ErrorCode::io_error,
                      "cannot create " + dir.string() + ": " + error.message());
  data::ReadOptions options;
  options.budget = services.budget;
  options.only_layers = std::set<std::string>{layer};
  auto scenario = data::read_scenario(services.data_dir.scenario_file(record.id), options);
  auto data_layer = scenario.layer(layer);
  switch (rendering) {
    case Rendering::ramp_png:
      if (is_height_layer(layer)) clear_ground_level(data_layer);
      data::export_png(data_layer, layer, path);
      break;
    case Rendering::cog: data::export_cog(data_layer, layer, path); break;
    case Rendering::hillshade_png: data::export_shade_png(data::hillshade(data_layer), path); break;
  }
  return path;
}

Rendering rendering_for(const std::string& layer, const std::string& format, const std::string& style) {
  if (format != "png" && format != "tiff")
    fail(400, "unknown format '" + format + "'; use f=png or f=tiff");
  if (style.empty() || style == "ramp") return format == "png" ? Rendering::ramp_png : Rendering::cog;
  if (style != "hillshade") fail(400, "unknown style '" + style + "'; use style=ramp or style=hillshade");
  if (format != "png") fail(400, "style=hillshade is an image: use it with f=png");
  if (layer != data::names::dtm)
    fail(400, "style=hillshade shades the terrain: use it on the layer '" + std::string(data::names::dtm) + "'");
  return Rendering::hillshade_png;
}

}  // namespace

HttpResponse scenario_layer_response(const Services& services, const jobs::ScenarioRecord& record,
                                     const std::string& layer, const std::string& format,
                                     const std::string& style) {
  const auto rendering = rendering_for(layer, format, style);
  const bool png = rendering != Rendering::cog;
  HttpResponse response;
  response.set_header(
      "Content-Type",
      png ? "image/png" : "image/tiff; application=geotiff; profile=cloud-optimized");
  response.set_header("Content-Disposition", "inline; filename=\"" + record.id + "_" + layer +
                                                 (png ? ".png" : ".tif") + "\"");
  response.file = ensure_export(services, record, layer, rendering);
  return response;
}

HttpResponse scenario_legend_response(const Services& services, const jobs::ScenarioRecord& record,
                                      const std::string& layer) {
  auto legend = ensure_export(services, record, layer, Rendering::ramp_png);
  legend.replace_extension(".legend.svg");
  HttpResponse response;
  response.set_header("Content-Type", "image/svg+xml");
  response.file = legend;
  return response;
}

HttpResponse scenario_point_value_response(const Services& services, const Request& request,
                                           const jobs::ScenarioRecord& record, const std::string& layer) {
  require_layer(record, layer);
  return point_value_response(request, services.data_dir.scenario_file(record.id), layer);
}

void remove_scenario_exports(const jobs::DataDir& dir, const std::string& scenario_id) {
  std::error_code ignored;
  fs::remove_all(exports_dir(dir, scenario_id), ignored);
}

}  // namespace twin::server::api
