// twinsolve noise-profile: the CNOSSOS-EU attenuation terms and levels along one vertical cut
// profile (ISO/TR 17534-4 JSON layout), so a reference case can be checked by hand.
#include <algorithm>
#include <cmath>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "twin/data/error.hpp"
#include "twin/solvers/noise/path.hpp"
#include "twin/solvers/noise/profile_json.hpp"

namespace twin::server::cli {
namespace {

namespace noise = solvers::noise;

struct NoiseProfileArgs {
  std::string file;
  double temperature_c = 10;
  double humidity_percent = 70;
  double p = 0.5;
  std::string lw = "93";
};

// "93" (every band) or eight comma-separated values.
noise::Spectrum parse_lw(const std::string& text) {
  std::vector<double> values;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    try {
      std::size_t used = 0;
      values.push_back(std::stod(item, &used));
      if (item.find_first_not_of(" \t", used) != std::string::npos) throw std::invalid_argument(item);
    } catch (const std::exception&) {
      throw data::Error(data::ErrorCode::invalid_argument, "--lw: '" + item + "' is not a number");
    }
  }
  if (values.size() == 1) return noise::flat(values[0]);
  if (values.size() != noise::band_count) {
    throw data::Error(data::ErrorCode::invalid_argument, "--lw needs one value or eight (63 Hz .. 8 kHz), got " +
                                                             std::to_string(values.size()));
  }
  noise::Spectrum lw{};
  std::copy(values.begin(), values.end(), lw.begin());
  return lw;
}

// Rounded to 1e-4 dB: enough for any reference check, and stable text across platforms.
nlohmann::json spectrum(const noise::Spectrum& s) {
  nlohmann::json a = nlohmann::json::array();
  for (double v : s) a.push_back(std::round(v * 1e4) / 1e4);
  return a;
}

void run(const NoiseProfileArgs& args) {
  const noise::Profile profile = noise::read_profile_json(args.file);
  const noise::Spectrum lw = parse_lw(args.lw);
  const noise::PathResult r = noise::propagate(profile, lw, {args.temperature_c, args.humidity_percent, 101.325}, args.p);
  nlohmann::json j;
  j["file"] = args.file;
  j["conditions"] = {{"temperature_c", args.temperature_c}, {"humidity_percent", args.humidity_percent}, {"p", args.p}};
  j["frequencies_hz"] = spectrum(noise::nominal_frequencies);
  j["lw"] = spectrum(lw);
  j["distance_m"] = std::round(r.distance_m * 1e4) / 1e4;
  j["diffracted"] = r.diffracted;
  j["A_div"] = spectrum(r.a_div);
  j["A_atm"] = spectrum(r.a_atm);
  j["A_ground"] = {{"H", spectrum(r.a_ground_h)}, {"F", spectrum(r.a_ground_f)}};
  j["A_dif"] = {{"H", spectrum(r.a_dif_h)}, {"F", spectrum(r.a_dif_f)}};
  j["LH"] = spectrum(r.lh);
  j["LF"] = spectrum(r.lf);
  j["L"] = spectrum(r.l);
  j["LA"] = spectrum(r.la);
  std::cout << j.dump(2) << "\n";
}

}  // namespace

void add_noise_profile_command(CLI::App& app, const GlobalOptions& /*global*/) {
  auto args = std::make_shared<NoiseProfileArgs>();
  CLI::App* cmd = app.add_subcommand(
      "noise-profile", "CNOSSOS-EU attenuation and levels along one cut profile (ISO/TR 17534-4 JSON), printed as JSON");
  cmd->add_option("file", args->file, "Cut profile (.json)")->required();
  cmd->add_option("--temperature", args->temperature_c, "Air temperature, degC")->capture_default_str()->check(CLI::Range(-40.0, 50.0));
  cmd->add_option("--humidity", args->humidity_percent, "Relative humidity, %")->capture_default_str()->check(CLI::Range(1.0, 100.0));
  cmd->add_option("--p", args->p, "Occurrence of favourable conditions, 0..1")->capture_default_str()->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--lw", args->lw, "Source power per band, dB: one value or eight comma-separated")->capture_default_str();
  cmd->callback([args] { run(*args); });
}

}  // namespace twin::server::cli
