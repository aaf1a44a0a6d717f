// Bad files and bad requests to the HDF5 store: each gets a clear error with a stable code,
// names the file, and leaves no output behind.
#include <gtest/gtest.h>
#include <hdf5.h>

#include <fstream>
#include <functional>
#include <limits>

#include "test_paths.hpp"
#include "twin/data/error.hpp"
#include "twin/data/hdf5_store.hpp"

namespace twin::data {
namespace {

namespace fs = std::filesystem;

Scenario tiny_scenario(int epsg = 28992) {
  GridSpec g{0, 100, 1, 20, 10, epsg};
  Scenario s(g);
  s.set_layer("dtm", make_layer(Raster<float>(g, 1.0f, -9999.0f), "m", "terrain"));
  return s;
}

void write_bytes(const fs::path& p, const std::string& bytes) {
  std::ofstream out(p, std::ios::binary);
  out << bytes;
}

// Writes a valid scenario, then keeps only the first `keep` bytes of it.
void truncated_copy(const fs::path& dir, const fs::path& p, double keep_fraction) {
  GridSpec g{0, 600, 1, 600, 600, 28992};
  Scenario s(g);
  Raster<float> noise(g, 0.0f, -9999.0f);
  for (std::size_t i = 0; i < noise.values.size(); ++i) noise.values[i] = static_cast<float>((i * 2654435761u) % 1000);
  s.set_layer("dtm", make_layer(std::move(noise), "m", "terrain"));
  write_scenario(s, dir / "full.h5");
  std::ifstream in(dir / "full.h5", std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  write_bytes(p, bytes.substr(0, static_cast<std::size_t>(static_cast<double>(bytes.size()) * keep_fraction)));
}

// Flips bytes in the middle of the file, where the compressed chunks are.
void corrupted_copy(const fs::path& dir, const fs::path& p) {
  truncated_copy(dir, p, 1.0);
  std::fstream f(p, std::ios::binary | std::ios::in | std::ios::out);
  const auto size = fs::file_size(p);
  for (std::uint64_t offset = size / 3; offset < 2 * size / 3; offset += 97) {
    f.seekp(static_cast<std::streamoff>(offset));
    f.put('\x5a');
  }
}

void plain_hdf5_file(const fs::path& p) {
  hid_t file = H5Fcreate(p.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  hsize_t n = 4;
  hid_t space = H5Screate_simple(1, &n, nullptr);
  hid_t ds = H5Dcreate2(file, "data", H5T_NATIVE_INT, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  int values[4] = {1, 2, 3, 4};
  H5Dwrite(ds, H5T_NATIVE_INT, H5S_ALL, H5S_ALL, H5P_DEFAULT, values);
  H5Dclose(ds);
  H5Sclose(space);
  H5Fclose(file);
}

struct ReadCase {
  std::string name;
  std::function<void(const fs::path& dir, const fs::path& file)> make;
  ErrorCode expected;
  ReadOptions options;
};

TEST(Hdf5BadInput, ReadingBadFilesGivesClearErrors) {
  ReadOptions tiny_budget;
  tiny_budget.budget.bytes = 100;
  const std::vector<ReadCase> cases = {
      {"missing", [](auto&, auto&) {}, ErrorCode::file_not_found, {}},
      {"empty", [](auto&, const fs::path& p) { write_bytes(p, ""); }, ErrorCode::not_a_scenario, {}},
      {"text", [](auto&, const fs::path& p) { write_bytes(p, "x,y,z\n1,2,3\n"); }, ErrorCode::not_a_scenario, {}},
      {"plain_hdf5", [](auto&, const fs::path& p) { plain_hdf5_file(p); }, ErrorCode::not_a_scenario, {}},
      {"truncated_half", [](const fs::path& d, const fs::path& p) { truncated_copy(d, p, 0.5); }, ErrorCode::corrupt_file, {}},
      {"truncated_head", [](const fs::path& d, const fs::path& p) { truncated_copy(d, p, 0.002); }, ErrorCode::corrupt_file, {}},
      {"corrupted", [](const fs::path& d, const fs::path& p) { corrupted_copy(d, p); }, ErrorCode::corrupt_file, {}},
      {"over_budget", [](auto&, const fs::path& p) { write_scenario(tiny_scenario(), p); }, ErrorCode::over_memory_budget,
       tiny_budget},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const auto dir = test::scratch_dir("Hdf5BadInput_" + c.name);
    const fs::path file = dir / (c.name + ".h5");
    c.make(dir, file);
    try {
      read_scenario(file, c.options);
      ADD_FAILURE() << "no error for " << c.name;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), c.expected) << e.what();
      EXPECT_NE(std::string(e.what()).find(file.string()), std::string::npos) << e.what();
    }
  }
}

struct WriteCase {
  std::string name;
  std::function<Scenario()> make;
  ErrorCode expected;
};

TEST(Hdf5BadInput, RefusedWritesLeaveNoFile) {
  const std::vector<WriteCase> cases = {
      {"unknown_crs", [] { return tiny_scenario(999999); }, ErrorCode::unknown_crs},
      {"bad_layer_name",
       [] {
         Scenario s = tiny_scenario();
         s.set_layer("bad/name", s.layer("dtm"));
         return s;
       },
       ErrorCode::invalid_argument},
      {"reserved_layer_name",
       [] {
         Scenario s = tiny_scenario();
         s.set_layer("crs", s.layer("dtm"));
         return s;
       },
       ErrorCode::invalid_argument},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const auto dir = test::scratch_dir("Hdf5BadWrite_" + c.name);
    try {
      write_scenario(c.make(), dir / "out.h5");
      ADD_FAILURE() << "no error";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), c.expected) << e.what();
    }
    EXPECT_TRUE(fs::is_empty(dir)) << "something was left in " << dir;
  }
}

TEST(Hdf5BadInput, MissingDirectoryIsAnIoError) {
  const auto dir = test::scratch_dir("Hdf5BadWrite_missing_dir");
  try {
    write_scenario(tiny_scenario(), dir / "no" / "such" / "out.h5");
    ADD_FAILURE();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::io_error);
  }
}

TEST(Hdf5BadInput, LayerOnAnotherGridIsRefused) {
  Scenario s = tiny_scenario();
  GridSpec other{0, 100, 2, 20, 10, 28992};
  EXPECT_THROW(
      {
        try {
          s.set_layer("x2", make_layer(Raster<float>(other, 0.0f, 0.0f), "m", ""));
        } catch (const Error& e) {
          EXPECT_EQ(e.code(), ErrorCode::grid_mismatch);
          throw;
        }
      },
      Error);
}

}  // namespace
}  // namespace twin::data
