#pragma once
// Writing a file so that nobody ever sees half of it: write to a unique temporary name in
// the target's directory, fsync, then rename over the target. If the writer fails (or
// throws) before commit(), the temporary file is removed and the target is untouched.
#include <filesystem>

namespace twin::data {

class AtomicOutput {
 public:
  explicit AtomicOutput(std::filesystem::path target);
  ~AtomicOutput();
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;

  // Where to write; unique per process and call, so concurrent writers never collide.
  const std::filesystem::path& temporary() const { return temporary_; }
  const std::filesystem::path& target() const { return target_; }
  // fsync + rename; throws Error(io_error) naming the target.
  void commit();

 private:
  std::filesystem::path target_;
  std::filesystem::path temporary_;
  bool committed_ = false;
};

// Throws Error(io_error) when the directory `target` would be written into does not exist.
void require_output_directory(const std::filesystem::path& target);

}  // namespace twin::data
