#pragma once
// Two-dimensional complex FFT for fast mode's lattice convolutions (not installed): Eigen's
// kissfft along rows, then along columns, the 1-D transforms spread over TBB threads. Every
// output element is computed by the same operations whatever the thread count, so results do
// not depend on it.
#include <tbb/enumerable_thread_specific.h>

#include <complex>
#include <cstdint>
#include <unsupported/Eigen/FFT>
#include <vector>

namespace twin::solvers::nitrogen::detail {

using Complex = std::complex<double>;

// Smallest n >= m whose only prime factors are 2, 3 and 5 (the sizes kissfft does fast).
std::int64_t fft_size(std::int64_t m);

class Fft2d {
 public:
  // A row-major nx x ny array: element (i, j) at a[j * nx + i].
  Fft2d(std::int64_t nx, std::int64_t ny) : nx_(nx), ny_(ny) {}

  // In place; the inverse includes the 1/(nx ny) scaling.
  void run(std::vector<Complex>& a, bool inverse);

 private:
  // `count` transforms of length n; element t of transform k at a[k * next + t * stride].
  void pass(std::vector<Complex>& a, std::int64_t n, std::int64_t count, std::int64_t stride,
            std::int64_t next, bool inverse);

  std::int64_t nx_, ny_;
  tbb::enumerable_thread_specific<Eigen::FFT<double>> plans_;
};

}  // namespace twin::solvers::nitrogen::detail
