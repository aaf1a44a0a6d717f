// Peer comparison on real data: our sky view factor and shadows on the Athens DSM against
// the outputs of UMEP's own Python code on the same grid (../shared/data/athens, see its
// README). Writes the "heat_athens" section of docs/validation.md.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <numbers>
#include <string>
#include <vector>

#include "test_paths.hpp"
#include "twin/data/gdal_import.hpp"
#include "twin/solvers/heat/shadows.hpp"
#include "twin/solvers/heat/sky_view_factor.hpp"
#include "twin/solvers/heat/sky_view_factor_ray_scan.hpp"
#include "validation_report.hpp"

namespace twin::solvers::heat {
namespace {

namespace fs = std::filesystem;
using data::Raster;

Raster<float> load(const fs::path& file, const data::GridSpec& grid) {
  return data::import_raster(file, grid, data::Resampling::nearest, data::MemoryBudget{});
}

// A cell "at a height step": some 4-neighbour differs by more than kStepM (a wall, a
// parapet, a crown edge). Disagreements within one cell of such a cell are edge effects.
constexpr double kStepM = 1.0;

std::vector<char> near_step(const Raster<float>& z) {
  const std::int64_t nx = z.grid.nx, ny = z.grid.ny;
  std::vector<char> step(z.values.size(), 0), near(z.values.size(), 0);
  for (std::int64_t r = 0; r < ny; ++r) {
    for (std::int64_t c = 0; c < nx; ++c) {
      const double z0 = z.at(c, r);
      const auto diff = [&](std::int64_t cc, std::int64_t rr) {
        return cc >= 0 && rr >= 0 && cc < nx && rr < ny && std::abs(z.at(cc, rr) - z0) > kStepM;
      };
      step[z.index(c, r)] = diff(c - 1, r) || diff(c + 1, r) || diff(c, r - 1) || diff(c, r + 1);
    }
  }
  for (std::int64_t r = 0; r < ny; ++r) {
    for (std::int64_t c = 0; c < nx; ++c) {
      bool any = false;
      for (std::int64_t dr = -1; dr <= 1 && !any; ++dr) {
        for (std::int64_t dc = -1; dc <= 1 && !any; ++dc) {
          const std::int64_t cc = c + dc, rr = r + dr;
          any = cc >= 0 && rr >= 0 && cc < nx && rr < ny && step[z.index(cc, rr)];
        }
      }
      near[z.index(c, r)] = any;
    }
  }
  return near;
}

struct SvfStats {
  double mad = 0, bias = 0, within_002 = 0;
  std::int64_t cells = 0;
};

// Ours − UMEP over the cells at least `border` cells from the grid edge.
SvfStats compare_svf(const Raster<float>& ours, const Raster<float>& ref, std::int64_t border) {
  SvfStats s;
  std::int64_t within = 0;
  for (std::int64_t r = border; r < ours.grid.ny - border; ++r) {
    for (std::int64_t c = border; c < ours.grid.nx - border; ++c) {
      const double d = static_cast<double>(ours.at(c, r)) - ref.at(c, r);
      s.mad += std::abs(d);
      s.bias += d;
      within += std::abs(d) <= 0.02;
      ++s.cells;
    }
  }
  s.mad /= static_cast<double>(s.cells);
  s.bias /= static_cast<double>(s.cells);
  s.within_002 = static_cast<double>(within) / static_cast<double>(s.cells);
  return s;
}

struct SunCase {
  const char* name;
  double azimuth, altitude;
  int dc, dr;  // one cell towards the sun: the three cases lie on grid axes
};

// How far the highest surface towards the sun, lowered along the sun's ray, rises above the
// cell (m; > 0 means shade). Only used to explain the few cells where UMEP and we disagree.
double shade_margin(const Raster<float>& dsm, const SunCase& s, std::int64_t col,
                    std::int64_t row) {
  const double slope = dsm.grid.cell * std::tan(s.altitude * std::numbers::pi / 180.0);
  const double z0 = dsm.at(col, row);
  double best = -1e30;
  for (std::int64_t k = 1;; ++k) {
    const std::int64_t c = col + k * s.dc, r = row + k * s.dr;
    if (c < 0 || r < 0 || c >= dsm.grid.nx || r >= dsm.grid.ny) break;
    best = std::max(best, static_cast<double>(dsm.at(c, r)) - static_cast<double>(k) * slope - z0);
  }
  return best;
}

struct MaskStats {
  std::int64_t cells = 0, differ = 0, differ_near_step = 0, ours_sunlit = 0;
  double agreement() const {
    return 1.0 - static_cast<double>(differ) / static_cast<double>(cells);
  }
};

void tally(MaskStats& s, bool ours_sun, bool ref_sun, bool at_step) {
  ++s.cells;
  if (ours_sun == ref_sun) return;
  ++s.differ;
  s.differ_near_step += at_step;
  s.ours_sunlit += ours_sun;
}

// The thresholds asserted below, each a little looser than what was measured when this test
// was written (in brackets), so a regression fails without the test being flaky.
constexpr double kSvfRadiusM = 100.0;     // our default; 600 m (whole grid) changes MAD < 1e-4
constexpr std::int64_t kSvfBorder = 100;  // = radius: interior cells see a full search circle
constexpr double kSvfMadMax = 0.018;      // [0.0163]
constexpr double kSvfBiasMax = 0.015;     // |bias| [−0.0129]
constexpr double kSvfWithinMin = 0.68;    // share within 0.02 [0.704]
constexpr double kBldgAgreeMin = 0.9995;  // [≥ 0.99995: 7, 0, 2 cells differ]
constexpr double kVegAgreeMin = 0.994;    // [0.9981, 0.9979, 0.9957]

TEST(AthensPeer, SvfAndShadowsAgainstUmep) {
  const fs::path dir = test::shared_data("athens");
  if (!fs::exists(dir / "dsm.tif")) GTEST_SKIP() << "no " << dir << " (shared data absent)";

  const data::GridSpec grid = data::grid_of_raster(dir / "dsm.tif");
  ASSERT_EQ(grid.nx, 400);
  ASSERT_EQ(grid.ny, 400);
  ASSERT_EQ(grid.cell, 1.0);
  const Raster<float> dsm = load(dir / "dsm.tif", grid);
  const Raster<float> cdsm_abs = load(dir / "cdsm_absolute.tif", grid);
  // UMEP's canopy height is cdsm_absolute − dsm where cdsm_absolute > 0, else 0; our
  // cast_shadows wants the crown-top elevation, so crown = dsm + height, NaN without a tree.
  Raster<float> crown = dsm;
  std::vector<char> tree(dsm.values.size(), 0);
  for (std::size_t k = 0; k < dsm.values.size(); ++k) {
    const float h = cdsm_abs.values[k] > 0.0f ? cdsm_abs.values[k] - dsm.values[k] : 0.0f;
    crown.values[k] = h > 0.0f ? dsm.values[k] + h : std::nanf("");
    tree[k] = h > 0.0f;
  }
  const std::vector<char> at_step = near_step(dsm);
  std::vector<test::ValidationRow> rows;
  const std::string umep = "UMEP (Python) on Athens 400 x 400 at 1 m";

  // --- sky view factor of the DSM (buildings and ground, no vegetation) ---
  SvfParams sp;
  sp.directions = 32;
  sp.radius_m = kSvfRadiusM;
  const Raster<float> svf = sky_view_factor(dsm, sp, grid.full());
  const Raster<float> ref_svf = load(dir / "ref_umep_svf_total.tif", grid);
  const SvfStats inner = compare_svf(svf, ref_svf, kSvfBorder);
  const SvfStats all = compare_svf(svf, ref_svf, 0);
  std::printf(
      "SVF, interior %lld cells: MAD %.4f, bias %+.4f, within 0.02 %.3f; all cells: MAD "
      "%.4f, bias %+.4f, within 0.02 %.3f\n",
      static_cast<long long>(inner.cells), inner.mad, inner.bias, inner.within_002, all.mad,
      all.bias, all.within_002);
  EXPECT_LT(inner.mad, kSvfMadMax);
  EXPECT_LT(std::abs(inner.bias), kSvfBiasMax);
  EXPECT_GE(inner.within_002, kSvfWithinMin);
  // The per-cell ray walk the sweep replaced: the sweep must agree with UMEP at least as well.
  const Raster<float> walk = sky_view_factor_ray_scan(dsm, sp, grid.full());
  const SvfStats walk_inner = compare_svf(walk, ref_svf, kSvfBorder);
  const SvfStats sweep_vs_walk = compare_svf(svf, walk, kSvfBorder);
  std::printf("SVF by the ray walk, interior: MAD %.4f, bias %+.4f, within 0.02 %.3f; sweep - walk: "
              "MAD %.4f, bias %+.4f\n",
              walk_inner.mad, walk_inner.bias, walk_inner.within_002, sweep_vs_walk.mad,
              sweep_vs_walk.bias);
  EXPECT_LE(inner.mad, walk_inner.mad);
  EXPECT_GE(inner.within_002, walk_inner.within_002);
  const std::string svf_ref = umep + ", svfForProcessing153 total vs ours 32 dir, 100 m";
  rows.push_back(
      {svf_ref, "SVF mean absolute difference, interior", "1", 0.0, inner.mad, kSvfMadMax});
  rows.push_back({svf_ref, "SVF mean diff (bias), interior", "1", 0.0, inner.bias, kSvfBiasMax});
  // Passes when 1 − share ≤ 1 − minimum, i.e. share ≥ minimum.
  rows.push_back({svf_ref, "SVF share of cells within 0.02, interior", "1", 1.0, inner.within_002,
                  1.0 - kSvfWithinMin});

  // --- shadows for the three sun positions of the data README ---
  const SunCase cases[] = {{"morning", 90.0, 30.0, 1, 0},
                           {"noon", 180.0, 60.0, 0, 1},
                           {"afternoon", 270.0, 45.0, -1, 0}};
  std::string shadow_detail;
  for (const SunCase& s : cases) {
    ShadowParams p;
    p.sun_azimuth_deg = s.azimuth;
    p.sun_altitude_deg = s.altitude;
    const ShadowMasks m = cast_shadows(dsm, &crown, p);
    const std::string prefix = "ref_umep_shadow_" + std::string(s.name);
    const Raster<float> ref_b = load(dir / (prefix + "_bldg_sh.tif"), grid);
    const Raster<float> ref_v = load(dir / (prefix + "_veg_sh.tif"), grid);
    MaskStats b, v;
    std::int64_t veg_differ_tree = 0;
    double max_margin = 0.0;  // of the building-shadow disagreements
    for (std::size_t k = 0; k < dsm.values.size(); ++k) {
      const bool ob = m.building_sun.values[k] > 0.5f;
      // UMEP's vegsh is cleared where a building already shades the cell ("removing shadows
      // behind buildings"); ours is independent of the buildings, so map it the same way.
      const bool ov = !ob || m.vegetation_sun.values[k] > 0.5f;
      const bool rv = ref_v.values[k] > 0.5f;
      const bool rb = ref_b.values[k] > 0.5f;
      tally(b, ob, rb, at_step[k]);
      if (ob != rb) {
        const auto col = static_cast<std::int64_t>(k) % grid.nx;
        const auto row = static_cast<std::int64_t>(k) / grid.nx;
        max_margin = std::max(max_margin, std::abs(shade_margin(dsm, s, col, row)));
      }
      tally(v, ov, rv, at_step[k]);
      veg_differ_tree += ov != rv && tree[k];
    }
    char line[400];
    std::snprintf(line, sizeof line,
                  "- %s (azimuth %.0f deg, altitude %.0f deg): buildings %lld cells differ (%lld "
                  "within one cell of a height step > 1 m, %lld sunlit in ours; there the shadow "
                  "volume lies within %.2g m of the surface); vegetation %lld "
                  "differ (%lld under a crown, %lld sunlit in ours).\n",
                  s.name, s.azimuth, s.altitude, static_cast<long long>(b.differ),
                  static_cast<long long>(b.differ_near_step), static_cast<long long>(b.ours_sunlit),
                  max_margin, static_cast<long long>(v.differ),
                  static_cast<long long>(veg_differ_tree), static_cast<long long>(v.ours_sunlit));
    std::printf("%s", line);
    shadow_detail += line;
    EXPECT_GE(b.agreement(), kBldgAgreeMin) << s.name;
    EXPECT_GE(v.agreement(), kVegAgreeMin) << s.name;
    const std::string ref = umep + ", shadowingfunction_wallheight_23, " + s.name;
    rows.push_back({ref, "building shadow: share of cells agreeing", "1", 1.0, b.agreement(),
                    1.0 - kBldgAgreeMin});
    rows.push_back({ref, "vegetation shadow: share of cells agreeing", "1", 1.0, v.agreement(),
                    1.0 - kVegAgreeMin});
  }

  char svf_all[200];
  std::snprintf(svf_all, sizeof svf_all,
                "over all 160,000 cells MAD %.4f, bias %+.4f, share within 0.02 %.3f", all.mad,
                all.bias, all.within_002);
  char svf_walk[400];
  std::snprintf(svf_walk, sizeof svf_walk,
                "The per-cell ray walk that the sweep replaced (kept as a reference) gives, on the "
                "same interior, MAD %.4f, bias %+.4f, share within 0.02 %.3f; sweep minus walk: "
                "MAD %.4f, bias %+.4f. ",
                walk_inner.mad, walk_inner.bias, walk_inner.within_002, sweep_vs_walk.mad,
                sweep_vs_walk.bias);
  const std::string notes =
      "Checked by `heat_tests` (`AthensPeer`, tests/unit/solvers/heat/athens_peer_test.cpp) on "
      "`../shared/data/athens` (outputs of UMEP's Python code, UMEP-dev/umep-rust golden "
      "fixtures). Rows pass when ours is within the tolerance of the ideal (0 difference, "
      "share 1); the tolerances are the thresholds the test asserts.\n\n"
      "**Sky view factor.** UMEP `svfForProcessing153` casts a building shadow for each of 153 "
      "sky patches (bands at 6, 18, ..., 90 deg) and sums cosine-weighted annulus weights of the "
      "sunlit ones; ours averages cos^2 of the horizon angle over 32 azimuths, searched to 100 m "
      "along digital lines of cells (the sweep of docs/models/heat.md; a 600 m search, the whole "
      "grid, changed the mean absolute difference by less than 1e-4 when measured with the ray "
      "walk). The interior "
      "excludes a 100-cell border (the search radius), 40,000 cells; " +
      std::string(svf_all) +
      ": UMEP's shadow casting, like our sweep, takes cells beyond the grid as casting nothing, so "
      "the edge is treated the same way and the border matters little. " + svf_walk +
      "The test asserts the sweep is no further from UMEP than the walk. Our remaining bias comes "
      "from obstructed cells. A likely cause, not isolated here: we see each cell as a "
      "flat-topped prism from its near edge, half a cell nearer than UMEP's cell-centre shifts, "
      "so an obstacle subtends a slightly higher horizon (lower SVF); the walk, which also "
      "catches the cells its ray only clips, is lower still. UMEP's 12-deg altitude bands add a "
      "discretisation of either sign.\n\n"
      "**Shadows.** UMEP `shadowingfunction_wallheight_23` (1 = sunlit) with its canopy (crown "
      "top = cdsm_absolute, trunk zone 0.25 x canopy height) and no bushes, against ours with the "
      "same crown tops. UMEP's `vegsh` is set sunlit where a building already shades the cell, so "
      "our vegetation mask is compared as (building shade or crown-free). Differences:\n" +
      shadow_detail +
      "The building-shadow disagreements are all cells where the arriving shadow volume lies "
      "within 1 mm of the surface: we call that sunlit (a 1 mm tolerance against float noise), "
      "UMEP compares strictly. The vegetation differences are mostly under the crowns: we treat "
      "a crown as solid down to the ground, UMEP lets the beam pass below the crown through the "
      "trunk zone and (its shift starts one cell towards the sun) does not shade a crown cell by "
      "its own crown alone, so ours has more "
      "vegetation shade there.";
  test::write_validation_section("heat_athens", "Heat stress on real data: Athens against UMEP",
                                 rows, notes);
}

}  // namespace
}  // namespace twin::solvers::heat
