#pragma once
// Paints the demo's rasters row by row from a plan (see paint.cpp) and stamps the features
// drawn on top (roads, farms, the industrial site; see stamp.cpp).
#include <cstdint>
#include <vector>

#include "demo/plan.hpp"
#include "twin/data/grid_spec.hpp"

namespace twin::data::demo {

// Pointers to the first cell of each layer (row-major, the scenario grid).
struct LayerRows {
  float* dtm = nullptr;
  float* building = nullptr;
  float* vegetation = nullptr;
  float* ground = nullptr;
  float* dwellings = nullptr;
  float* kdw = nullptr;
  std::uint8_t* land_use = nullptr;
};

class Painter {
 public:
  Painter(const Plan& plan, const GridSpec& grid);
  // Everything except the stamped features and the KDW; touches only row `row`.
  void paint_row(std::int64_t row, const LayerRows& out) const;
  // The KDW from the final land use (after stamping); touches only row `row`.
  void kdw_row(std::int64_t row, const LayerRows& out) const;

 private:
  struct RiverColumn {
    double centre = 0.0;
    double cos_dir = 1.0;
  };
  Cell cell(std::int64_t col, double v) const;

  const Plan& plan_;
  GridSpec grid_;
  std::vector<RiverColumn> river_;
};

// Draws roads, farms and the industrial site over the painted layers. Serial and in plan
// order; each feature touches only the cells near it.
void stamp_features(const Plan& plan, const GridSpec& grid, const LayerRows& out);

}  // namespace twin::data::demo
