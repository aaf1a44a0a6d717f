#pragma once
// Each subcommand registers its options on the app and a callback that runs it.
#include <CLI/CLI.hpp>

#include "twin/data/memory_budget.hpp"
#include "twin/solvers/registry.hpp"

namespace twin::server::cli {

// Options every subcommand shares, filled before a callback runs.
struct GlobalOptions {
  data::MemoryBudget budget;
  int threads = 0;  // 0 = all cores
  bool quiet = false;
  // Also offer the `noop` process (twin/solvers/noop_solver.hpp), whose `abort` parameter kills
  // the worker: for fault tests and queue benchmarks only.
  bool test_processes = false;
};

// The builtin solvers, plus the test processes when global.test_processes is set.
void register_solvers(solvers::Registry& registry, const GlobalOptions& global);

void add_demo_scenario_command(CLI::App& app, const GlobalOptions& global);
void add_ingest_command(CLI::App& app, const GlobalOptions& global);
void add_info_command(CLI::App& app, const GlobalOptions& global);
void add_export_command(CLI::App& app, const GlobalOptions& global);
void add_noise_profile_command(CLI::App& app, const GlobalOptions& global);
void add_comfort_command(CLI::App& app, const GlobalOptions& global);
void add_serve_command(CLI::App& app, const GlobalOptions& global);
void add_run_command(CLI::App& app, const GlobalOptions& global);
void add_worker_command(CLI::App& app, const GlobalOptions& global);

}  // namespace twin::server::cli
