#pragma once
// The most memory a piece of work may allocate for grids. Checked before allocating, so an
// oversized request is refused with a clear message instead of exhausting the machine.
#include <cstdint>
#include <string_view>

namespace twin::data {

struct MemoryBudget {
  static constexpr std::uint64_t default_bytes = 8ull << 30;  // 8 GiB
  std::uint64_t bytes = default_bytes;

  // Throws Error(over_memory_budget) naming `what` when `needed` exceeds the budget.
  void require(std::uint64_t needed, std::string_view what) const;

  // "8GiB", "512MiB", "2G", "1000000" (bytes); throws Error(invalid_argument).
  static MemoryBudget parse(std::string_view text);
};

}  // namespace twin::data
