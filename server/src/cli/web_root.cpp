#include "cli/web_root.hpp"

#include <system_error>
#include <vector>

#include "twin/data/error.hpp"

namespace twin::server::cli {

std::filesystem::path find_web_root(const std::string& given) {
  namespace fs = std::filesystem;
  if (!given.empty()) {
    if (!fs::is_regular_file(fs::path(given) / "index.html"))
      throw data::Error(
          data::ErrorCode::invalid_argument,
          "--web-root " + given + " has no index.html; build the viewer: bash scripts/build_web");
    return fs::absolute(given).lexically_normal();
  }
  std::error_code error;
  const auto binary_dir = fs::read_symlink("/proc/self/exe", error).parent_path();
  std::vector<fs::path> candidates;
  if (!binary_dir.empty()) {
    for (auto dir = binary_dir; dir.has_relative_path(); dir = dir.parent_path())
      candidates.push_back(dir / "web" / "dist");
    candidates.push_back(binary_dir.parent_path() / "share" / "twinsolve" / "web");
  }
  candidates.push_back(fs::current_path(error) / "web" / "dist");
  for (const auto& candidate : candidates)
    if (fs::is_regular_file(candidate / "index.html", error)) return candidate.lexically_normal();
  return {};
}

}  // namespace twin::server::cli
