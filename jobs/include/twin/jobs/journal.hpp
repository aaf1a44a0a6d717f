#pragma once
// An append-only log of records on disk, one record per line, each framed with its length and
// CRC-32 so that a torn last record after a crash is recognised and dropped. Appends are
// group-committed: one writer thread writes everything queued since its last write with one
// write() and one fdatasync(), then releases every appender waiting for it. After a failed
// write or sync the journal refuses every further append (fail-stop): after a failed fsync
// Linux may have dropped the dirty pages, so nothing written later could be trusted.
//
// Line format: "<length, 8 hex> <crc32 of payload, 8 hex> <payload>\n". Payloads are single
// lines (compact JSON in practice).
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace twin::jobs {

struct JournalRecord {
  std::uint64_t offset = 0;  // byte offset in the file, for error messages
  std::string payload;
};

struct JournalReplay {
  std::vector<JournalRecord> records;
  std::uint64_t valid_bytes = 0;  // where the last complete record ends
  std::uint64_t torn_bytes = 0;   // bytes after it: an incomplete record from a crash
};

// One payload framed as a journal line. Throws data::Error(invalid_argument) for a payload
// with a newline or over 1 GiB.
std::string frame_record(std::string_view payload);

// Reads every record of the file (an absent file has none) without changing it. Bytes after
// the last valid record that hold no valid record are a torn tail (reported, not an error);
// a damaged record followed by a valid one throws data::Error(corrupt_file) naming the file
// and the byte offset: the journal was damaged, not torn by a crash.
JournalReplay read_journal(const std::filesystem::path& path);

class Journal {
 public:
  using Ticket = std::uint64_t;

  // Takes the lock file "<path>.lock" (one process per journal), creates the directory and
  // the file if needed, reads the records and truncates a torn tail away, then starts the
  // writer thread. Throws data::Error(io_error) naming the path when the journal cannot be
  // created, locked or written, and corrupt_file as read_journal does.
  Journal(std::filesystem::path path, bool fsync);
  ~Journal();  // writes what is queued, then stops the writer
  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;

  // The records found on open; moves them out (call once).
  JournalReplay take_replay();

  // Queues a record for the next group write and returns its ticket; not durable yet.
  // Records reach the file in the order they were queued.
  Ticket enqueue(std::string_view payload);
  // Blocks until the record with this ticket (and every earlier one) is on disk. Throws
  // data::Error(io_error) when the write or sync failed.
  void wait_durable(Ticket ticket);
  void append(std::string_view payload) { wait_durable(enqueue(payload)); }

  // Replaces the file by one holding exactly these records (compaction): waits until queued
  // records are written, writes "<path>.compact", syncs it, renames it over the journal and
  // syncs the directory. The caller keeps new records from being queued meanwhile.
  void rewrite(const std::vector<std::string>& payloads);

  const std::filesystem::path& path() const { return path_; }
  std::uint64_t size_bytes() const;
  std::uint64_t write_calls() const;  // group writes so far: fewer than records under load

 private:
  void writer_loop();
  void open_for_append();

  std::filesystem::path path_;
  bool fsync_;
  int lock_fd_ = -1;
  int fd_ = -1;
  JournalReplay replay_;

  mutable std::mutex mutex_;
  std::condition_variable work_;  // the writer waits for records
  std::condition_variable done_;  // appenders wait for their ticket
  std::string pending_;           // framed records not yet handed to write()
  Ticket queued_ = 0;             // last ticket handed out
  Ticket durable_ = 0;            // every ticket up to this one is on disk
  bool writing_ = false;
  bool stopping_ = false;
  std::string failure_;  // non-empty: fail-stop, the message every later call throws
  std::uint64_t size_ = 0;
  std::uint64_t write_calls_ = 0;
  std::thread writer_;
};

}  // namespace twin::jobs
