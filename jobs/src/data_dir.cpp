#include "twin/jobs/data_dir.hpp"

#include <string>
#include <system_error>

#include "twin/data/error.hpp"
#include "twin/jobs/job_id.hpp"

namespace twin::jobs {
namespace {

std::string checked(std::string_view id) {
  // Ids come from requests; an invalid one here is a bug upstream, never a path to follow.
  if (!is_valid_id(id))
    throw data::Error(data::ErrorCode::invalid_argument, "not a valid id: '" + std::string(id) + "'");
  return std::string(id);
}

}  // namespace

DataDir::DataDir(std::filesystem::path root) : root_(std::move(root)) {
  for (const auto& dir : {root_, scenarios(), root_ / "jobs", tmp()}) {
    std::error_code error;
    std::filesystem::create_directories(dir, error);
    if (error)
      throw data::Error(data::ErrorCode::io_error,
                        "cannot create data directory " + dir.string() + ": " + error.message());
  }
}

std::filesystem::path DataDir::scenario_file(std::string_view id) const {
  return scenarios() / (checked(id) + ".h5");
}

std::filesystem::path DataDir::scenario_record(std::string_view id) const {
  return scenarios() / (checked(id) + ".json");
}

std::filesystem::path DataDir::job_dir(std::string_view id) const {
  return root_ / "jobs" / checked(id);
}

std::filesystem::path DataDir::result_file(std::string_view id) const {
  return job_dir(id) / "result.h5";
}

}  // namespace twin::jobs
