// twinsolve run: one process on one scenario file, no server — the same solve, edits,
// difference layers and provenance as a job of the service, for scripts and checks.
#include <atomic>
#include <fstream>
#include <iostream>
#include <map>

#include "cli/commands.hpp"
#include "cli/progress_bar.hpp"
#include "twin/data/error.hpp"
#include "twin/data/atomic_output.hpp"
#include "twin/data/hdf5_store.hpp"
#include "twin/jobs/edits.hpp"
#include "twin/jobs/process_run.hpp"

namespace twin::server::cli {
namespace {

using data::Error;
using data::ErrorCode;

struct RunArgs {
  std::string process;
  std::string scenario;
  std::string out;
  std::vector<std::string> params;  // name=value
  std::string params_file;
  std::string edits_file;
  std::string reference;
  std::string stats_out;
};

nlohmann::json read_json_file(const std::string& path, const char* what) {
  std::ifstream in(path);
  if (!in) throw Error(ErrorCode::file_not_found, std::string(what) + " file " + path + " cannot be read");
  try {
    return nlohmann::json::parse(in);
  } catch (const nlohmann::json::parse_error& e) {
    throw Error(ErrorCode::parse_error, path + ": not valid JSON (" + e.what() + ")");
  }
}

// name=value; the value is read as JSON when it parses (numbers, true/false), else as text.
nlohmann::json parameters(const RunArgs& args) {
  nlohmann::json values = nlohmann::json::object();
  if (!args.params_file.empty()) {
    values = read_json_file(args.params_file, "parameter");
    if (!values.is_object()) throw Error(ErrorCode::invalid_argument, args.params_file + ": expected a JSON object");
  }
  for (const auto& pair : args.params) {
    const auto equals = pair.find('=');
    if (equals == std::string::npos || equals == 0)
      throw Error(ErrorCode::invalid_argument, "--param expects name=value, got '" + pair + "'");
    const std::string text = pair.substr(equals + 1);
    const auto parsed = nlohmann::json::parse(text, nullptr, false);
    values[pair.substr(0, equals)] = parsed.is_discarded() ? nlohmann::json(text) : parsed;
  }
  return values;
}

void run(const RunArgs& args, const GlobalOptions& global) {
  solvers::Registry registry;
  register_solvers(registry, global);
  const auto* solver = registry.find(args.process);
  if (solver == nullptr) {
    std::string known;
    for (const auto& name : registry.names()) known += (known.empty() ? "" : ", ") + name;
    throw Error(ErrorCode::invalid_argument, "unknown process '" + args.process + "'; known: " + known);
  }
  const auto params = solvers::resolve(solver->params(), parameters(args));
  data::require_output_directory(args.out);

  data::ReadOptions read;
  read.budget = global.budget;
  data::Scenario scenario = data::read_scenario(args.scenario, read);
  if (!args.edits_file.empty()) jobs::apply_edits(scenario, read_json_file(args.edits_file, "edits"));
  std::optional<data::Scenario> reference;
  if (!args.reference.empty()) reference = data::read_scenario(args.reference, read);

  std::atomic<bool> never{false};
  ProgressBar bar(args.process, !global.quiet);
  auto result = jobs::run_process(*solver, params, scenario,
                                  jobs::Reference{reference ? &*reference : nullptr, nullptr}, global.threads,
                                  never, [&](double percent, const std::string&) { bar.update(percent / 100.0); });
  bar.done();
  result.result.provenance.parameters["scenario"] = args.scenario;
  if (reference) result.result.provenance.parameters["reference"] = args.reference;
  data::write_scenario(result.result, args.out);
  if (!args.stats_out.empty()) {
    std::ofstream stats(args.stats_out);
    stats << result.statistics.dump(2) << '\n';
    if (!stats.flush()) throw Error(ErrorCode::io_error, "cannot write " + args.stats_out);
  }
  if (!global.quiet) {
    std::cout << args.out << ": " << result.result.layers().size() << " layers (";
    bool first = true;
    for (const auto& [name, layer] : result.result.layers()) {
      std::cout << (first ? "" : ", ") << name;
      first = false;
    }
    std::cout << ")\n";
  }
}

}  // namespace

void add_run_command(CLI::App& app, const GlobalOptions& global) {
  auto args = std::make_shared<RunArgs>();
  auto* cmd = app.add_subcommand("run", "Run one process on a scenario file, without a server");
  cmd->add_option("--process", args->process, "Process (solver) name, e.g. heat")->required();
  cmd->add_option("--scenario", args->scenario, "Scenario HDF5 file")->required();
  cmd->add_option("--out", args->out, "Result HDF5 file")->required();
  cmd->add_option("--param", args->params, "A parameter as name=value (repeatable)");
  cmd->add_option("--params", args->params_file, "JSON object of parameters");
  cmd->add_option("--edits", args->edits_file, "JSON array of what-if edits (docs/api.md, Edits)");
  cmd->add_option("--reference", args->reference, "Reference scenario file: adds <layer>_diff layers");
  cmd->add_option("--stats", args->stats_out, "Write the process's statistics as JSON here");
  cmd->callback([args, &global] { run(*args, global); });
}

}  // namespace twin::server::cli
