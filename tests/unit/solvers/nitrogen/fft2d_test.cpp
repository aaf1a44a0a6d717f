// Fast mode's 2-D FFT (solvers/nitrogen/fft2d.hpp, private): sizes with factors 2, 3 and 5,
// the forward transform against the DFT sum written out, the inverse undoing it, and the same
// bits on 1 and 2 threads.
#include "fft2d.hpp"

#include <gtest/gtest.h>
#include <tbb/task_arena.h>

#include <cmath>
#include <random>

namespace twin::solvers::nitrogen::detail {
namespace {

std::vector<Complex> random_array(std::int64_t nx, std::int64_t ny, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  std::vector<Complex> a(static_cast<std::size_t>(nx * ny));
  for (auto& v : a) v = Complex(u(rng), u(rng));
  return a;
}

TEST(NitrogenFft2d, SizesHaveOnlyTheFactorsTwoThreeAndFive) {
  const std::vector<std::pair<std::int64_t, std::int64_t>> cases = {
      {0, 1}, {1, 1}, {7, 8}, {11, 12}, {13, 15}, {97, 100}, {601, 625}, {632, 640}, {1006, 1024}};
  for (const auto& [m, n] : cases) EXPECT_EQ(fft_size(m), n) << m;
}

TEST(NitrogenFft2d, ForwardIsTheDftAndInverseUndoesIt) {
  // 20 x 12 (more rows than the gathering group of 8 and a partial group of columns).
  const std::int64_t nx = 20, ny = 12;
  const std::vector<Complex> a = random_array(nx, ny, 7);
  std::vector<Complex> f = a;
  Fft2d fft(nx, ny);
  fft.run(f, false);
  const double two_pi = 6.283185307179586;
  for (std::int64_t v = 0; v < ny; ++v) {
    for (std::int64_t u = 0; u < nx; ++u) {
      Complex sum{};
      for (std::int64_t j = 0; j < ny; ++j)
        for (std::int64_t i = 0; i < nx; ++i)
          sum += a[static_cast<std::size_t>(j * nx + i)] *
                 std::polar(1.0, -two_pi * (static_cast<double>(u * i) / nx +
                                            static_cast<double>(v * j) / ny));
      ASSERT_LT(std::abs(f[static_cast<std::size_t>(v * nx + u)] - sum), 1e-12) << u << "," << v;
    }
  }
  fft.run(f, true);
  for (std::size_t i = 0; i < a.size(); ++i) ASSERT_LT(std::abs(f[i] - a[i]), 1e-14) << i;
}

TEST(NitrogenFft2d, OneAndTwoThreadsGiveTheSameBits) {
  const std::int64_t nx = 90, ny = 75;
  std::vector<Complex> one = random_array(nx, ny, 3), two = one;
  tbb::task_arena(1).execute([&] { Fft2d(nx, ny).run(one, false); });
  tbb::task_arena(2).execute([&] { Fft2d(nx, ny).run(two, false); });
  for (std::size_t i = 0; i < one.size(); ++i) ASSERT_EQ(one[i], two[i]) << i;
}

}  // namespace
}  // namespace twin::solvers::nitrogen::detail
