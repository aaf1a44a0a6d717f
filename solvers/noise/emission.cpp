// CNOSSOS-EU road emission, Directive (EU) 2015/996 Annex II 2.2 as amended by (EU) 2021/1226.
// Equation numbers refer to the amended Annex.
#include "twin/solvers/noise/emission.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "emission_coefficients.hpp"
#include "twin/data/error.hpp"
#include "twin/solvers/noise/surfaces.hpp"

namespace twin::solvers::noise {
namespace {

constexpr double v_ref = 70.0;  // reference speed (km/h)

bool has_rolling(VehicleCategory c) {
  return c == VehicleCategory::light || c == VehicleCategory::medium || c == VehicleCategory::heavy;
}

// Studded tyres (2.2.6 - 2.2.9), light vehicles only: a + b lg(v/70) with v held within
// 50..90 km/h, weighted by the yearly share p_s = share * months / 12.
constexpr Spectrum stud_a = {0, 0, 0, 2.6, 2.9, 1.5, 2.3, 9.2};
constexpr Spectrum stud_b = {0, 0, 0, -3.1, -6.4, -14, -22.4, -11.4};

double studded_correction(std::size_t band, double v, const RoadConditions& road) {
  const double ps = std::clamp(road.studded_share, 0.0, 1.0) * std::clamp(road.studded_months, 0.0, 12.0) / 12.0;
  if (ps <= 0) return 0;
  const double vs = std::clamp(v, 50.0, 90.0);
  const double delta = stud_a[band] + stud_b[band] * std::log10(vs / v_ref);
  return 10.0 * std::log10((1.0 - ps) + ps * std::pow(10.0, delta / 10.0));
}

// Gradient correction on propulsion noise (2.2.13 - 2.2.16, amended): s in %, + = uphill.
double gradient_correction(VehicleCategory c, double v, double s) {
  switch (c) {
    case VehicleCategory::light:
      if (s < -6) return std::min(12.0, -s) - 6.0;
      if (s <= 2) return 0;
      return v / 100.0 * (std::min(12.0, s) - 2.0) / 1.5;
    case VehicleCategory::medium:
      if (s < -4) return (v - 20.0) / 100.0 * (std::min(12.0, -s) - 4.0) / 0.7;
      if (s <= 0) return 0;
      return v / 100.0 * std::min(12.0, s);
    case VehicleCategory::heavy:
      if (s < -4) return (v - 10.0) / 100.0 * (std::min(12.0, -s) - 4.0) / 0.5;
      if (s <= 0) return 0;
      return v / 100.0 * std::min(12.0, s) / 0.8;
    default: return 0;  // no gradient effect on two-wheelers (2.2.16)
  }
}

// Acceleration near junctions (2.2.17 - 2.2.18): C_R (rolling) and C_P (propulsion), Table 2.2.b.
struct JunctionCoefficients {
  double c_r, c_p;
};
JunctionCoefficients junction_coefficients(VehicleCategory c, Junction j) {
  if (j == Junction::none) return {0, 0};
  const bool lights = j == Junction::traffic_lights;
  switch (c) {
    case VehicleCategory::light: return lights ? JunctionCoefficients{-4.5, 5.5} : JunctionCoefficients{-4.4, 3.1};
    case VehicleCategory::medium:
    case VehicleCategory::heavy: return lights ? JunctionCoefficients{-4.0, 9.0} : JunctionCoefficients{-2.3, 6.7};
    default: return {0, 0};
  }
}

double junction_weight(const RoadConditions& road) {
  return std::max(1.0 - std::abs(road.junction_distance_m) / 100.0, 0.0);
}

void check_speed(double v) {
  if (!(v > 0) || !std::isfinite(v)) {
    throw data::Error(data::ErrorCode::invalid_value, "vehicle speed must be positive, got " + std::to_string(v) + " km/h");
  }
}

}  // namespace

Spectrum rolling_power(VehicleCategory c, double v, const RoadConditions& road) {
  check_speed(v);
  if (!has_rolling(c)) return flat(-std::numeric_limits<double>::infinity());
  const auto& k = detail::vehicle_coefficients(c, road.coefficients);
  const auto& surface = road_surface(road.surface);
  const auto m = static_cast<std::size_t>(c);
  // Temperature (2.2.10): K (T_ref - T), K = 0.08 light, 0.04 medium/heavy, T_ref = 20 degC.
  const double temperature = (c == VehicleCategory::light ? 0.08 : 0.04) * (20.0 - road.temperature_c);
  const double junction = junction_coefficients(c, road.junction).c_r * junction_weight(road);
  Spectrum l{};
  for (std::size_t i = 0; i < band_count; ++i) {
    l[i] = k.a_r[i] + k.b_r[i] * std::log10(v / v_ref)                                          // 2.2.4
           + surface.alpha[m][i] + surface.beta[m] * std::log10(surface_speed(surface, v) / v_ref)  // 2.2.19
           + temperature + junction;
    if (c == VehicleCategory::light) l[i] += studded_correction(i, v, road);
  }
  return l;
}

Spectrum propulsion_power(VehicleCategory c, double v, const RoadConditions& road) {
  check_speed(v);
  const auto& k = detail::vehicle_coefficients(c, road.coefficients);
  const auto& surface = road_surface(road.surface);
  const double gradient = gradient_correction(c, v, road.gradient_percent);
  const double junction = junction_coefficients(c, road.junction).c_p * junction_weight(road);
  Spectrum l{};
  for (std::size_t i = 0; i < band_count; ++i) {
    // 2.2.11; a porous surface also absorbs propulsion noise, a louder one does not add to it (2.2.20).
    const double surface_term = has_rolling(c) ? std::min(surface.alpha[static_cast<std::size_t>(c)][i], 0.0) : 0.0;
    l[i] = k.a_p[i] + k.b_p[i] * (v - v_ref) / v_ref + surface_term + gradient + junction;
  }
  return l;
}

Spectrum vehicle_power(VehicleCategory c, double v, const RoadConditions& road) {
  const Spectrum r = rolling_power(c, v, road);
  const Spectrum p = propulsion_power(c, v, road);
  Spectrum l{};
  for (std::size_t i = 0; i < band_count; ++i) l[i] = energetic_sum(r[i], p[i]);  // 2.2.2 / 2.2.3
  return l;
}

Spectrum line_power_per_metre(const std::vector<VehicleFlow>& flows, const RoadConditions& road) {
  Spectrum total = flat(-std::numeric_limits<double>::infinity());
  for (const auto& f : flows) {
    if (f.flow_per_hour < 0) {
      throw data::Error(data::ErrorCode::invalid_value, "traffic flow must not be negative");
    }
    if (f.flow_per_hour == 0) continue;
    const Spectrum lw = vehicle_power(f.category, f.speed_kmh, road);
    // 2.2.1: a steady flow Q (veh/h) at v (km/h) puts Q / (1000 v) vehicles on each metre.
    const double density = 10.0 * std::log10(f.flow_per_hour / (1000.0 * f.speed_kmh));
    for (std::size_t i = 0; i < band_count; ++i) total[i] = energetic_sum(total[i], lw[i] + density);
  }
  return total;
}

double lden(double l_day, double l_evening, double l_night) {
  return 10.0 * std::log10((12.0 * std::pow(10.0, l_day / 10.0) + 4.0 * std::pow(10.0, (l_evening + 5.0) / 10.0) +
                            8.0 * std::pow(10.0, (l_night + 10.0) / 10.0)) /
                           24.0);
}

}  // namespace twin::solvers::noise
