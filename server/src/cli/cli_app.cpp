#include <tbb/global_control.h>

#include <iostream>
#include <memory>
#include <new>

#include "cli/commands.hpp"
#include "twin/data/error.hpp"
#include "twin/data/version.hpp"
#include "twin/server/cli_app.hpp"
#include "twin/solvers/builtin.hpp"
#include "twin/solvers/noop_solver.hpp"

namespace twin::server {
namespace {

int exit_status_for(data::ErrorCode code) {
  using data::ErrorCode;
  switch (code) {
    case ErrorCode::file_not_found: return exit_no_input;
    case ErrorCode::over_memory_budget: return exit_resources;
    case ErrorCode::io_error: return exit_io;
    case ErrorCode::invalid_argument: return exit_usage;
    default: return exit_bad_input;
  }
}

std::string version_text() {
  return "twinsolve " + std::string(data::software_version()) + " (" + std::string(data::git_hash()) + ")";
}

}  // namespace

namespace cli {

void register_solvers(solvers::Registry& registry, const GlobalOptions& global) {
  solvers::register_builtin_solvers(registry);
  if (global.test_processes) registry.add(std::make_unique<solvers::NoopSolver>());
}

}  // namespace cli

int run_cli(int argc, char** argv) {
  CLI::App app{"twinsolve: nitrogen deposition, traffic noise and heat stress for digital twins", "twinsolve"};
  app.set_version_flag("--version", version_text());
  app.require_subcommand(1);
  app.fallthrough();

  cli::GlobalOptions global;
  std::string budget_text = "8GiB";
  app.add_option("--memory-budget", budget_text, "Most memory grids may take, e.g. 8GiB, 512MiB")
      ->envname("TWINSOLVE_MEMORY_BUDGET")
      ->capture_default_str();
  app.add_option("--threads", global.threads, "Worker threads (0 = all cores)")
      ->envname("TWINSOLVE_THREADS")
      ->check(CLI::Range(0, 1024));
  app.add_flag("-q,--quiet", global.quiet, "No progress bar or summary lines");
  app.add_flag("--test-processes", global.test_processes,
               "Also offer the noop process (tests and benchmarks; its abort input kills the worker)")
      ->envname("TWINSOLVE_TEST_PROCESSES");

  // The budget is parsed before any subcommand callback runs (parse_complete_callback).
  std::unique_ptr<tbb::global_control> thread_limit;
  app.parse_complete_callback([&] {
    global.budget = data::MemoryBudget::parse(budget_text);
    if (global.threads > 0) {
      thread_limit = std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism,
                                                           static_cast<std::size_t>(global.threads));
    }
  });

  cli::add_demo_scenario_command(app, global);
  cli::add_ingest_command(app, global);
  cli::add_info_command(app, global);
  cli::add_export_command(app, global);
  cli::add_noise_profile_command(app, global);
  cli::add_comfort_command(app, global);
  cli::add_run_command(app, global);
  cli::add_serve_command(app, global);
  cli::add_worker_command(app, global);

  try {
    app.parse(argc, argv);
    return exit_ok;
  } catch (const CLI::ParseError& e) {
    const int status = app.exit(e);
    return status == 0 ? exit_ok : exit_usage;
  } catch (const data::Error& e) {
    std::cerr << "twinsolve: error [" << data::error_code_name(e.code()) << "]: " << e.what() << "\n";
    return exit_status_for(e.code());
  } catch (const std::bad_alloc&) {
    std::cerr << "twinsolve: error [out-of-memory]: the machine ran out of memory; lower --memory-budget or the "
                 "grid size\n";
    return exit_resources;
  } catch (const std::exception& e) {
    std::cerr << "twinsolve: internal error: " << e.what() << "\n";
    return exit_internal;
  }
}

}  // namespace twin::server
