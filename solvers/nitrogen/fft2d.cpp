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
  tbb::parallel_for(tbb::blocked_range<std::int64_t>(0, count, 16),
                    [&](const tbb::blocked_range<std::int64_t>& r) {
                      Eigen::FFT<double>& fft = plans_.local();
                      std::vector<Complex> in(static_cast<std::size_t>(n));
                      std::vector<Complex> res(static_cast<std::size_t>(n));
                      for (std::int64_t k = r.begin(); k < r.end(); ++k) {
                        Complex* base = a.data() + k * next;
                        for (std::int64_t t = 0; t < n; ++t)
                          in[static_cast<std::size_t>(t)] = base[t * stride];
                        if (inverse) {
                          fft.inv(res.data(), in.data(), n);
                        } else {
                          fft.fwd(res.data(), in.data(), n);
                        }
                        for (std::int64_t t = 0; t < n; ++t)
                          base[t * stride] = res[static_cast<std::size_t>(t)];
                      }
                    });
}

}  // namespace twin::solvers::nitrogen::detail
