#pragma once
// Where the nitrogen solver's shipped tables (the default climatology and road emission
// factors) are: the directory named by the environment variable TWINSOLVE_NITROGEN_DATA when
// it is set (an installed copy, e.g. in a container image), else solvers/nitrogen/data of the
// source tree the binary was built from.
#include <filesystem>

namespace twin::solvers::nitrogen {

inline constexpr const char* data_dir_variable = "TWINSOLVE_NITROGEN_DATA";

// Throws data::Error(file_not_found) naming the variable when it is set to a path that is not
// a directory, so a wrong deployment fails at its first nitrogen run with a clear message.
std::filesystem::path nitrogen_data_dir();

}  // namespace twin::solvers::nitrogen
