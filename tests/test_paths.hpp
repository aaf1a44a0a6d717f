#pragma once
// Where tests find shared data and scratch space.
#include <filesystem>
#include <string>

namespace twin::test {

// ../shared/ relative to the project root (tests run from the project root).
std::filesystem::path shared_dir();
// ../shared/data/<sub>; tests that need it call GTEST_SKIP() when it is absent.
std::filesystem::path shared_data(const std::string& sub);
// A fresh, empty directory for this test, removed by the next run of the same test.
std::filesystem::path scratch_dir(const std::string& test_name);

}  // namespace twin::test
