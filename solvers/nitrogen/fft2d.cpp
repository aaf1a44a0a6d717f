#include "fft2d.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>

namespace twin::solvers::nitrogen::detail {

std::int64_t fft_size(std::int64_t m) {
  for (std::int64_t n = std::max<std::int64_t>(m, 1);; ++n) {
    std::int64_t k = n;
    for (const std::int64_t f : {2, 3, 5})
      while (k % f == 0) k /= f;
    if (k == 1) return n;
  }
}

void Fft2d::run(std::vector<Complex>& a, bool inverse) {
  pass(a, nx_, ny_, 1, nx_, inverse);  // rows: contiguous
  pass(a, ny_, nx_, nx_, 1, inverse);  // columns: stride nx
}

void Fft2d::pass(std::vector<Complex>& a, std::int64_t n, std::int64_t count, std::int64_t stride,
                 std::int64_t next, bool inverse) {
  // Transforms are gathered `kGroup` at a time: for the column pass (stride nx, next 1) that
  // reads kGroup neighbouring elements of a row at once, one cache line, instead of one
  // element per row and transform.
  constexpr std::int64_t kGroup = 8;
  tbb::parallel_for(tbb::blocked_range<std::int64_t>(0, (count + kGroup - 1) / kGroup, 2),
                    [&](const tbb::blocked_range<std::int64_t>& r) {
                      Eigen::FFT<double>& fft = plans_.local();
                      std::vector<Complex> in(static_cast<std::size_t>(n * kGroup));
                      std::vector<Complex> res(static_cast<std::size_t>(n));
                      for (std::int64_t g = r.begin(); g < r.end(); ++g) {
                        const std::int64_t k0 = g * kGroup, k1 = std::min(count, k0 + kGroup);
                        for (std::int64_t t = 0; t < n; ++t)
                          for (std::int64_t k = k0; k < k1; ++k)
                            in[static_cast<std::size_t>((k - k0) * n + t)] =
                                a[static_cast<std::size_t>(k * next + t * stride)];
                        for (std::int64_t k = k0; k < k1; ++k) {
                          Complex* src = in.data() + (k - k0) * n;
                          if (inverse) {
                            fft.inv(res.data(), src, n);
                          } else {
                            fft.fwd(res.data(), src, n);
                          }
                          std::copy(res.begin(), res.end(), src);
                        }
                        for (std::int64_t t = 0; t < n; ++t)
                          for (std::int64_t k = k0; k < k1; ++k)
                            a[static_cast<std::size_t>(k * next + t * stride)] =
                                in[static_cast<std::size_t>((k - k0) * n + t)];
                      }
                    });
}

}  // namespace twin::solvers::nitrogen::detail
