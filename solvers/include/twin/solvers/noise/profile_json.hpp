#pragma once
// Reader for the vertical cut profiles of ISO/TR 17534-4 in the JSON layout NoiseModelling
// publishes them in: {"cutPoints": [{"type": "Source"|"Receiver"|"GroundEffect"|"Topography"|
// "Wall", "coordinate": {x, y, z}, "zGround", "groundCoefficient", "wallAlpha": [8]}, ...],
// "curvedPath": bool}.
#include <filesystem>
#include <string>

#include "twin/solvers/noise/profile.hpp"

namespace twin::solvers::noise {

// Throws twin::data::Error: file_not_found, parse_error (not JSON), invalid_argument (a field
// missing or of the wrong type, an unknown point type, no source or receiver).
Profile read_profile_json(const std::filesystem::path& file);
// `origin` names the text in messages.
Profile parse_profile_json(const std::string& text, const std::string& origin);

}  // namespace twin::solvers::noise
