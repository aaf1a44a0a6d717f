#include "twin/jobs/batch_store.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <system_error>

#include "twin/data/atomic_output.hpp"
#include "twin/data/error.hpp"
#include "twin/data/sha256.hpp"
#include "twin/jobs/job_id.hpp"

namespace twin::jobs {
namespace {

namespace fs = std::filesystem;
using data::Error;
using data::ErrorCode;

void write_json_file(const fs::path& path, const nlohmann::json& value) {
  data::AtomicOutput out(path);
  {
    std::ofstream file(out.temporary(), std::ios::binary);
    file << value.dump();
    if (!file.flush()) throw Error(ErrorCode::io_error, "cannot write " + path.string());
  }
  out.commit();
}

std::optional<std::string> read_text_file(const fs::path& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return std::nullopt;
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

nlohmann::json parse_record(const fs::path& path, const std::string& text) {
  auto value = nlohmann::json::parse(text, nullptr, false);
  if (value.is_discarded() || !value.is_object())
    throw Error(ErrorCode::corrupt_file, path.string() + ": not a batch record");
  return value;
}

}  // namespace

BatchStore::BatchStore(fs::path dir) : dir_(std::move(dir)) {
  for (const auto& d : {dir_, dir_ / "keys"}) {
    std::error_code error;
    fs::create_directories(d, error);
    if (error) throw Error(ErrorCode::io_error, "cannot create " + d.string() + ": " + error.message());
  }
}

fs::path BatchStore::record(const std::string& id) const {
  if (!is_valid_id(id)) throw Error(ErrorCode::invalid_argument, "not a valid batch id: '" + id + "'");
  return dir_ / (id + ".json");
}

fs::path BatchStore::summary(const std::string& id) const {
  if (!is_valid_id(id)) throw Error(ErrorCode::invalid_argument, "not a valid batch id: '" + id + "'");
  return dir_ / (id + ".summary.json");
}

fs::path BatchStore::key_file(const std::string& owner, const std::string& key) const {
  // Hashed: owner names and keys are client text and never become a path. The length of the
  // owner keeps ("a", "b:c") and ("a:b", "c") apart.
  data::Sha256 digest;
  const std::string text = std::to_string(owner.size()) + ":" + owner + ":" + key;
  digest.update(text.data(), text.size());
  return dir_ / "keys" / digest.hex_digest();
}

void BatchStore::write(const Batch& batch) const {
  // The record first: a summary is listed, so it must never name a missing record.
  write_json_file(record(batch.id), to_json(batch));
  write_json_file(summary(batch.id), {{"id", batch.id},
                                      {"owner", batch.owner},
                                      {"name", batch.name},
                                      {"created", batch.created},
                                      {"items", batch.items.size()}});
}

std::optional<Batch> BatchStore::read(const std::string& id) const {
  if (!is_valid_id(id)) return std::nullopt;
  const auto path = record(id);
  const auto text = read_text_file(path);
  if (!text) return std::nullopt;
  try {
    return batch_from_json(parse_record(path, *text));
  } catch (const Error& e) {
    throw Error(ErrorCode::corrupt_file, path.string() + ": " + e.what());
  }
}

std::vector<BatchSummary> BatchStore::list(const std::optional<std::string>& owner, std::size_t limit,
                                           std::size_t offset) const {
  std::vector<BatchSummary> found;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(dir_, error)) {
    const auto name = entry.path().filename().string();
    constexpr std::string_view suffix = ".summary.json";
    if (name.size() <= suffix.size() || name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
      continue;  // records, temporary files, keys/
    if (!is_valid_id(name.substr(0, name.size() - suffix.size()))) continue;
    const auto text = read_text_file(entry.path());
    if (!text) continue;  // removed meanwhile
    const auto j = nlohmann::json::parse(*text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) continue;
    BatchSummary s{j.value("id", ""), j.value("owner", ""), j.value("name", ""), j.value("created", Millis{0}),
                   j.value("items", std::size_t{0})};
    if (owner && s.owner != *owner) continue;
    found.push_back(std::move(s));
  }
  if (error) throw Error(ErrorCode::io_error, "cannot list " + dir_.string() + ": " + error.message());
  std::sort(found.begin(), found.end(), [](const BatchSummary& a, const BatchSummary& b) {
    return a.created != b.created ? a.created > b.created : a.id > b.id;
  });
  if (offset >= found.size()) return {};
  found.erase(found.begin(), found.begin() + static_cast<std::ptrdiff_t>(offset));
  if (found.size() > limit) found.resize(limit);
  return found;
}

void BatchStore::remove(const std::string& id) const {
  std::error_code error;
  fs::remove(summary(id), error);
  fs::remove(record(id), error);
}

std::string BatchStore::claim_key(const std::string& owner, const std::string& key, const std::string& batch_id) const {
  const auto target = key_file(owner, key);
  // Write the id under a private name, then link(2) it to the shared name: link fails with
  // EEXIST when another process got there first, and the name never holds a partial id.
  data::AtomicOutput scratch(dir_ / "keys" / ("claim-" + batch_id));
  {
    std::ofstream file(scratch.temporary(), std::ios::binary);
    file << batch_id;
    if (!file.flush()) throw Error(ErrorCode::io_error, "cannot write " + scratch.temporary().string());
  }
  // Synced before it gets the shared name, so a crash never leaves the key naming nothing.
  if (const int fd = ::open(scratch.temporary().c_str(), O_RDONLY); fd >= 0) {
    const int synced = ::fsync(fd);
    ::close(fd);
    if (synced != 0) throw Error(ErrorCode::io_error, "cannot sync " + scratch.temporary().string());
  }
  if (::link(scratch.temporary().c_str(), target.c_str()) == 0) return batch_id;
  const int err = errno;
  if (err != EEXIST) throw Error(ErrorCode::io_error, "cannot create " + target.string() + ": " + std::strerror(err));
  if (auto existing = find_key(owner, key)) return *existing;
  throw Error(ErrorCode::corrupt_file, target.string() + ": does not hold a batch id");
}

std::optional<std::string> BatchStore::find_key(const std::string& owner, const std::string& key) const {
  const auto text = read_text_file(key_file(owner, key));
  if (!text) return std::nullopt;
  if (!is_valid_id(*text)) throw Error(ErrorCode::corrupt_file, key_file(owner, key).string() + ": not a batch id");
  return *text;
}

}  // namespace twin::jobs
