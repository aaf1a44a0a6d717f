#pragma once
// Batch records as files in the shared data directory (<data-dir>/batches/), so every API
// process sees every batch, whatever queue back end runs the jobs:
//   batches/<id>.json          the whole record (items with their requests and job ids)
//   batches/<id>.summary.json  id, owner, name, created and item count, for listing
//   batches/keys/<sha256>      the batch id an owner's Idempotency-Key made (created once)
// Each file is written to a temporary name, fsynced and renamed: a reader sees the old or
// the new record, never a mix.
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "twin/jobs/batch.hpp"

namespace twin::jobs {

struct BatchSummary {
  std::string id;
  std::string owner;
  std::string name;
  Millis created = 0;
  std::size_t items = 0;
};

class BatchStore {
 public:
  // Creates the directories when missing; throws data::Error(io_error).
  explicit BatchStore(std::filesystem::path dir);

  void write(const Batch& batch) const;
  // nullopt for an id that is not valid or not stored; a damaged record throws corrupt-file.
  std::optional<Batch> read(const std::string& id) const;
  // Newest first; owner nullopt = all owners. Records that cannot be read are skipped.
  std::vector<BatchSummary> list(const std::optional<std::string>& owner, std::size_t limit,
                                 std::size_t offset) const;
  void remove(const std::string& id) const;

  // Ties an owner's Idempotency-Key to batch_id unless it is tied already; returns the batch
  // id the key belongs to (batch_id when this call tied it). Atomic across processes that
  // share the directory (link(2) of a fresh file, which fails when the name exists).
  std::string claim_key(const std::string& owner, const std::string& key, const std::string& batch_id) const;
  std::optional<std::string> find_key(const std::string& owner, const std::string& key) const;

 private:
  std::filesystem::path record(const std::string& id) const;
  std::filesystem::path summary(const std::string& id) const;
  std::filesystem::path key_file(const std::string& owner, const std::string& key) const;

  std::filesystem::path dir_;
};

}  // namespace twin::jobs
