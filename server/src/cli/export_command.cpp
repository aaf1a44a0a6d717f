// twinsolve export: one layer of a scenario or result as a Cloud Optimized GeoTIFF, a PNG
// map with an SVG legend, or JSON statistics.
#include <cstdio>
#include <fstream>

#include "cli/commands.hpp"
#include "twin/data/atomic_output.hpp"
#include "twin/data/error.hpp"
#include "twin/data/export.hpp"
#include "twin/data/hdf5_store.hpp"

namespace twin::server::cli {
namespace {

struct ExportArgs {
  std::string file;
  std::string layer;
  std::string format;
  std::string out;
};

// JSON goes through a temporary name too: a reader never sees half a statistics file.
void write_json_atomically(const nlohmann::json& j, const std::filesystem::path& out) {
  data::AtomicOutput output(out);
  {
    std::ofstream stream(output.temporary());
    stream << j.dump(2) << "\n";
    if (!stream.flush()) throw data::Error(data::ErrorCode::io_error, out.string() + ": cannot write");
  }
  output.commit();
}

void run(const ExportArgs& args, const GlobalOptions& global) {
  const std::filesystem::path out(args.out);
  data::require_output_directory(out);
  data::ReadOptions options;
  options.budget = global.budget;
  options.only_layers = std::set<std::string>{args.layer};
  const data::Scenario scenario = data::read_scenario(args.file, options);
  const data::Layer& layer = scenario.layer(args.layer);
  std::string extra;
  if (args.format == "tiff") {
    data::export_cog(layer, args.layer, out);
  } else if (args.format == "png") {
    extra = ", legend " + data::export_png(layer, args.layer, out).string();
  } else {
    nlohmann::json stats = data::layer_statistics(layer);
    stats["layer"] = args.layer;
    stats["file"] = args.file;
    write_json_atomically(stats, out);
  }
  if (!global.quiet) std::printf("wrote %s (%s of layer %s%s)\n", args.out.c_str(), args.format.c_str(), args.layer.c_str(), extra.c_str());
}

}  // namespace

void add_export_command(CLI::App& app, const GlobalOptions& global) {
  auto args = std::make_shared<ExportArgs>();
  CLI::App* cmd = app.add_subcommand("export", "Export one layer as a Cloud Optimized GeoTIFF, a PNG map, or JSON statistics");
  cmd->add_option("file", args->file, "Scenario or result file (.h5)")->required();
  cmd->add_option("layer", args->layer, "Layer name, e.g. dtm or lden")->required();
  cmd->add_option("--format", args->format, "tiff (COG), png (map + SVG legend) or json (statistics)")
      ->required()
      ->check(CLI::IsMember({"tiff", "png", "json"}));
  cmd->add_option("--out", args->out, "Output file")->required();
  cmd->callback([args, &global] { run(*args, global); });
}

}  // namespace twin::server::cli
