// twinsolve comfort: PET (MEMI) and UTCI for one set of conditions, as JSON — the thermal
// comfort indices of the heat solver at a single point, for checks by hand.
#include <cmath>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>

#include "cli/commands.hpp"
#include "twin/data/error.hpp"
#include "twin/solvers/heat/pet.hpp"
#include "twin/solvers/heat/utci.hpp"

namespace twin::server::cli {
namespace {

struct ComfortArgs {
  double ta = 0.0;
  double tmrt = 0.0;
  double rh = 0.0;
  double v = 0.0;
  std::optional<double> v10;
  double met = 1.37;
  double clo = 0.9;
  double pressure = 1013.25;
};

// Wind at 10 m from wind at height z over open terrain (roughness 0.01 m): the logarithmic
// profile of the UTCI operational procedure (Bröde et al. 2012, eq. 1).
double wind_at_10m(double v_z, double z_m) {
  return v_z * std::log(10.0 / 0.01) / std::log(z_m / 0.01);
}

// Rounded to `digits` decimals; dividing by the power of ten keeps the JSON free of 0.1-style
// binary noise (22.958, not 22.958000000000002).
double round_to(double value, int digits) {
  const double scale = std::pow(10.0, digits);
  return std::round(value * scale) / scale;
}

void run(const ComfortArgs& a) {
  solvers::heat::PetInput in;
  in.ta_c = a.ta;
  in.tmrt_c = a.tmrt;
  in.rh_pct = a.rh;
  in.v_ms = a.v;
  in.met = a.met;
  in.clo = a.clo;
  in.pressure_hpa = a.pressure;
  const solvers::heat::PetResult pet = solvers::heat::pet(in);  // validates the inputs

  const double v10 = a.v10 ? *a.v10 : wind_at_10m(a.v, 1.1);
  if (!std::isfinite(v10) || v10 < 0.0) {
    throw data::Error(data::ErrorCode::invalid_value,
                      "comfort: --v10 must be a wind speed >= 0 m/s");
  }
  nlohmann::json out;
  out["pet"] = round_to(pet.pet_c, 2);
  const std::string_view why = solvers::heat::utci_range_violation(a.ta, a.tmrt, v10, a.rh);
  if (why.empty()) {
    const double u = solvers::heat::utci(a.ta, a.tmrt, v10, a.rh);
    out["utci"] = round_to(u, 2);
    out["utci_stress_category"] = std::string(solvers::heat::utci_stress_category(u));
  } else {
    // PET is defined here but the UTCI polynomial is not: say why instead of extrapolating.
    out["utci"] = nullptr;
    out["utci_note"] = "outside the UTCI polynomial's range: " + std::string(why);
  }
  out["inputs"] = {{"ta_c", a.ta},
                   {"tmrt_c", a.tmrt},
                   {"rh_pct", a.rh},
                   {"v_ms", a.v},
                   {"v10_ms", v10},
                   {"v10_source", a.v10 ? "given" : "from v at 1.1 m, log profile z0 0.01 m"},
                   {"met", a.met},
                   {"clo", a.clo},
                   {"pressure_hpa", a.pressure},
                   {"person", "sitting, male, 23 y, 75 kg, 1.80 m"}};
  out["body"] = {{"t_core_c", round_to(pet.t_core_c, 3)},
                 {"t_skin_c", round_to(pet.t_skin_c, 3)},
                 {"t_clothing_c", round_to(pet.t_clothing_c, 3)}};
  std::cout << out.dump(2) << "\n";
}

}  // namespace

void add_comfort_command(CLI::App& app, const GlobalOptions& /*global*/) {
  auto args = std::make_shared<ComfortArgs>();
  CLI::App* cmd =
      app.add_subcommand("comfort", "Thermal comfort at one point: PET (MEMI) and UTCI as JSON");
  cmd->add_option("--ta", args->ta, "Air temperature, degC")->required();
  cmd->add_option("--tmrt", args->tmrt, "Mean radiant temperature, degC")->required();
  cmd->add_option("--rh", args->rh, "Relative humidity, %")->required();
  cmd->add_option("--v", args->v, "Wind speed at body height (1.1 m), m/s")->required();
  cmd->add_option("--v10", args->v10,
                  "Wind speed at 10 m for UTCI, m/s (default: from --v by a log profile)");
  cmd->add_option("--met", args->met, "Activity, met (added to basal metabolism)")
      ->capture_default_str();
  cmd->add_option("--clo", args->clo, "Clothing insulation, clo")->capture_default_str();
  cmd->add_option("--pressure", args->pressure, "Air pressure, hPa")->capture_default_str();
  cmd->callback([args] { run(*args); });
}

}  // namespace twin::server::cli
