#include "twin/data/memory_budget.hpp"

#include <cctype>
#include <charconv>
#include <cstdio>
#include <string>

#include "twin/data/error.hpp"

namespace twin::data {
namespace {
std::string human_bytes(std::uint64_t b) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double value = static_cast<double>(b);
  int unit = 0;
  while (value >= 1024.0 && unit < 4) {
    value /= 1024.0;
    ++unit;
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, unit == 0 ? "%.0f %s" : "%.2f %s", value, units[unit]);
  return buf;
}
}  // namespace

void MemoryBudget::require(std::uint64_t needed, std::string_view what) const {
  if (needed > bytes) {
    throw Error(ErrorCode::over_memory_budget,
                std::string(what) + " needs " + human_bytes(needed) + ", more than the memory budget of " +
                    human_bytes(bytes) + " (raise it with --memory-budget or TWINSOLVE_MEMORY_BUDGET)");
  }
}

MemoryBudget MemoryBudget::parse(std::string_view text) {
  std::uint64_t number = 0;
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(begin, end, number);
  if (ec != std::errc() || ptr == begin) {
    throw Error(ErrorCode::invalid_argument, "memory budget '" + std::string(text) + "' is not a size like 8GiB");
  }
  std::string unit(ptr, end);
  for (auto& c : unit) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::uint64_t scale = 1;
  if (unit.empty() || unit == "b") scale = 1;
  else if (unit == "k" || unit == "kb" || unit == "kib") scale = 1ull << 10;
  else if (unit == "m" || unit == "mb" || unit == "mib") scale = 1ull << 20;
  else if (unit == "g" || unit == "gb" || unit == "gib") scale = 1ull << 30;
  else if (unit == "t" || unit == "tb" || unit == "tib") scale = 1ull << 40;
  else throw Error(ErrorCode::invalid_argument, "memory budget unit '" + unit + "' is not one of B, KiB, MiB, GiB, TiB");
  if (number > (~0ull) / scale) throw Error(ErrorCode::invalid_argument, "memory budget is too large");
  return MemoryBudget{number * scale};
}

}  // namespace twin::data
