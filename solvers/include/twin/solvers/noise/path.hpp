#pragma once
// Attenuation along one direct source-receiver path of a vertical cut (CNOSSOS-EU,
// Annex II, 2.5.5 - 2.5.7): divergence, air absorption, ground effect or diffraction with its
// ground effects, for homogeneous (H) and favourable (F) conditions, and the long-term level.
#include <cstddef>
#include <vector>

#include "twin/solvers/noise/bands.hpp"
#include "twin/solvers/noise/mean_plane.hpp"
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

// The same computation for many paths under one atmosphere (the grid solver): the air
// absorption per band is evaluated once, and the buffers of the unfolded cut are kept between
// paths, so a path allocates nothing once the buffers have grown. Results are those of
// propagate(), bit for bit. One calculator per thread.
class PathCalculator {
 public:
  explicit PathCalculator(const Atmosphere& atmosphere);
  // Every term and L_H, L_F of propagate(); L and L_A (the long-term level, p) only when
  // `long_term` is set, since a caller that weights H and F itself does not need them.
  const PathResult& run(const Profile& profile, const Spectrum& lw, double p, bool long_term = true);

  // The cut unfolded into (distance along the cut, altitude).
  struct Cut {
    std::vector<Point2> top;     // the points as a ray meets them (a wall by its top)
    std::vector<Point2> ground;  // the ground under each point
    std::vector<double> g;       // ground factor from point i to point i + 1
    Point2 source() const { return top.front(); }
    Point2 receiver() const { return top.back(); }
  };

 private:
  Spectrum alpha_db_per_km_{};
  Cut cut_;
  std::vector<std::size_t> hull_;
  PathResult result_;
};

}  // namespace twin::solvers::noise
