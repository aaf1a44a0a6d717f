#include "twin/solvers/nitrogen/data_files.hpp"

#include <cstdlib>

#include "twin/data/error.hpp"

#ifndef TWIN_NITROGEN_DATA_DIR
#error \
    "TWIN_NITROGEN_DATA_DIR must name solvers/nitrogen/data (set in solvers/nitrogen/CMakeLists.txt)"
#endif

namespace twin::solvers::nitrogen {

std::filesystem::path nitrogen_data_dir() {
  const char* configured = std::getenv(data_dir_variable);
  if (configured == nullptr || *configured == '\0') return TWIN_NITROGEN_DATA_DIR;
  std::error_code error;
  if (!std::filesystem::is_directory(configured, error))
    throw data::Error(data::ErrorCode::file_not_found,
                      std::string(data_dir_variable) + "=" + configured +
                          ": not a directory (it must hold the nitrogen solver's tables, "
                          "solvers/nitrogen/data of the source)");
  return configured;
}

}  // namespace twin::solvers::nitrogen
