#pragma once
// hiredis's command formatting and reply objects, converted to and from plain values; shared
// by the plain and the TLS connection.
#include <string>
#include <vector>

#include "redis_client.hpp"

namespace twin::jobs::redis {

// A command's arguments as the pointer and length arrays hiredis takes (binary-safe).
class ArgumentVector {
 public:
  explicit ArgumentVector(const std::vector<std::string>& args);
  int count() const { return static_cast<int>(pointers_.size()); }
  const char** pointers() { return pointers_.data(); }
  const std::size_t* lengths() const { return lengths_.data(); }

 private:
  std::vector<const char*> pointers_;
  std::vector<std::size_t> lengths_;
};

// Copies a hiredis redisReply (passed as void*, as hiredis hands it out) and frees it.
Value take_reply(void* reply);

}  // namespace twin::jobs::redis
