#pragma once
// The contract every Queue back end fulfils, as one value-parameterised GoogleTest suite.
// A back end's test file links queue_contract.cpp and instantiates it with a factory:
//
//   INSTANTIATE_TEST_SUITE_P(Redis, QueueContract,
//       ::testing::Values(twin::jobs::test::QueueFactory{"redis", [] { return make_redis(); }}),
//       twin::jobs::test::factory_name);
//
// Each call of the factory must give an empty queue of its own (fresh journal, fresh key
// prefix), so tests can run in any order. A factory whose back end cannot run here (no
// redis-server installed) returns null and says why in `unavailable`: the test is skipped.
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "twin/jobs/queue.hpp"

namespace twin::jobs::test {

struct QueueFactory {
  std::string name;  // for test names: letters, digits and underscores only
  std::function<std::unique_ptr<Queue>()> make;
  std::string unavailable = "the back end is not available here";
};

inline std::ostream& operator<<(std::ostream& out, const QueueFactory& factory) {
  return out << factory.name;
}

inline std::string factory_name(const ::testing::TestParamInfo<QueueFactory>& info) {
  return info.param.name;
}

class QueueContract : public ::testing::TestWithParam<QueueFactory> {
 protected:
  void SetUp() override {
    queue = GetParam().make();
    if (!queue) GTEST_SKIP() << GetParam().unavailable;
  }
  void TearDown() override {
    if (queue) queue->close();
  }
  std::unique_ptr<Queue> queue;
};

// A small valid request; tests change what they need.
JobRequest request(std::string owner = "alice", int priority = 0, std::string process = "noise");

}  // namespace twin::jobs::test
