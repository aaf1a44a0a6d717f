#include "result_files.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <system_error>

#include "point_values.hpp"
#include "twin/data/atomic_output.hpp"
#include "twin/data/export.hpp"
#include "twin/data/hdf5_store.hpp"
#include "twin/data/standard_names.hpp"
#include "twin/data/threshold_statistics.hpp"

namespace twin::server::api {
namespace {

std::filesystem::path export_dir(const jobs::DataDir& dir, const std::string& job_id) {
  return dir.job_dir(job_id) / "export";
}

data::Scenario read_layer(const Services& services, const std::string& job_id, const std::string& layer) {
  data::ReadOptions options;
  options.budget = services.budget;
  options.only_layers = std::set<std::string>{layer};
  return data::read_scenario(services.data_dir.result_file(job_id), options);
}

HttpResponse file_response(const std::filesystem::path& path, std::string_view media_type,
                           const std::string& download_name) {
  HttpResponse response;
  response.set_header("Content-Type", std::string(media_type));
  response.set_header("Content-Disposition", "attachment; filename=\"" + download_name + "\"");
  response.file = path;
  return response;
}

// Makes the export file once; layer names come from the job's own summary, never a path.
data::Scenario scenario_dwellings(const Services& services, const std::string& scenario_id) {
  data::ReadOptions options;
  options.budget = services.budget;
  options.only_layers = std::set<std::string>{std::string(data::names::dwellings)};
  return data::read_scenario(services.data_dir.scenario_file(scenario_id), options);
}

std::filesystem::path ensure_export(const Services& services, const jobs::Job& job, const std::string& layer,
                                    const ResultFormat& format) {
  const std::string& job_id = job.id;
  const auto dir = export_dir(services.data_dir, job_id);
  const auto path = dir / (layer + std::string(format.extension));
  std::error_code error;
  if (std::filesystem::exists(path, error)) return path;
  std::filesystem::create_directories(dir, error);
  auto scenario = read_layer(services, job_id, layer);
  const auto& data_layer = scenario.layer(layer);
  if (format.name == "hdf5") {
    data::write_scenario(scenario, path);
  } else if (format.name == "tiff") {
    data::export_cog(data_layer, layer, path);
  } else if (format.name == "png") {
    data::export_png(data_layer, layer, path);
  } else {
    data::AtomicOutput out(path);
    {
      std::ofstream file(out.temporary());
      auto statistics = data::layer_statistics(data_layer);
      statistics["layer"] = layer;
      if (!data::thresholds_for(layer).empty()) {
        // Dwellings come from the job's scenario; edits do not change them.
        const auto dwellings = scenario_dwellings(services, job.request.scenario_id);
        statistics["above"] = data::threshold_statistics(
            layer, data_layer, dwellings.has_layer(data::names::dwellings) ? &dwellings.layer(data::names::dwellings) : nullptr);
      }
      file << statistics.dump(2) << '\n';
    }
    out.commit();
  }
  return path;
}

}  // namespace

const std::vector<ResultFormat>& result_formats() {
  static const std::vector<ResultFormat> formats{
      {"tiff", ".tif", "image/tiff; application=geotiff; profile=cloud-optimized"},
      {"png", ".png", "image/png"},
      {"json", ".json", "application/json"},
      {"hdf5", ".h5", "application/x-hdf5"},
  };
  return formats;
}

const ResultFormat& result_format(std::string_view name) {
  for (const auto& format : result_formats())
    if (format.name == name) return format;
  fail(400, "unknown format '" + std::string(name) + "'; use f=tiff, png, json or hdf5");
}

HttpResponse layer_response(const Services& services, const jobs::Job& job, const std::string& layer,
                            const std::string& format_name) {
  const std::string& job_id = job.id;
  const auto& format = result_format(format_name);
  const auto path = ensure_export(services, job, layer, format);
  if (format.name == "json") {
    std::ifstream in(path);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    HttpResponse response;
    response.set_header("Content-Type", "application/json");
    response.body = std::move(text);
    return response;
  }
  return file_response(path, format.media_type, job_id + "_" + layer + std::string(format.extension));
}

HttpResponse legend_response(const Services& services, const jobs::Job& job, const std::string& layer) {
  const auto png = ensure_export(services, job, layer, result_format("png"));
  auto legend = png;
  legend.replace_extension(".legend.svg");
  HttpResponse response;
  response.set_header("Content-Type", "image/svg+xml");
  response.file = legend;
  return response;
}

HttpResponse point_value_response(const Services& services, const Request& request, const std::string& job_id,
                                  const std::string& layer) {
  return point_value_response(request, services.data_dir.result_file(job_id), layer);
}

void remove_job_files(const jobs::DataDir& dir, const std::string& job_id) {
  std::error_code ignored;
  std::filesystem::remove_all(dir.job_dir(job_id), ignored);
}

}  // namespace twin::server::api
