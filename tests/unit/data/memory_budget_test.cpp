#include "twin/data/memory_budget.hpp"

#include <gtest/gtest.h>

#include "twin/data/error.hpp"

namespace twin::data {
namespace {

TEST(MemoryBudget, ParsesSizes) {
  const std::vector<std::pair<std::string, std::uint64_t>> cases = {
      {"1000", 1000},       {"8GiB", 8ull << 30}, {"512MiB", 512ull << 20}, {"2G", 2ull << 30},
      {"64kb", 64ull << 10}, {"1TiB", 1ull << 40}, {"3b", 3},
  };
  for (const auto& [text, bytes] : cases) EXPECT_EQ(MemoryBudget::parse(text).bytes, bytes) << text;
}

TEST(MemoryBudget, RefusesNonsense) {
  for (const std::string text : {"", "GiB", "-5", "5 parsecs", "99999999999999999999TiB", "1.5GiB"}) {
    EXPECT_THROW(MemoryBudget::parse(text), Error) << text;
  }
}

TEST(MemoryBudget, RequireNamesTheWork) {
  const MemoryBudget budget{1000};
  EXPECT_NO_THROW(budget.require(1000, "fits"));
  try {
    budget.require(1001, "a 50 km grid");
    ADD_FAILURE();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::over_memory_budget);
    EXPECT_NE(std::string(e.what()).find("a 50 km grid"), std::string::npos);
  }
}

}  // namespace
}  // namespace twin::data
