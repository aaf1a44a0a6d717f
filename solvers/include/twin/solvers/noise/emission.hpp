#pragma once
// CNOSSOS-EU road traffic emission (Directive (EU) 2015/996 Annex II, 2.2, as amended by
// Delegated Directive (EU) 2021/1226): rolling and propulsion noise per vehicle category,
// corrections, and the directional sound power per metre of a traffic line source.
#include <string>
#include <vector>

#include "twin/solvers/noise/bands.hpp"

namespace twin::solvers::noise {

enum class VehicleCategory { light = 0, medium = 1, heavy = 2, two_wheeler_4a = 3, two_wheeler_4b = 4 };
// 2020 = the amended coefficients (Delegated Directive 2021/1226); 2015 = the original Annex.
enum class CoefficientSet { cnossos_2015, cnossos_2020 };
enum class Junction { none, traffic_lights, roundabout };

struct RoadConditions {
  std::string surface = "DEF";
  double temperature_c = 20;       // air temperature; 20 degC is the reference (no correction)
  double studded_share = 0;        // share of light vehicles with studded tyres (0..1)
  double studded_months = 0;       // months per year they are used
  double gradient_percent = 0;     // road gradient in the driving direction, % (+ = uphill)
  Junction junction = Junction::none;
  double junction_distance_m = 0;  // distance from the source to the junction
  CoefficientSet coefficients = CoefficientSet::cnossos_2020;
};

struct VehicleFlow {
  VehicleCategory category = VehicleCategory::light;
  double flow_per_hour = 0;  // Q_m, vehicles per hour
  double speed_kmh = 0;      // v_m, mean speed
};

// Sound power level L_W,i,m of one vehicle (dB re 1 pW), rolling and propulsion combined.
Spectrum vehicle_power(VehicleCategory category, double speed_kmh, const RoadConditions& road);
// Rolling (2.2.4 with its corrections) and propulsion (2.2.5 with its corrections) separately;
// category 4 has no rolling noise (returns -infinity dB).
Spectrum rolling_power(VehicleCategory category, double speed_kmh, const RoadConditions& road);
Spectrum propulsion_power(VehicleCategory category, double speed_kmh, const RoadConditions& road);

// L_W',eq,line per metre (dB re 1 pW/m) of a steady flow: L_W + 10 lg(Q / (1000 v)), summed
// energetically over the flows given. Flows with Q = 0 contribute nothing; a positive flow
// needs a positive speed (else twin::data::Error(invalid_value)).
Spectrum line_power_per_metre(const std::vector<VehicleFlow>& flows, const RoadConditions& road);

// L_den from day (12 h), evening (4 h, +5 dB) and night (8 h, +10 dB) levels (Directive
// 2002/49/EC, Annex I).
double lden(double l_day, double l_evening, double l_night);

}  // namespace twin::solvers::noise
