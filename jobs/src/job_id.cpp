#include "twin/jobs/job_id.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <random>

namespace twin::jobs {
namespace {
constexpr std::string_view alphabet = "abcdefghijklmnopqrstuvwxyz234567";
constexpr std::size_t id_length = 26;  // ceil(128 / 5)
}  // namespace

std::string new_id() {
  thread_local std::random_device device;
  std::array<std::uint32_t, 4> words{};
  for (auto& w : words) w = device();
  std::string id;
  id.reserve(id_length);
  // Read the 128 bits five at a time; the last character takes the remaining three bits.
  for (std::size_t i = 0; i < id_length; ++i) {
    unsigned value = 0;
    for (std::size_t b = 0; b < 5; ++b) {
      const std::size_t bit = i * 5 + b;
      value <<= 1;
      if (bit < 128) value |= (words[bit / 32] >> (bit % 32)) & 1u;
    }
    id.push_back(alphabet[value]);
  }
  return id;
}

bool is_valid_id(std::string_view id) {
  return id.size() == id_length &&
         std::all_of(id.begin(), id.end(), [](char c) { return alphabet.find(c) != std::string_view::npos; });
}

}  // namespace twin::jobs
