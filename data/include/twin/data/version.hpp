#pragma once
#include <string_view>

namespace twin::data {
// This binary's version and the git commit it was built from (generated at build time).
std::string_view software_version();
std::string_view git_hash();
}  // namespace twin::data
