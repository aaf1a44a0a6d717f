// Road surface coefficients: Directive (EU) 2015/996 Annex II Appendix F as amended by
// Delegated Directive (EU) 2021/1226 (figures as in ../shared/reference/noise/README.md).
#include "twin/solvers/noise/surfaces.hpp"

#include <algorithm>

#include "twin/data/error.hpp"

namespace twin::solvers::noise {

const std::vector<RoadSurface>& road_surfaces() {
  // Rows: category 1, 2, 3 (alpha per band), beta per category.
  static const std::vector<RoadSurface> table = {
      {"DEF", "reference road surface (no correction)", 30, 130, {}, {0, 0, 0}},
      {"NL01", "1-layer ZOAB", 50, 130,
       {{{0, 5.4, 4.3, 4.2, -1, -3.2, -2.6, 0.8}, {7.9, 4.3, 5.3, -0.4, -5.2, -4.6, -3, -1.4},
         {9.3, 5, 5.5, -0.4, -5.2, -4.6, -3, -1.4}}},
       {-6.5, 0.2, 0.2}},
      {"NL02", "2-layer ZOAB", 50, 130,
       {{{1.6, 4, 0.3, -3, -4, -6.2, -4.8, -2}, {7.3, 2, -0.3, -5.2, -6.1, -6, -4.4, -3.5},
         {8.3, 2.2, -0.4, -5.2, -6.2, -6.1, -4.5, -3.5}}},
       {-3, 4.7, 4.7}},
      {"NL03", "2-layer ZOAB (fine)", 80, 130,
       {{{-1, 3, -1.5, -5.3, -6.3, -8.5, -5.3, -2.4}, {7.9, 0.1, -1.9, -5.9, -6.1, -6.8, -4.9, -3.8},
         {9.4, 0.2, -1.9, -5.9, -6.1, -6.7, -4.8, -3.8}}},
       {-0.1, -0.8, -0.9}},
      {"NL04", "SMA-NL5", 40, 80, {{{10.3, -0.9, 0.9, 1.8, -1.8, -2.7, -2, -1.3}, {}, {}}}, {-1.6, 0, 0}},
      {"NL05", "SMA-NL8", 40, 80, {{{6, 0.3, 0.3, 0, -0.6, -1.2, -0.7, -0.7}, {}, {}}}, {-1.4, 0, 0}},
      {"NL06", "brushed down concrete", 70, 120,
       {{{8.2, -0.4, 2.8, 2.7, 2.5, 0.8, -0.3, -0.1}, {0.3, 4.5, 2.5, -0.2, -0.1, -0.5, -0.9, -0.8},
         {0.2, 5.3, 2.5, -0.2, -0.1, -0.6, -1, -0.9}}},
       {1.4, 5, 5.5}},
      {"NL07", "optimised brushed down concrete", 70, 80,
       {{{-0.2, -0.7, 1.4, 1.2, 1.1, -1.6, -2, -1.8}, {-0.7, 3, -2, -1.4, -1.8, -2.7, -2, -1.9},
         {-0.5, 4.2, -1.9, -1.3, -1.7, -2.5, -1.8, -1.8}}},
       {1, -6.6, -6.6}},
      {"NL08", "fine broomed concrete", 70, 120,
       {{{8, -0.7, 4.8, 2.2, 1.2, 2.6, 1.5, -0.6}, {0.2, 8.6, 7.1, 3.2, 3.6, 3.1, 0.7, 0.1},
         {0.1, 9.8, 7.4, 3.2, 3.1, 2.4, 0.4, 0}}},
       {7.6, 3.2, 2}},
      {"NL09", "worked surface", 50, 130,
       {{{8.3, 2.3, 5.1, 4.8, 4.1, 0.1, -1, -0.8}, {0.1, 6.3, 5.8, 1.8, -0.6, -2, -1.8, -1.6},
         {0, 7.4, 6.2, 1.8, -0.7, -2.1, -1.9, -1.7}}},
       {-0.3, 1.7, 1.4}},
      {"NL10", "hard elements in herring-bone", 30, 60,
       {{{27, 16.2, 14.7, 6.1, 3, -1, 1.2, 4.5}, {29.5, 20, 17.6, 8, 6.2, -1, 3.1, 5.2},
         {29.4, 21.2, 18.2, 8.4, 5.6, -1, 3, 5.8}}},
       {2.5, 2.5, 2.5}},
      {"NL11", "hard elements not in herring-bone", 30, 60,
       {{{31.4, 19.7, 16.8, 8.4, 7.2, 3.3, 7.8, 9.1}, {34, 23.6, 19.8, 10.5, 11.7, 8.2, 12.2, 10},
         {33.8, 24.7, 20.4, 10.9, 10.9, 6.8, 12, 10.8}}},
       {2.9, 2.9, 2.9}},
      {"NL12", "quiet hard elements", 30, 60,
       {{{26.8, 13.7, 11.9, 3.9, -1.8, -5.8, -2.7, 0.2}, {9.2, 5.7, 4.8, 2.3, 4.4, 5.1, 5.4, 0.9},
         {9.1, 6.6, 5.2, 2.6, 3.9, 3.9, 5.2, 1.1}}},
       {-1.7, 0, 0}},
      {"NL13", "thin layer A", 40, 130,
       {{{10.4, 0.7, -0.6, -1.2, -3, -4.8, -3.4, -1.4}, {13.8, 5.4, 3.9, -0.4, -1.8, -2.1, -0.7, -0.2},
         {14.1, 6.1, 4.1, -0.4, -1.8, -2.1, -0.7, -0.2}}},
       {-2.9, 0.5, 0.3}},
      {"NL14", "thin layer B", 40, 130,
       {{{6.8, -1.2, -1.2, -0.3, -4.9, -7, -4.8, -3.2}, {13.8, 5.4, 3.9, -0.4, -1.8, -2.1, -0.7, -0.2},
         {14.1, 6.1, 4.1, -0.4, -1.8, -2.1, -0.7, -0.2}}},
       {-1.8, 0.5, 0.5}},
  };
  return table;
}

const RoadSurface& road_surface(std::string_view id) {
  for (const auto& s : road_surfaces()) {
    if (s.id == id) return s;
  }
  throw data::Error(data::ErrorCode::invalid_argument,
                    "unknown road surface '" + std::string(id) + "' (known: DEF, NL01 .. NL14)");
}

double surface_speed(const RoadSurface& surface, double v_kmh) {
  return std::clamp(v_kmh, surface.v_min_kmh, surface.v_max_kmh);
}

}  // namespace twin::solvers::noise
