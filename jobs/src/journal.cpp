#include "twin/jobs/journal.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>
#include <utility>

#include "twin/data/error.hpp"

namespace twin::jobs {
namespace {

namespace fs = std::filesystem;
using data::Error;
using data::ErrorCode;

constexpr std::size_t header_size = 18;  // "llllllll cccccccc "
constexpr std::size_t max_payload = std::size_t{1} << 30;

[[noreturn]] void throw_io(const fs::path& path, const std::string& what, int err) {
  throw Error(ErrorCode::io_error,
              "journal " + path.string() + ": " + what + ": " + std::strerror(err));
}

std::uint32_t crc_of(std::string_view bytes) {
  return static_cast<std::uint32_t>(
      crc32(0L, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(bytes.size())));
}

void put_hex8(std::string& out, std::uint32_t value) {
  char text[9];
  for (int i = 7; i >= 0; --i) {
    text[i] = "0123456789abcdef"[value & 0xfu];
    value >>= 4;
  }
  out.append(text, 8);
}

std::optional<std::uint32_t> get_hex8(std::string_view text) {
  std::uint32_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + 8, value, 16);
  if (ec != std::errc() || end != text.data() + 8) return std::nullopt;
  return value;
}

// The record starting at `pos`, and where the next one starts; nullopt when the bytes there
// are not one complete, intact record.
std::optional<std::pair<std::string_view, std::size_t>> parse_at(std::string_view data,
                                                                 std::size_t pos) {
  if (pos + header_size > data.size()) return std::nullopt;
  const std::string_view header = data.substr(pos, header_size);
  if (header[8] != ' ' || header[17] != ' ') return std::nullopt;
  const auto length = get_hex8(header.substr(0, 8));
  const auto crc = get_hex8(header.substr(9, 8));
  if (!length || !crc) return std::nullopt;
  const std::size_t end = pos + header_size + *length;
  if (end >= data.size() || data[end] != '\n') return std::nullopt;
  const std::string_view payload = data.substr(pos + header_size, *length);
  if (crc_of(payload) != *crc) return std::nullopt;
  return std::pair{payload, end + 1};
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw_io(path, "cannot open for reading", errno);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (in.bad()) throw_io(path, "cannot read", errno);
  return std::move(bytes).str();
}

void sync_directory(const fs::path& file) {
  const fs::path dir = file.has_parent_path() ? file.parent_path() : fs::path(".");
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) throw_io(file, "cannot open its directory to sync it", errno);
  const int rc = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  if (rc != 0) throw_io(file, "cannot sync its directory", err);
}

// Writes all bytes; false with errno set on failure.
bool write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

}  // namespace

std::string frame_record(std::string_view payload) {
  if (payload.find('\n') != std::string_view::npos)
    throw Error(ErrorCode::invalid_argument, "journal record with a newline in its payload");
  if (payload.size() > max_payload)
    throw Error(ErrorCode::invalid_argument, "journal record over 1 GiB");
  std::string line;
  line.reserve(header_size + payload.size() + 1);
  put_hex8(line, static_cast<std::uint32_t>(payload.size()));
  line += ' ';
  put_hex8(line, crc_of(payload));
  line += ' ';
  line += payload;
  line += '\n';
  return line;
}

JournalReplay read_journal(const fs::path& path) {
  JournalReplay replay;
  std::error_code ec;
  if (!fs::exists(path, ec)) return replay;
  const std::string data = read_file(path);
  std::size_t pos = 0;
  while (pos < data.size()) {
    const auto record = parse_at(data, pos);
    if (!record) break;
    replay.records.push_back({pos, std::string(record->first)});
    pos = record->second;
  }
  // A crash tears only the last group write, so nothing valid can follow a torn record.
  for (std::size_t nl = data.find('\n', pos); nl != std::string::npos;
       nl = data.find('\n', nl + 1)) {
    if (parse_at(data, nl + 1))
      throw Error(ErrorCode::corrupt_file,
                  "journal " + path.string() + ": damaged record at byte offset " +
                      std::to_string(pos) + " with intact records after it");
  }
  replay.valid_bytes = pos;
  replay.torn_bytes = data.size() - pos;
  return replay;
}

Journal::Journal(fs::path path, bool fsync) : path_(std::move(path)), fsync_(fsync) {
  std::error_code ec;
  if (path_.has_parent_path()) fs::create_directories(path_.parent_path(), ec);
  if (ec) throw_io(path_, "cannot create its directory", ec.value());
  const fs::path lock_path = path_.string() + ".lock";
  lock_fd_ = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (lock_fd_ < 0) throw_io(path_, "cannot create the lock file " + lock_path.string(), errno);
  if (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    ::close(lock_fd_);
    throw_io(path_, "locked by another process (" + lock_path.string() + ")", err);
  }
  try {
    replay_ = read_journal(path_);
    if (replay_.torn_bytes > 0) {
      fs::resize_file(path_, replay_.valid_bytes, ec);
      if (ec) throw_io(path_, "cannot truncate the torn last record", ec.value());
    }
    open_for_append();
  } catch (...) {
    ::close(lock_fd_);
    throw;
  }
  writer_ = std::thread([this] { writer_loop(); });
}

