// PET by the MEMI energy balance (Höppe 1999, Int. J. Biometeorol. 43:71–75) with the
// corrections of Walther & Goestchel (2018): no heat storage, a clothing layer modelled as a
// cylinder around the body, Gagge's sweat and vapour-diffusion terms. Units: temperatures °C,
// fluxes W per m² of DuBois body area, vapour pressures hPa.
#include "twin/solvers/heat/pet.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <array>
#include <cmath>
#include <string>

#include "twin/data/error.hpp"

namespace twin::solvers::heat {
namespace {

constexpr double kKelvin = 273.15;
constexpr double kSigma = 5.67e-8;  // Stefan–Boltzmann, W m-2 K-4
constexpr double kEmissivitySkin = 0.99;
constexpr double kEmissivityClothes = 0.95;
constexpr double kLatentHeat = 2.42e6;  // J/kg, evaporation of sweat
constexpr double kBloodHeat = 3640.0;   // J/(kg K), specific heat of blood
constexpr double kLewis = 1.67;         // K/hPa, Lewis relation
constexpr double kWoodcock = 0.38;      // vapour permeation efficiency of clothing
constexpr double kCoreSet = 36.6;       // °C, set points of the thermoregulation
constexpr double kSkinSet = 34.0;
constexpr double kMetW = 58.2;  // W per met, as MEMI counts activity heat

// The environment a body is exposed to (actual or the PET reference climate).
struct Climate {
  double ta = 0.0;
  double tr = 0.0;
  double v = 0.1;
  double vpa_hpa = 12.0;
  double activity_w = 80.0;
  double clo = 0.9;
  double p_hpa = 1013.25;
};

// The reference indoor climate that defines PET (Höppe 1999): Tmrt = Ta, v = 0.1 m/s,
// 12 hPa vapour pressure, 80 W activity, 0.9 clo.
Climate reference_climate(double tx, double p_hpa) {
  return Climate{tx, tx, 0.1, 12.0, 80.0, 0.9, p_hpa};
}

// Blood flow from skin vasodilatation and core vasoconstriction signals (Höppe's MEMI,
// after Gagge's two-node model), L/(m² h), and the skin share of body mass it implies.
struct Blood {
  double flow = 0.0;
  double skin_fraction = 0.0;
};
Blood vasomotricity(double t_core, double t_skin) {
  const double sig_skin = std::max(kSkinSet - t_skin, 0.0);
  const double sig_core = std::max(t_core - kCoreSet, 0.0);
  const double flow = std::min((6.3 + 75.0 * sig_core) / (1.0 + 0.5 * sig_skin), 90.0);
  return {flow, 0.0417737 + 0.7451833 / (flow + 0.585417)};
}

// Regulatory sweating, g/(m² h): Gagge's proportional control on the mean body temperature,
// capped at 500 g/(m² h).
double sweat_rate(double t_body) {
  const double set = 0.1 * kSkinSet + 0.9 * kCoreSet;
  return std::min(304.94e-3 * std::max(t_body - set, 0.0), 500.0);
}

// The heat-balance terms of one person in one climate.
class Balance {
 public:
  Balance(const PetPerson& person, const Climate& c) : c_(c) {
    const double w = person.weight_kg;
    const double h = person.height_m;
    area_ = 0.202 * std::pow(w, 0.425) * std::pow(h, 0.725);  // DuBois & DuBois 1916
    // Basal metabolism, W (Höppe 1984; Walther & Goestchel 2018 eq. 3).
    const double shape = h * 100.0 / std::cbrt(w);
    const double basal = person.sex == Sex::male
                             ? 3.45 * std::pow(w, 0.75) *
                                   (1.0 + 0.004 * (30.0 - person.age_y) + 0.01 * (shape - 43.4))
                             : 3.19 * std::pow(w, 0.75) *
                                   (1.0 + 0.004 * (30.0 - person.age_y) + 0.018 * (shape - 42.1));
    he_ = (c.activity_w + basal) / area_;
    metabolic_ = he_ * (1.0 - person.external_work);

    // Clothing geometry: Burton's surface increase (k = 0.31) and the clothed fraction of
    // the body surface as a cubic of clo.
    fcl_ = 1.0 + 0.31 * c.clo;
    const double clothed_raw =
        (173.51 * c.clo - 2.36 - 100.76 * c.clo * c.clo + 19.28 * std::pow(c.clo, 3.0)) / 100.0;
    a_clo_ = area_ * clothed_raw + area_ * (fcl_ - 1.0);
    clothed_ = std::min(clothed_raw, 1.0);
    f_eff_ = person.posture == Posture::sitting ? 0.725 : 0.696;  // effective radiating share

    // Convection coefficient by posture, with a free-convection floor and the pressure
    // correction (Höppe 1999).
    const double pr = c.p_hpa / 1013.25;
    double hc = 0.0;
    switch (person.posture) {
      case Posture::sitting:
        hc = 2.67 + 6.5 * std::pow(c.v, 0.67);
        break;
      case Posture::standing:
        hc = 2.26 + 7.42 * std::pow(c.v, 0.67);
        break;
      case Posture::standing_forced_convection:
        hc = 8.6 * std::pow(c.v, 0.513);
        break;
    }
    hc_ = std::max(3.0 * std::pow(pr, 0.53), hc) * std::pow(pr, 0.55);

    // Respiration: sensible and latent losses of exhaled air (Höppe 1999).
    const double t_exhaled = 0.47 * c.ta + 21.0;
    const double ventilation = he_ * 1.44e-6;  // kg/(m² s)
    const double sensible = 1010.0 * (c.ta - t_exhaled) * ventilation;
    const double vp_exhaled = saturation_vapour_pressure_pa(t_exhaled) / 100.0;
    const double latent = 0.623 * kLatentHeat / c.p_hpa * (c.vpa_hpa - vp_exhaled) * ventilation;
    respiration_ = sensible + latent;

    // Clothing as a cylindrical layer around the body (Walther & Goestchel 2018): its
    // conductance from the layer's inner and outer radii.
    r_cl_ = c.clo / 6.45;  // m² K/W
    double y = 0.0;        // share of the height the clothing covers
    if (c.clo >= 2.0) {
      y = 1.0;
    } else if (c.clo > 0.6) {
      y = (h - 0.2) / h;
    } else if (c.clo > 0.3) {
      y = 0.5;
    } else {
      y = 0.1;
    }
    const double r_outer = area_ * (fcl_ - 1.0 + clothed_) / (6.28 * h * y);
    const double r_inner = clothed_ * area_ / (6.28 * h * y);
    htcl_ = 6.28 * h * y * (r_outer - r_inner) / (r_cl_ * std::log(r_outer / r_inner) * a_clo_);
  }

