// twinsolve demo-scenario: generate the synthetic Dutch landscape and write it as HDF5.
#include <chrono>
#include <cstdio>

#include "cli/commands.hpp"
#include "cli/progress_bar.hpp"
#include "twin/data/atomic_output.hpp"
#include "twin/data/demo_scenario.hpp"
#include "twin/data/hdf5_store.hpp"

namespace twin::server::cli {
namespace {

struct DemoArgs {
  std::string out;
  data::DemoOptions demo;
  int deflate = 4;
};

void run(const DemoArgs& args, const GlobalOptions& global) {
  data::require_output_directory(args.out);  // before minutes of work, not after
  const auto start = std::chrono::steady_clock::now();
  data::DemoOptions options = args.demo;
  options.budget = global.budget;
  data::Scenario scenario;
  {
    ProgressBar bar("generating", !global.quiet);
    scenario = data::make_demo_scenario(options, [&](double f) { bar.update(f); });
  }
  {
    ProgressBar bar("writing   ", !global.quiet);
    data::write_scenario(scenario, args.out, data::WriteOptions{args.deflate, [&](double f) { bar.update(f); }});
  }
  if (!global.quiet) {
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const auto& g = scenario.grid();
    std::printf("wrote %s: %lld x %lld cells at %g m (EPSG:%d), %zu layers, %zu tables, in %.1f s\n", args.out.c_str(),
                static_cast<long long>(g.nx), static_cast<long long>(g.ny), g.cell, g.epsg, scenario.layers().size(),
                scenario.tables().size(), seconds);
  }
}

}  // namespace

void add_demo_scenario_command(CLI::App& app, const GlobalOptions& global) {
  auto args = std::make_shared<DemoArgs>();
  CLI::App* cmd = app.add_subcommand("demo-scenario", "Generate the synthetic Dutch demo landscape as an HDF5 scenario");
  cmd->add_option("--out", args->out, "Output scenario file (.h5)")->required();
  cmd->add_option("--size-km", args->demo.size_km, "Side of the square area, km")
      ->capture_default_str()
      ->check(CLI::Range(0.1, 1000.0));
  cmd->add_option("--cell-m", args->demo.cell_m, "Cell size, m")->capture_default_str()->check(CLI::Range(0.25, 1000.0));
  cmd->add_option("--seed", args->demo.seed, "Random seed; the same seed gives the same scenario")->capture_default_str();
  cmd->add_option("--x-min", args->demo.x_min, "RD New x of the south-west corner, m")->capture_default_str();
  cmd->add_option("--y-min", args->demo.y_min, "RD New y of the south-west corner, m")->capture_default_str();
  cmd->add_option("--deflate", args->deflate, "HDF5 deflate level (0 = none)")->capture_default_str()->check(CLI::Range(0, 9));
  cmd->callback([args, &global] { run(*args, global); });
}

}  // namespace twin::server::cli
