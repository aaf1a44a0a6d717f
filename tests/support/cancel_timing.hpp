#pragma once
// Cancellation timing for the grid solvers' tests: a flag set from another thread must stop
// a running solve() within a second (the job service promises that for DELETE /jobs/{id}).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <thread>

#include "twin/solvers/solver.hpp"

namespace twin::test {

// Starts `solve` (which must throw solvers::Cancelled once `cancel` is set), sets `cancel`
// 300 ms later from another thread and returns the seconds from setting it to the throw.
inline double seconds_to_stop_after_cancel(std::atomic<bool>& cancel,
                                           const std::function<void()>& solve) {
  using Clock = std::chrono::steady_clock;
  Clock::time_point set_at;
  std::thread setter([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    set_at = Clock::now();
    cancel = true;
  });
  EXPECT_THROW(solve(), solvers::Cancelled);
  const auto stopped = Clock::now();
  setter.join();
  return std::chrono::duration<double>(stopped - set_at).count();
}

}  // namespace twin::test
