#pragma once
// Attenuation along one direct source-receiver path of a vertical cut (CNOSSOS-EU,
// Annex II, 2.5.5 - 2.5.7): divergence, air absorption, ground effect or diffraction with its
// ground effects, for homogeneous (H) and favourable (F) conditions, and the long-term level.
#include "twin/solvers/noise/bands.hpp"
#include "twin/solvers/noise/profile.hpp"

namespace twin::solvers::noise {

struct Atmosphere {
  double temperature_c = 15;
  double humidity_percent = 70;
  double pressure_kpa = 101.325;
};

struct PathResult {
  double distance_m = 0;   // 3-D source-receiver distance
  bool diffracted = false; // an edge (obstacle, or terrain under the Rayleigh criterion) was used
  Spectrum a_div{}, a_atm{};
  Spectrum a_ground_h{}, a_ground_f{};  // ground term when there is no diffraction in that band (else 0)
  Spectrum a_dif_h{}, a_dif_f{};        // diffraction incl. its ground terms (else 0)
  Spectrum lh{}, lf{}, l{}, la{};
};

// Levels for a source of power `lw` per band; `p` = occurrence of favourable conditions (0..1).
// Throws twin::data::Error(invalid_argument) for a profile without source and receiver.
PathResult propagate(const Profile& profile, const Spectrum& lw, const Atmosphere& atmosphere, double p);

}  // namespace twin::solvers::noise
