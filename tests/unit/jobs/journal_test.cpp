// The journal: framing, replay, a torn tail dropped, a damaged middle reported, rewrite, and
// group commit under concurrent appenders.
#include "twin/jobs/journal.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>

#include "test_paths.hpp"
#include "twin/data/error.hpp"
#include "twin/jobs/embedded_queue.hpp"

namespace twin::jobs {
namespace {

namespace fs = std::filesystem;

std::string contents(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

void overwrite(const fs::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

std::vector<std::string> payloads(const JournalReplay& replay) {
  std::vector<std::string> out;
  for (const auto& r : replay.records) out.push_back(r.payload);
  return out;
}

// A journal file holding these three records.
fs::path three_records(const std::string& test) {
  const fs::path path = twin::test::scratch_dir(test) / "j.journal";
  Journal journal(path, true);
  for (const char* p : {R"({"n":1})", R"({"n":2})", R"({"n":3})"}) journal.append(p);
  return path;
}

TEST(Journal, AppendedRecordsReplayInOrder) {
  const fs::path path = three_records("journal_replay");
  const JournalReplay replay = read_journal(path);
  EXPECT_EQ(payloads(replay), (std::vector<std::string>{R"({"n":1})", R"({"n":2})", R"({"n":3})"}));
  EXPECT_EQ(replay.torn_bytes, 0u);
  EXPECT_EQ(replay.records[1].offset, frame_record(R"({"n":1})").size());
  Journal reopened(path, true);  // appends continue after the old records
  reopened.append(R"({"n":4})");
  EXPECT_EQ(reopened.take_replay().records.size(), 3u);
  EXPECT_EQ(read_journal(path).records.size(), 4u);
}

TEST(Journal, FrameIsLengthCrcPayload) {
  EXPECT_EQ(frame_record("abc"), "00000003 352441c2 abc\n");  // crc32("abc") = 0x352441c2
  EXPECT_THROW(frame_record("two\nlines"), data::Error);
}

TEST(Journal, TornTailIsDroppedAndTruncated) {
  const fs::path path = three_records("journal_torn");
  const std::string whole = contents(path);
  const std::string last = frame_record(R"({"n":3})");
  const std::string two = whole.substr(0, whole.size() - last.size());
  struct Case {
    const char* name;
    std::string bytes;
  };
  std::string bad_crc = whole;
  bad_crc[two.size() + 9] = bad_crc[two.size() + 9] == '0' ? '1' : '0';
  const std::vector<Case> cases = {
      {"half a header", two + last.substr(0, 7)},
      {"header without payload", two + last.substr(0, 18)},
      {"payload cut short", two + last.substr(0, last.size() - 3)},
      {"newline missing", two + last.substr(0, last.size() - 1)},
      {"crc mismatch in the last record", bad_crc},
      {"zeros after a crash", two + std::string(4096, '\0')},
  };
  for (const auto& c : cases) {
    overwrite(path, c.bytes);
    const JournalReplay replay = read_journal(path);
    EXPECT_EQ(replay.records.size(), 2u) << c.name;
    EXPECT_EQ(replay.valid_bytes, two.size()) << c.name;
    EXPECT_EQ(replay.torn_bytes, c.bytes.size() - two.size()) << c.name;
    {
      Journal journal(path, true);
      EXPECT_EQ(journal.take_replay().torn_bytes, c.bytes.size() - two.size()) << c.name;
      journal.append(R"({"n":"after"})");
    }
    EXPECT_EQ(contents(path), two + frame_record(R"({"n":"after"})")) << c.name;
  }
}

TEST(Journal, DamagedMiddleIsAnErrorNamingFileAndOffset) {
  const fs::path path = three_records("journal_corrupt");
  const std::string whole = contents(path);
  const std::size_t second = frame_record(R"({"n":1})").size();
  struct Case {
    const char* name;
    std::size_t at;  // byte to change
    char to;
    std::size_t offset;  // expected in the message
  };
  const std::vector<Case> cases = {
      {"payload byte of the first record", 19, '7', 0},
      {"length of the second record", second + 7, 'f', second},
      {"crc of the second record", second + 10, 'x', second},
      {"newline of the first record", second - 1, ' ', 0},
  };
  for (const auto& c : cases) {
    std::string bytes = whole;
    bytes[c.at] = c.to;
    overwrite(path, bytes);
    try {
      (void)read_journal(path);
      ADD_FAILURE() << c.name << ": no error";
    } catch (const data::Error& e) {
      EXPECT_EQ(e.code(), data::ErrorCode::corrupt_file) << c.name;
      const std::string message = e.what();
      EXPECT_NE(message.find(path.string()), std::string::npos) << message;
      EXPECT_NE(message.find("offset " + std::to_string(c.offset)), std::string::npos) << message;
    }
    EXPECT_THROW(Journal(path, true), data::Error) << c.name;
    EXPECT_EQ(contents(path), bytes) << c.name << ": a damaged journal is left as it is";
  }
}

TEST(Journal, RecordsTheQueueCannotReadAreReportedWithTheirOffset) {
  const fs::path path = twin::test::scratch_dir("journal_bad_records") / "j.journal";
  const std::string submit =
      R"({"k":"submit","job":{"id":"aaaaaaaaaaaaaaaaaaaaaaaaaa","process":"noise","scenario":"demo","status":"accepted"}})";
  struct Case {
    const char* name;
    std::string second;
  };
  const std::vector<Case> cases = {
      {"not json", "{oops"},
      {"unknown kind", R"({"k":"teleport","id":"aaaaaaaaaaaaaaaaaaaaaaaaaa","t":1})"},
      {"unknown job", R"({"k":"start","id":"bbbbbbbbbbbbbbbbbbbbbbbbbb","t":1,"attempts":1})"},
      {"submitted twice", submit},
      {"id naming a path",
       R"({"k":"submit","job":{"id":"../../etc","process":"noise","scenario":"demo","status":"accepted"}})"},
      {"finish that is not final",
       R"({"k":"finish","id":"aaaaaaaaaaaaaaaaaaaaaaaaaa","status":"running","t":1})"},
  };
  for (const auto& c : cases) {
    overwrite(path, frame_record(submit) + frame_record(c.second));
    EmbeddedQueueOptions options;
    options.journal = path;
    try {
      EmbeddedQueue queue(options);
      ADD_FAILURE() << c.name << ": opened";
    } catch (const data::Error& e) {
      EXPECT_EQ(e.code(), data::ErrorCode::corrupt_file) << c.name;
      const std::string offset = "offset " + std::to_string(frame_record(submit).size());
      EXPECT_NE(std::string(e.what()).find(offset), std::string::npos) << e.what();
    }
  }
}

TEST(Journal, RewriteReplacesTheRecords) {
  const fs::path path = three_records("journal_rewrite");
  {
    Journal journal(path, true);
    journal.rewrite({R"({"n":"only"})"});
    journal.append(R"({"n":"next"})");
  }
  EXPECT_EQ(payloads(read_journal(path)),
            (std::vector<std::string>{R"({"n":"only"})", R"({"n":"next"})"}));
  EXPECT_FALSE(fs::exists(path.string() + ".compact"));
}

TEST(Journal, ConcurrentAppendsAreGroupedAndAllDurable) {
  const fs::path path = twin::test::scratch_dir("journal_group") / "j.journal";
  constexpr int threads = 16;
  constexpr int per_thread = 100;
  std::uint64_t writes = 0;
  {
    Journal journal(path, true);
    std::vector<std::thread> appenders;
    for (int t = 0; t < threads; ++t)
      appenders.emplace_back([&, t] {
        for (int i = 0; i < per_thread; ++i)
          journal.append("{\"t\":" + std::to_string(t) + ",\"i\":" + std::to_string(i) + "}");
      });
    for (auto& a : appenders) a.join();
    writes = journal.write_calls();
  }
  std::printf("[ grouping ] %d records in %llu write+fdatasync calls\n", threads * per_thread,
              static_cast<unsigned long long>(writes));
  EXPECT_LE(writes, static_cast<std::uint64_t>(threads * per_thread));
  const auto replay = read_journal(path);
  ASSERT_EQ(replay.records.size(), static_cast<std::size_t>(threads * per_thread));
  std::vector<int> next(threads, 0);  // each thread's records are in its own order
  for (const auto& r : replay.records) {
    const auto j = nlohmann::json::parse(r.payload);
    const int t = j.at("t");
    EXPECT_EQ(j.at("i").get<int>(), next[static_cast<std::size_t>(t)]++);
  }
}

}  // namespace
}  // namespace twin::jobs
