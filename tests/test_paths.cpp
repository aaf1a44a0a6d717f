#include "test_paths.hpp"

namespace twin::test {

std::filesystem::path shared_dir() {
  return std::filesystem::path(TWIN_SOURCE_DIR).parent_path() / "shared";
}

std::filesystem::path shared_data(const std::string& sub) { return shared_dir() / "data" / sub; }

std::filesystem::path scratch_dir(const std::string& test_name) {
  auto dir = std::filesystem::path(TWIN_BINARY_DIR) / "test-scratch" / test_name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace twin::test
