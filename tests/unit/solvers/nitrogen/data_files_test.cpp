// Where the shipped nitrogen tables are found: the source tree by default, an installed copy
// named by TWINSOLVE_NITROGEN_DATA, and a clear error for a variable that names nothing.
#include "twin/solvers/nitrogen/data_files.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <optional>
#include <string>

#include "test_paths.hpp"
#include "twin/data/error.hpp"
#include "twin/solvers/nitrogen/climatology.hpp"
#include "twin/solvers/nitrogen/road_emission.hpp"

namespace twin::solvers::nitrogen {
namespace {

// Sets the variable for one test and puts the old value back.
class ScopedDataDir {
 public:
  explicit ScopedDataDir(const std::string& value) {
    if (const char* old = std::getenv(data_dir_variable)) old_ = old;
    ::setenv(data_dir_variable, value.c_str(), 1);
  }
  ~ScopedDataDir() {
    if (old_)
      ::setenv(data_dir_variable, old_->c_str(), 1);
    else
      ::unsetenv(data_dir_variable);
  }

 private:
  std::optional<std::string> old_;
};

TEST(NitrogenDataFiles, DefaultIsTheSourceTreesTables) {
  ScopedDataDir unset("");
  EXPECT_TRUE(std::filesystem::is_regular_file(default_climatology_path()));
  EXPECT_TRUE(std::filesystem::is_regular_file(default_road_emission_factors_path()));
}

TEST(NitrogenDataFiles, AnInstalledCopyIsReadFromTheVariable) {
  const auto installed =
      twin::test::scratch_dir("nitrogen_data_" + std::to_string(::getpid())) / "nitrogen";
  std::filesystem::create_directories(installed);
  {
    ScopedDataDir unset("");
    std::filesystem::copy_file(default_climatology_path(), installed / "climatology_nl.json");
  }
  ScopedDataDir set(installed.string());
  EXPECT_EQ(default_climatology_path(), installed / "climatology_nl.json");
  EXPECT_EQ(read_climatology(default_climatology_path()).cells.size(), 12u);
  // A table missing from the copy is reported with its path, not taken from elsewhere.
  try {
    read_road_emission_factors(default_road_emission_factors_path());
    ADD_FAILURE() << "a table missing from the installed copy was found";
  } catch (const data::Error& e) {
    EXPECT_EQ(e.code(), data::ErrorCode::file_not_found);
    EXPECT_NE(std::string(e.what()).find(installed.string()), std::string::npos) << e.what();
  }
  std::filesystem::remove_all(installed.parent_path());
}

TEST(NitrogenDataFiles, AVariableNamingNoDirectoryIsAClearError) {
  ScopedDataDir wrong("/nonexistent/twinsolve/nitrogen");
  try {
    default_climatology_path();
    ADD_FAILURE() << "a missing data directory was accepted";
  } catch (const data::Error& e) {
    EXPECT_EQ(e.code(), data::ErrorCode::file_not_found);
    EXPECT_NE(std::string(e.what()).find("TWINSOLVE_NITROGEN_DATA=/nonexistent"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace twin::solvers::nitrogen
