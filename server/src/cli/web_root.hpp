#pragma once
// Where `twinsolve serve` finds the built web viewer (web/dist) it serves at /viewer/.
#include <filesystem>
#include <string>

namespace twin::server::cli {

// `given` (--web-root) when set: it must hold index.html (data::Error(invalid_argument)
// otherwise). Else the first folder with an index.html among: web/dist in the binary's folder
// and each folder above it (for build/<preset>/server/twinsolve that is the repository's:
// the viewer built with this binary), share/twinsolve/web beside an installed bin/, and
// web/dist in the working directory. Empty when there is none: the API runs without a viewer.
std::filesystem::path find_web_root(const std::string& given);

}  // namespace twin::server::cli
