#pragma once
// Compresses raster chunks in parallel exactly as HDF5's shuffle + deflate filter pipeline
// would, so the store can hand finished chunks to H5Dwrite_chunk. HDF5 itself filters one
// chunk at a time on the calling thread, which made compression most of a large write.
#include <cstdint>
#include <vector>

namespace twin::data::h5 {

// One compressed chunk and its position (first row and column, in cells).
struct CompressedChunk {
  std::uint64_t row0 = 0;
  std::uint64_t col0 = 0;
  std::vector<unsigned char> bytes;
};

// The chunks of one row of chunks (rows [row0, row0 + chunk_rows) of a row-major nx-wide
// raster), each padded to the full chunk size with `fill` (HDF5 stores edge chunks whole),
// byte-shuffled and deflated at `level` (zlib format, as HDF5's deflate filter).
template <class T>
std::vector<CompressedChunk> compress_chunk_row(const T* values, std::uint64_t nx, std::uint64_t ny, std::uint64_t row0,
                                                std::uint64_t chunk_rows, std::uint64_t chunk_cols, T fill, int level);

}  // namespace twin::data::h5
