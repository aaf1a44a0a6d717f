#include "twin/data/atomic_output.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <string>

#include "twin/data/error.hpp"

namespace twin::data {

AtomicOutput::AtomicOutput(std::filesystem::path target) : target_(std::move(target)) {
  static std::atomic<unsigned> counter{0};
  // Keep the extension last: some GDAL drivers choose behaviour by it.
  temporary_ = target_.parent_path() /
               (target_.stem().string() + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) +
                target_.extension().string());
}

AtomicOutput::~AtomicOutput() {
  if (!committed_) {
    std::error_code ec;
    std::filesystem::remove(temporary_, ec);
  }
}

void AtomicOutput::commit() {
  // fsync before rename: after a crash the new name never points at unwritten blocks.
  const int fd = ::open(temporary_.c_str(), O_RDONLY);
  if (fd < 0) throw Error(ErrorCode::io_error, target_.string() + ": the temporary file vanished before commit");
  const int synced = ::fsync(fd);
  ::close(fd);
  if (synced != 0) throw Error(ErrorCode::io_error, target_.string() + ": fsync failed");
  std::error_code ec;
  std::filesystem::rename(temporary_, target_, ec);
  if (ec) throw Error(ErrorCode::io_error, target_.string() + ": cannot move the finished file into place: " + ec.message());
  committed_ = true;
}

void require_output_directory(const std::filesystem::path& target) {
  const auto dir = target.has_parent_path() ? target.parent_path() : std::filesystem::path(".");
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    throw Error(ErrorCode::io_error, target.string() + ": directory " + dir.string() + " does not exist");
  }
}

}  // namespace twin::data
