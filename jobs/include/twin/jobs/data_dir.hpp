#pragma once
// Where scenarios, results and the journal live: one directory (a volume shared by all pods
// in Kubernetes). Paths are built only from validated ids, so no request can name a file.
#include <filesystem>
#include <string_view>

namespace twin::jobs {

class DataDir {
 public:
  // Creates root, scenarios/, jobs/ and tmp/ when missing; throws data::Error(io_error).
  explicit DataDir(std::filesystem::path root);

  const std::filesystem::path& root() const { return root_; }
  std::filesystem::path scenarios() const { return root_ / "scenarios"; }
  std::filesystem::path scenario_file(std::string_view id) const;    // scenarios/<id>.h5
  std::filesystem::path scenario_record(std::string_view id) const;  // scenarios/<id>.json
  std::filesystem::path job_dir(std::string_view id) const;          // jobs/<id>/
  std::filesystem::path result_file(std::string_view id) const;      // jobs/<id>/result.h5
  std::filesystem::path journal() const { return root_ / "journal.log"; }
  std::filesystem::path tmp() const { return root_ / "tmp"; }

 private:
  std::filesystem::path root_;
};

}  // namespace twin::jobs
