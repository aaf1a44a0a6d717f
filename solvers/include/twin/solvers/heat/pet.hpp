#pragma once
// Physiological Equivalent Temperature (PET) by the Munich Energy-balance Model for
// Individuals (MEMI; Höppe 1984, 1999), steady state, with the corrections of Walther &
// Goestchel (2018, Building and Environment 137:1–10) as implemented in pythermalcomfort's
// pet_steady: a three-temperature balance (core, skin, clothing) is solved for the actual
// environment, then PET is the air temperature of the indoor reference climate (Tmrt = Ta,
// v = 0.1 m/s, vapour pressure 12 hPa, 80 W activity, 0.9 clo) that balances the body at the
// same core, skin and clothing temperatures.
namespace twin::solvers::heat {

enum class Posture { sitting, standing, standing_forced_convection };
enum class Sex { male, female };

// The reference person of the PET definition: 35 years in Höppe 1999; 23 years in
// pythermalcomfort's defaults, which the published reference table uses.
struct PetPerson {
  double age_y = 23.0;
  Sex sex = Sex::male;
  double weight_kg = 75.0;
  double height_m = 1.80;
  Posture posture = Posture::sitting;
  double external_work = 0.0;  // mechanical efficiency, fraction of metabolic heat (0 … < 1)
};

struct PetInput {
  double ta_c = 20.0;    // air temperature
  double tmrt_c = 20.0;  // mean radiant temperature
  double rh_pct = 50.0;  // relative humidity, 0 … 100
  double v_ms = 0.1;     // air speed at body height (1.1 m), m/s
  double met = 1.37;     // activity; met × 58.2 W is added to the basal metabolism
  double clo = 0.9;      // clothing insulation, clo (> 0)
  double pressure_hpa = 1013.25;
  PetPerson person;
};

struct PetResult {
  double pet_c = 0.0;
  double t_core_c = 0.0;      // steady core temperature in the actual environment
  double t_skin_c = 0.0;      // mean skin temperature
  double t_clothing_c = 0.0;  // clothing surface temperature
  int newton_iterations = 0;  // of the three-temperature balance
};

// Throws data::Error(invalid_value) for inputs outside the model's physical range (e.g.
// negative wind, humidity outside 0 … 100 %, clo ≤ 0, Tmrt − Ta beyond ±150 K) and when the
// energy balance has no steady solution.
PetResult pet(const PetInput& in);

// Saturation vapour pressure over water (over ice below 0 °C), Pa: ASHRAE Handbook of
// Fundamentals (2017) ch. 1 eqs. 5–6, after Hyland & Wexler (1983).
double saturation_vapour_pressure_pa(double t_c);

}  // namespace twin::solvers::heat
