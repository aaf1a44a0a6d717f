#include "chunk_compression.hpp"

#include <tbb/parallel_for.h>
#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace twin::data::h5 {
namespace {

// HDF5's shuffle filter: byte j of element i goes to position j * n + i, so equal high
// bytes of neighbouring values end up next to each other and deflate better.
void shuffle_bytes(const unsigned char* in, unsigned char* out, std::size_t elements, std::size_t size) {
  for (std::size_t i = 0; i < elements; ++i) {
    for (std::size_t j = 0; j < size; ++j) out[j * elements + i] = in[i * size + j];
  }
}

template <class T>
std::vector<unsigned char> compress_one(const T* values, std::uint64_t nx, std::uint64_t ny, std::uint64_t row0,
                                        std::uint64_t col0, std::uint64_t chunk_rows, std::uint64_t chunk_cols, T fill,
                                        int level) {
  const std::size_t elements = chunk_rows * chunk_cols;
  std::vector<T> block(elements, fill);
  const std::uint64_t rows = std::min(chunk_rows, ny - row0);
  const std::uint64_t cols = std::min(chunk_cols, nx - col0);
  for (std::uint64_t r = 0; r < rows; ++r) {
    std::memcpy(block.data() + r * chunk_cols, values + (row0 + r) * nx + col0, cols * sizeof(T));
  }
  const std::size_t bytes = elements * sizeof(T);
  std::vector<unsigned char> shuffled(bytes);
  if (sizeof(T) > 1) {
    shuffle_bytes(reinterpret_cast<const unsigned char*>(block.data()), shuffled.data(), elements, sizeof(T));
  } else {
    std::memcpy(shuffled.data(), block.data(), bytes);  // HDF5 leaves 1-byte types as they are
  }
  uLongf size = compressBound(static_cast<uLong>(bytes));
  std::vector<unsigned char> out(size);
  if (compress2(out.data(), &size, shuffled.data(), static_cast<uLong>(bytes), level) != Z_OK) {
    throw std::runtime_error("zlib could not compress a chunk");
  }
  out.resize(size);
  return out;
}

}  // namespace

template <class T>
std::vector<CompressedChunk> compress_chunk_row(const T* values, std::uint64_t nx, std::uint64_t ny, std::uint64_t row0,
                                                std::uint64_t chunk_rows, std::uint64_t chunk_cols, T fill, int level) {
  const std::uint64_t count = (nx + chunk_cols - 1) / chunk_cols;
  std::vector<CompressedChunk> chunks(count);
  tbb::parallel_for(std::uint64_t{0}, count, [&](std::uint64_t k) {
    chunks[k].row0 = row0;
    chunks[k].col0 = k * chunk_cols;
    chunks[k].bytes = compress_one(values, nx, ny, row0, k * chunk_cols, chunk_rows, chunk_cols, fill, level);
  });
  return chunks;
}

template std::vector<CompressedChunk> compress_chunk_row<float>(const float*, std::uint64_t, std::uint64_t, std::uint64_t,
                                                                std::uint64_t, std::uint64_t, float, int);
template std::vector<CompressedChunk> compress_chunk_row<double>(const double*, std::uint64_t, std::uint64_t, std::uint64_t,
                                                                 std::uint64_t, std::uint64_t, double, int);
template std::vector<CompressedChunk> compress_chunk_row<std::int32_t>(const std::int32_t*, std::uint64_t, std::uint64_t,
                                                                       std::uint64_t, std::uint64_t, std::uint64_t,
                                                                       std::int32_t, int);
template std::vector<CompressedChunk> compress_chunk_row<std::uint8_t>(const std::uint8_t*, std::uint64_t, std::uint64_t,
                                                                       std::uint64_t, std::uint64_t, std::uint64_t,
                                                                       std::uint8_t, int);

}  // namespace twin::data::h5