Journal::~Journal() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  work_.notify_all();
  if (writer_.joinable()) writer_.join();
  if (fd_ >= 0) ::close(fd_);
  if (lock_fd_ >= 0) ::close(lock_fd_);
}

void Journal::open_for_append() {
  std::error_code ec;
  const bool existed = fs::exists(path_, ec);
  const int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) throw_io(path_, "cannot open for appending", errno);
  const off_t end = ::lseek(fd, 0, SEEK_END);
  if (end < 0) {
    const int err = errno;
    ::close(fd);
    throw_io(path_, "cannot seek", err);
  }
  if (fsync_ && (::fdatasync(fd) != 0)) {
    const int err = errno;
    ::close(fd);
    throw_io(path_, "cannot sync", err);
  }
  if (fsync_ && !existed) sync_directory(path_);  // the new file's name must be durable too
  if (fd_ >= 0) ::close(fd_);
  fd_ = fd;
  size_ = static_cast<std::uint64_t>(end);
}

JournalReplay Journal::take_replay() { return std::exchange(replay_, {}); }

Journal::Ticket Journal::enqueue(std::string_view payload) {
  std::string line = frame_record(payload);
  std::lock_guard lock(mutex_);
  if (!failure_.empty()) throw Error(ErrorCode::io_error, failure_);
  pending_ += line;
  const Ticket ticket = ++queued_;
  work_.notify_one();
  return ticket;
}

void Journal::wait_durable(Ticket ticket) {
  std::unique_lock lock(mutex_);
  done_.wait(lock, [&] { return durable_ >= ticket || !failure_.empty(); });
  if (durable_ < ticket) throw Error(ErrorCode::io_error, failure_);
}

void Journal::writer_loop() {
  using Clock = std::chrono::steady_clock;
  std::unique_lock lock(mutex_);
  Ticket expect = 0;  // records likely to arrive soon (see below)
  Clock::duration last_sync{};
  for (;;) {
    work_.wait(lock, [&] { return stopping_ || !pending_.empty(); });
    if (pending_.empty() || !failure_.empty()) {
      if (stopping_) return;
      pending_.clear();  // fail-stop: the appenders of these records already got an error
      continue;
    }
    // The appenders released by the last sync usually come straight back with a new record.
    // Without waiting for them they miss this write and the appenders split into two groups
    // that alternate, each sync carrying half of them. Wait a fraction of a sync for them.
    if (queued_ - durable_ < expect) {
      const auto patience = std::min<Clock::duration>(last_sync / 4, std::chrono::milliseconds(1));
      work_.wait_for(lock, patience, [&] { return stopping_ || queued_ - durable_ >= expect; });
    }
    std::string batch;
    batch.swap(pending_);
    const Ticket last = queued_;
    writing_ = true;
    lock.unlock();
    const auto start = Clock::now();
    std::string failed;
    if (!write_all(fd_, batch))
      failed = std::string("write failed: ") + std::strerror(errno);
    else if (fsync_ && ::fdatasync(fd_) != 0)
      failed = std::string("fdatasync failed: ") + std::strerror(errno);
    last_sync = Clock::now() - start;
    lock.lock();
    writing_ = false;
    ++write_calls_;
    if (failed.empty()) {
      expect = (last - durable_) + (queued_ - last);  // released now + queued meanwhile
      durable_ = last;
      size_ += batch.size();
    } else {
      failure_ = "journal " + path_.string() + ": " + failed +
                 "; no further changes are accepted until a restart";
      pending_.clear();
    }
    done_.notify_all();
  }
}

void Journal::rewrite(const std::vector<std::string>& payloads) {
  std::unique_lock lock(mutex_);
  done_.wait(lock, [&] { return (pending_.empty() && !writing_) || !failure_.empty(); });
  if (!failure_.empty()) throw Error(ErrorCode::io_error, failure_);
  std::string bytes;
  for (const auto& payload : payloads) bytes += frame_record(payload);
  const fs::path temp = path_.string() + ".compact";
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw_io(temp, "cannot create", errno);
  const bool written = write_all(fd, bytes) && (!fsync_ || ::fsync(fd) == 0);
  const int err = errno;
  ::close(fd);
  if (!written) throw_io(temp, "cannot write", err);
  if (::rename(temp.c_str(), path_.c_str()) != 0) throw_io(path_, "cannot replace", errno);
  if (fsync_) sync_directory(path_);
  open_for_append();
}

std::uint64_t Journal::size_bytes() const {
  std::lock_guard lock(mutex_);
  return size_;
}

std::uint64_t Journal::write_calls() const {
  std::lock_guard lock(mutex_);
  return write_calls_;
}

}  // namespace twin::jobs
