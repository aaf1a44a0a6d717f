#include "twin/jobs/job_id.hpp"

#include <gtest/gtest.h>

#include <set>

namespace twin::jobs {
namespace {

TEST(JobId, NewIdsAreValidAndDistinct) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    const std::string id = new_id();
    EXPECT_TRUE(is_valid_id(id)) << id;
    EXPECT_TRUE(seen.insert(id).second) << "duplicate " << id;
  }
}

TEST(JobId, PathsAndJunkAreRejected) {
  for (const std::string bad : {"", "../../etc/passwd", "abcdefghijklmnopqrstuvwxy/", "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                                "abcdefghijklmnopqrstuvwxyz0", "abcdefghijklmnopqrstuvwxy", "abcdefghijklmnopqrstuvwx18"}) {
    EXPECT_FALSE(is_valid_id(bad)) << bad;
  }
}

}  // namespace
}  // namespace twin::jobs
