#pragma once
// A vertical cut between one source and one receiver, as ISO/TR 17534-4 describes its test
// cases: points along the cut with their altitude, ground altitude and ground factor.
#include <optional>
#include <vector>

#include "twin/solvers/noise/bands.hpp"

namespace twin::solvers::noise {

enum class CutPointType { source, receiver, ground_effect, topography, wall };

struct CutPoint {
  CutPointType type = CutPointType::ground_effect;
  double x = 0, y = 0, z = 0;  // position; for a wall, z is its top
  double z_ground = 0;         // ground altitude under the point
  double g = 0;                // ground factor G from this point to the next one
  std::optional<Spectrum> wall_alpha;  // absorption of a wall per band (unused by the direct path)
};

struct Profile {
  std::vector<CutPoint> points;  // source first, receiver last, in order along the cut
  bool curved_path = false;      // as stored in the file; the direct path ignores it
};

}  // namespace twin::solvers::noise