  // Residuals of the core, skin and clothing balances, W/m² (zero at steady state).
  Eigen::Vector3d nodes(const Eigen::Vector3d& t) const {
    const Terms x = terms(t);
    Eigen::Vector3d r;
    r(0) = metabolic_ + respiration_ - x.core_to_skin;
    r(1) = x.radiation_bare + x.convection_bare + x.evaporation + x.core_to_skin -
           htcl_ * (t(1) - t(2));
    r(2) = x.convection_clothed + x.radiation_clothed + htcl_ * (t(1) - t(2));
    return r;
  }

  // Whole-body balance, W/m², for given body temperatures (the PET condition).
  double total(const Eigen::Vector3d& t) const {
    const Terms x = terms(t);
    return metabolic_ + respiration_ + x.radiation_bare + x.radiation_clothed + x.convection_bare +
           x.convection_clothed + x.evaporation;
  }

 private:
  struct Terms {
    double core_to_skin, radiation_bare, radiation_clothed, convection_bare, convection_clothed,
        evaporation;
  };

  Terms terms(const Eigen::Vector3d& t) const {
    const double t_core = t(0), t_skin = t(1), t_clo = t(2);
    const Blood blood = vasomotricity(t_core, t_skin);
    const double t_body = blood.skin_fraction * t_skin + (1.0 - blood.skin_fraction) * t_core;

    // Sweat evaporation, limited by the air's capacity to take the vapour up.
    double e_sweat = kLatentHeat / 1000.0 * sweat_rate(t_body) / 3600.0;
    const double vp_skin = saturation_vapour_pressure_pa(t_skin) / 100.0;
    const double burton = 1.0 / (1.0 + 0.92 * hc_ * r_cl_);
    double e_max = hc_ * kLewis * burton * (vp_skin - c_.vpa_hpa);
    if (e_max == 0.0) e_max = 0.001;
    const double wetted = std::min(e_sweat / e_max, 1.0);
    e_sweat = std::max(e_sweat, 0.0);
    // Diffusion through the unwetted skin, with Woodcock's clothing vapour resistance.
    const double r_vapour = (1.0 / (fcl_ * hc_) + r_cl_) / (kLewis * kWoodcock);
    const double e_diffusion = (1.0 - wetted) * (vp_skin - c_.vpa_hpa) / r_vapour;

    const double tr4 = std::pow(c_.tr + kKelvin, 4.0);
    Terms x{};
    x.core_to_skin = (blood.flow / 3600.0 * kBloodHeat + 5.28) * (t_core - t_skin);
    x.radiation_bare = area_ * f_eff_ * (1.0 - clothed_) * kEmissivitySkin * kSigma *
                       (tr4 - std::pow(t_skin + kKelvin, 4.0)) / area_;
    x.radiation_clothed = f_eff_ * a_clo_ * kEmissivityClothes * kSigma *
                          (tr4 - std::pow(t_clo + kKelvin, 4.0)) / area_;
    x.convection_bare = hc_ * (c_.ta - t_skin) * (1.0 - clothed_);
    x.convection_clothed = hc_ * (c_.ta - t_clo) * a_clo_ / area_;
    x.evaporation = -(e_diffusion + e_sweat);
    return x;
  }

