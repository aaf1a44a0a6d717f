#pragma once
// SHA-256 digests (OpenSSL) of files and in-memory data, as lowercase hex, for provenance.
#include <filesystem>
#include <span>
#include <string>

namespace twin::data {

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void update(const void* data, std::size_t size);
  template <class T>
  void update(std::span<const T> values) { update(values.data(), values.size_bytes()); }
  std::string hex_digest();  // finalises

 private:
  void* ctx_;
};

std::string sha256_file(const std::filesystem::path& path);  // throws Error(file_not_found)

}  // namespace twin::data
