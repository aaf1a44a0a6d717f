#pragma once
// Reads and writes scenarios and results as HDF5 files that are also valid netCDF-4/CF:
// x/y dimension scales (cell centres), a `crs` grid-mapping variable, `units`,
// `_FillValue` and `grid_mapping` on every layer, 256x256 chunks with shuffle + deflate,
// feature tables as 1-D columns in groups under /tables, provenance as root attributes.
// GDAL opens a layer as NETCDF:"file.h5":layer.
#include <filesystem>
#include <functional>
#include <optional>
#include <set>
#include <string>

#include "twin/data/memory_budget.hpp"
#include "twin/data/scenario.hpp"

namespace twin::data {

struct WriteOptions {
  int deflate_level = 4;  // 0 disables compression
  // Called with the fraction of layers written (0..1), from the writing thread; may be empty.
  std::function<void(double)> progress;
};

struct ReadOptions {
  MemoryBudget budget;
  // When set, only these layers are read (others are listed in the summary only).
  std::optional<std::set<std::string>> only_layers;
};

// Writes to a temporary file beside `path` and renames it into place, so readers never see
// half a file; on any failure the temporary file is removed and Error(io_error) thrown.
void write_scenario(const Scenario& scenario, const std::filesystem::path& path,
                    const WriteOptions& options = {});

// Throws Error(file_not_found | not_a_scenario | corrupt_file | over_memory_budget).
Scenario read_scenario(const std::filesystem::path& path, const ReadOptions& options = {});

}  // namespace twin::data