  Climate c_;
  double area_ = 0, he_ = 0, metabolic_ = 0, fcl_ = 0, a_clo_ = 0, clothed_ = 0, f_eff_ = 0;
  double hc_ = 0, respiration_ = 0, r_cl_ = 0, htcl_ = 0;
};

[[noreturn]] void fail(const std::string& what) {
  throw data::Error(data::ErrorCode::invalid_value, "PET: " + what);
}

// Damped Newton iterations on the three node balances, Jacobian by central differences
// (the balance is only piecewise smooth: blood flow and sweating have thresholds).
Eigen::Vector3d solve_body(const Balance& b, Eigen::Vector3d t, int& iterations) {
  constexpr double kStep = 1e-6;
  constexpr double kTolerance = 1e-9;  // W/m²
  Eigen::Vector3d r = b.nodes(t);
  for (iterations = 0; iterations < 200 && r.norm() > kTolerance; ++iterations) {
    Eigen::Matrix3d jac;
    for (int j = 0; j < 3; ++j) {
      Eigen::Vector3d up = t, down = t;
      up(j) += kStep;
      down(j) -= kStep;
      jac.col(j) = (b.nodes(up) - b.nodes(down)) / (2.0 * kStep);
    }
    const Eigen::Vector3d step = jac.fullPivLu().solve(-r);
    if (!step.allFinite()) break;
    // Halve the step until the residual falls (backtracking keeps the iteration from
    // jumping over the thresholds of the thermoregulation).
    double lambda = 1.0;
    Eigen::Vector3d next = t + step;
    Eigen::Vector3d r_next = b.nodes(next);
    while (!(r_next.norm() < r.norm()) && lambda > 1e-4) {
      lambda *= 0.5;
      next = t + lambda * step;
      r_next = b.nodes(next);
    }
    t = next;
    r = r_next;
  }
  if (!(r.norm() <= 1e-6))
    fail("the body's energy balance has no steady solution for these inputs");
  return t;
}

// The reference-climate air temperature that balances the body at temperatures `t`:
// Newton with a numerical derivative, safeguarded by a bracket (the balance rises with Tx).
double solve_reference(const PetPerson& person, double p_hpa, const Eigen::Vector3d& t,
                       double guess) {
  const auto f = [&](double tx) { return Balance(person, reference_climate(tx, p_hpa)).total(t); };
  double lo = guess - 1.0, hi = guess + 1.0;
  double f_lo = f(lo), f_hi = f(hi);
  for (int i = 0; i < 60 && f_lo * f_hi > 0.0; ++i) {
    const double width = hi - lo;
    if (std::abs(f_lo) < std::abs(f_hi)) {
      lo -= width;
      f_lo = f(lo);
    } else {
      hi += width;
      f_hi = f(hi);
    }
  }
  if (f_lo * f_hi > 0.0) fail("no reference temperature balances the body");
  double x = 0.5 * (lo + hi);
  for (int i = 0; i < 200; ++i) {
    const double fx = f(x);
    if (std::abs(fx) < 1e-10 || hi - lo < 1e-10) break;
    if ((fx > 0.0) == (f_hi > 0.0)) {
      hi = x;
      f_hi = fx;
    } else {
      lo = x;
      f_lo = fx;
    }
    const double d = (f(x + 1e-6) - f(x - 1e-6)) / 2e-6;
    double next = d != 0.0 ? x - fx / d : 0.5 * (lo + hi);
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    x = next;
  }
  return x;
}

void validate(const PetInput& in) {
  const auto finite = [](double v) { return std::isfinite(v); };
  if (!finite(in.ta_c) || in.ta_c < -60.0 || in.ta_c > 60.0)
    fail("air temperature must be within -60 .. 60 degC");
  if (!finite(in.tmrt_c) || std::abs(in.tmrt_c - in.ta_c) > 150.0)
    fail("mean radiant temperature must be within 150 K of the air temperature");
  if (!finite(in.rh_pct) || in.rh_pct < 0.0 || in.rh_pct > 100.0)
    fail("relative humidity must be within 0 .. 100 %");
  if (!finite(in.v_ms) || in.v_ms < 0.0 || in.v_ms > 50.0)
    fail("wind speed must be within 0 .. 50 m/s");
  if (!finite(in.met) || in.met <= 0.0 || in.met > 10.0)
    fail("metabolic rate must be within 0 .. 10 met");
  if (!finite(in.clo) || in.clo <= 0.0 || in.clo > 4.0)
    fail("clothing insulation must be within 0 (exclusive) .. 4 clo");
  if (!finite(in.pressure_hpa) || in.pressure_hpa < 500.0 || in.pressure_hpa > 1100.0)
    fail("air pressure must be within 500 .. 1100 hPa");
  const PetPerson& p = in.person;
  if (!(p.weight_kg >= 20.0 && p.weight_kg <= 300.0))
    fail("body weight must be within 20 .. 300 kg");
  if (!(p.height_m >= 1.0 && p.height_m <= 2.5)) fail("body height must be within 1 .. 2.5 m");
  if (!(p.age_y >= 1.0 && p.age_y <= 120.0)) fail("age must be within 1 .. 120 years");
  if (!(p.external_work >= 0.0 && p.external_work < 1.0))
    fail("external work must be within 0 .. 1");
}

}  // namespace

double saturation_vapour_pressure_pa(double t_c) {
  const double t = t_c + kKelvin;
  if (t < kKelvin) {  // over ice, ASHRAE eq. 5
    return std::exp(
        -5674.5359 / t + 6.3925247 +
        t * (-0.9677843e-2 + t * (0.62215701e-6 + t * (0.20747825e-8 - 0.9484024e-12 * t))) +
        4.1635019 * std::log(t));
  }
  // over liquid water, ASHRAE eq. 6
  return std::exp(-5800.2206 / t + 1.3914993 +
                  t * (-0.048640239 + t * (0.41764768e-4 - 0.14452093e-7 * t)) +
                  6.5459673 * std::log(t));
}

PetResult pet(const PetInput& in) {
  validate(in);
  Climate actual;
  actual.ta = in.ta_c;
  actual.tr = in.tmrt_c;
  actual.v = in.v_ms;
  actual.vpa_hpa = in.rh_pct / 100.0 * saturation_vapour_pressure_pa(in.ta_c) / 100.0;
  actual.activity_w = in.met * kMetW;
  actual.clo = in.clo;
  actual.p_hpa = in.pressure_hpa;

  PetResult out;
  const Balance body(in.person, actual);
  const Eigen::Vector3d t = solve_body(
      body, Eigen::Vector3d(36.7, 34.0, 0.5 * (in.ta_c + in.tmrt_c)), out.newton_iterations);
  out.t_core_c = t(0);
  out.t_skin_c = t(1);
  out.t_clothing_c = t(2);
  out.pet_c = solve_reference(in.person, in.pressure_hpa, t, t(2));
  return out;
}

}  // namespace twin::solvers::heat
