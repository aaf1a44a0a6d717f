#include "twin/solvers/nitrogen/source_receptor.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <string>
#include <vector>

#include "twin/solvers/nitrogen/units.hpp"
#include "twin/solvers/nitrogen/vertical_dispersion.hpp"

namespace n = twin::solvers::nitrogen;
using n::StabilityClass;
using twin::data::names::LandUse;

namespace {

const n::Climatology& default_table() {
  static const n::Climatology clim = n::read_climatology(n::default_climatology_path());
  return clim;
}

// The default table with every sector given the same meteorology (sector 9, 270 degrees) and
// the same frequency: a wind rose without a preferred direction.
n::Climatology symmetric_table() {
  n::Climatology c = default_table();
  const auto row = c.cells[9];
  const double f = c.sector_frequency(9);
  for (auto& sector : c.cells) {
    sector = row;
    for (auto& cell : sector) cell.frequency /= 12.0 * f;
  }
  return c;
}

n::Receptor at(const n::PointSource& s, double distance, double bearing_deg,
               LandUse lu = LandUse::grass) {
  const double b = bearing_deg * std::numbers::pi / 180.0;
  return {s.x + distance * std::sin(b), s.y + distance * std::cos(b), lu};
}

struct SourceCase {
  std::string name;
  n::PointSource source;
};

// A low farm source of NH3, a stack with heat content, and a NOx stack with momentum rise.
std::vector<SourceCase> source_cases() {
  n::PointSource barn;
  barn.x = 155000, barn.y = 463000, barn.height = 5,
  barn.emission = n::kg_per_year_to_g_per_s(5000);
  n::PointSource hot = barn;
  hot.height = 40, hot.heat_mw = 0.5;
  n::PointSource nox = barn;
  nox.height = 25, nox.substance = n::Substance::nox, nox.stack_diameter = 1.0,
  nox.exit_velocity = 10.0;
  nox.emission = n::kg_per_year_to_g_per_s(20000);
  return {{"barn_nh3", barn}, {"hot_stack_nh3", hot}, {"stack_nox", nox}};
}

TEST(NitrogenVerticalDispersion, DispgPerClassIsInOpsRange) {
  // OPS warns when dispg leaves 0..50 (ops_stab_rek); every class of the default table, for a
  // ground source and a 50 m plume, must stay inside.
  const auto& c = default_table();
  for (int s = 0; s < n::wind_sectors; ++s) {
    for (int j = 0; j < n::stability_classes; ++j) {
      const auto& m = c.at(s, static_cast<StabilityClass>(j));
      if (m.frequency == 0) continue;
      for (double h : {0.0, 50.0}) {
        const double g =
            n::dispg_from_meteo(static_cast<StabilityClass>(j), c.roughness_length, m.mixing_height,
                                m.obukhov_length, m.friction_velocity, h);
        EXPECT_GT(g, 0.0) << s << " " << j << " " << h;
        EXPECT_LT(g, 50.0) << s << " " << j << " " << h;
      }
    }
  }
  // Vertical spread grows with distance, and is smaller in stable than in unstable air.
  const n::SurfaceLayerInput unstable{0.29, 900, -40, 0.4, 0, 1000};
  n::SurfaceLayerInput stable{0.29, 150, 30, 0.18, 0, 1000};
  auto far = unstable;
  far.x = 3000;
  EXPECT_GT(n::sigma_z_surface_layer(far), n::sigma_z_surface_layer(unstable));
  EXPECT_LT(n::sigma_z_surface_layer(stable), n::sigma_z_surface_layer(unstable));
}

TEST(NitrogenSourceReceptor, SectorOfAReceptor) {
  // A receptor due north is reached by wind from the south: sector 6 (180 degrees).
  EXPECT_DOUBLE_EQ(n::sector_position(0.0), 6.0);
  EXPECT_DOUBLE_EQ(n::sector_position(90.0), 9.0);
  EXPECT_DOUBLE_EQ(n::sector_position(180.0), 0.0);
  EXPECT_DOUBLE_EQ(n::sector_position(-90.0), 3.0);
  EXPECT_DOUBLE_EQ(n::sector_position(165.0), 11.5);
}

TEST(NitrogenSourceReceptor, DoublingTheEmissionDoublesTheContributionExactly) {
  for (const auto& sc : source_cases()) {
    auto twice = sc.source;
    twice.emission *= 2;
    const auto a = n::prepare_source(sc.source, default_table());
    const auto b = n::prepare_source(twice, default_table());
    for (double d : {30.0, 300.0, 3000.0, 30000.0}) {
      const auto r = at(sc.source, d, 37.0);
      const auto ca = n::contribution(a, r), cb = n::contribution(b, r);
      EXPECT_EQ(cb.concentration, 2 * ca.concentration) << sc.name << " " << d;
      EXPECT_EQ(cb.dry_deposition, 2 * ca.dry_deposition) << sc.name << " " << d;
      EXPECT_EQ(cb.wet_deposition, 2 * ca.wet_deposition) << sc.name << " " << d;
    }
  }
}

TEST(NitrogenSourceReceptor, ContributionsOfSourcesAdd) {
  // The function is per source, so a field is the sum of its sources: splitting one source into
  // two at the same place (30 % + 70 %) gives the same field as the whole.
  for (const auto& sc : source_cases()) {
    auto part1 = sc.source, part2 = sc.source;
    part1.emission *= 0.3;
    part2.emission *= 0.7;
    const auto whole = n::prepare_source(sc.source, default_table());
    const auto p1 = n::prepare_source(part1, default_table());
    const auto p2 = n::prepare_source(part2, default_table());
    for (double d : {50.0, 500.0, 5000.0}) {
      const auto r = at(sc.source, d, 200.0);
      const auto w = n::contribution(whole, r), a = n::contribution(p1, r),
                 b = n::contribution(p2, r);
      EXPECT_NEAR(a.concentration + b.concentration, w.concentration, 1e-12 * w.concentration)
          << sc.name;
      EXPECT_NEAR(a.total_deposition() + b.total_deposition(), w.total_deposition(),
                  1e-12 * w.total_deposition())
          << sc.name;
    }
  }
}

TEST(NitrogenSourceReceptor, SymmetricClimatologyGivesASymmetricField) {
  const auto clim = symmetric_table();
  for (const auto weighting : {n::SectorWeighting::nearest, n::SectorWeighting::interpolate}) {
    for (const auto& sc : source_cases()) {
      n::SourceReceptorOptions opt;
      opt.sectors = weighting;
      const auto p = n::prepare_source(sc.source, clim, opt);
      for (double d : {100.0, 1000.0, 10000.0}) {
        const auto ref = n::contribution(p, at(sc.source, d, 0.0));
        ASSERT_GT(ref.concentration, 0.0);
        for (double bearing : {10.0, 30.0, 75.0, 135.0, 180.0, 222.0, 300.0, 345.0}) {
          const auto c = n::contribution(p, at(sc.source, d, bearing));
          EXPECT_NEAR(c.concentration, ref.concentration, 1e-9 * ref.concentration)
              << sc.name << " " << bearing;
          EXPECT_NEAR(c.total_deposition(), ref.total_deposition(), 1e-9 * ref.total_deposition())
              << sc.name << " " << bearing;
        }
      }
    }
  }
}

TEST(NitrogenSourceReceptor, DepositedNeverExceedsEmitted) {
  // Deposition integrated over rings of receptors out to 300 km, in mol N/yr, against the
  // emission in mol N/yr; receptors on the land use the plume is depleted over, so that the
  // removal along the path and the deposition at the receptors are the same flux.
  struct Case {
    std::string name;
    LandUse land_use;
  };
  for (const auto& sc : source_cases()) {
    for (const Case& lc :
         {Case{"grass", LandUse::grass}, Case{"coniferous", LandUse::coniferous_forest}}) {
      auto src = sc.source;
      src.path_land_use = lc.land_use;
      const auto p = n::prepare_source(src, default_table());
      const double emitted_mol = src.emission * n::seconds_per_year * p.mol_n_per_gram;
      // Log-spaced rings (midpoint in ln r: area = 2 pi r^2 d ln r) x 360 bearings.
      constexpr int rings = 400, bearings = 360;
      const double l0 = std::log(1.0), l1 = std::log(300e3), dl = (l1 - l0) / rings;
      double deposited_mol = 0;
      for (int i = 0; i < rings; ++i) {
        const double r = std::exp(l0 + (i + 0.5) * dl);
        const double ring_ha = 2 * std::numbers::pi * r * r * dl / 1e4;
        double mean = 0;
        for (int b = 0; b < bearings; ++b)
          mean += n::contribution(p, at(src, r, b + 0.5, lc.land_use)).total_deposition();
        deposited_mol += mean / bearings * ring_ha;
      }
      EXPECT_LE(deposited_mol, emitted_mol) << sc.name << " " << lc.name;
      // And it is a sizeable part of it: NH3 deposits much of itself within 300 km.
      if (src.substance == n::Substance::nh3) {
        EXPECT_GT(deposited_mol, 0.3 * emitted_mol) << sc.name << " " << lc.name;
      }
      EXPECT_GT(deposited_mol, 0.0) << sc.name << " " << lc.name;
    }
  }
}

TEST(NitrogenSourceReceptor, ConcentrationFallsBeyondTouchdown) {
  for (const auto& sc : source_cases()) {
    const auto p = n::prepare_source(sc.source, default_table());
    std::vector<double> c;
    for (double d = 20.0; d < 50e3; d *= 1.25)
      c.push_back(n::contribution(p, at(sc.source, d, 60.0)).concentration);
    std::size_t peak = 0;
    for (std::size_t i = 1; i < c.size(); ++i)
      if (c[i] > c[peak]) peak = i;
    for (std::size_t i = peak + 1; i < c.size(); ++i)
      EXPECT_LT(c[i], c[i - 1]) << sc.name << " step " << i;
  }
  // A raised plume reaches the ground some way off: its maximum is not at the nearest receptor.
  const auto hot = n::prepare_source(source_cases()[1].source, default_table());
  const auto near = n::contribution(hot, at(source_cases()[1].source, 20.0, 60.0)).concentration;
  const auto mid = n::contribution(hot, at(source_cases()[1].source, 500.0, 60.0)).concentration;
  EXPECT_GT(mid, near);
}

TEST(NitrogenSourceReceptor, HandComputationWellMixedOneClassOneSector) {
  // One sector (wind from the south, sector 6) and one class (N2) all year; the receptor 150 km
  // due north, where OPS takes the plume as well mixed (beyond 100 km); no depletion. NOx, so
  // that below-cloud washout (0.265/h) exceeds rainout (0.1/h) and the wet rate is rainout's
  // whatever the in-cloud share.
  n::Climatology clim;
  clim.total_hours = 8760;
  clim.roughness_length = 0.1;
  n::ClimateCell& m = clim.cells[6][static_cast<int>(StabilityClass::N2)];
  m.hours = 8760, m.frequency = 1, m.wind_speed_10m = 5, m.wind_power_law_exponent = 0.2,
  m.mixing_height = 200;
  m.friction_velocity = 0.5, m.obukhov_length = 500, m.temperature = 10;
  m.precipitation_probability = 0.1, m.rain_intensity = 1.0, m.rain_event_hours = 1.5;
  n::PointSource s;
  s.height = 10;
  s.substance = n::Substance::nox;
  s.emission = n::kg_per_year_to_g_per_s(10000);  // 10 t NOx/yr = 0.316881 g/s
  n::SourceReceptorOptions opt;
  opt.source_depletion = false;
  const auto p = n::prepare_source(s, clim, opt);
  const auto c = n::contribution(p, {0, 150e3, LandUse::grass});
  // Transport wind at zi/2 = 100 m (> 50 m: power law): 5 (100/10)^0.2 = 7.92447 m/s.
  // Undisturbed C0 = q NSEK 1e6/(2 pi x u zi) = 0.316881 * 12e6 / (2 pi 150e3 * 7.92447 * 200)
  // = 2.54569e-3 ug/m3.
  // Surface gradient over grass (NO2): Ra(4 m) = (ln(4/0.1) + 5 (4 - 0.1)/500)/(0.4 * 0.5) =
  // 18.6394, Ra(50 m) = 33.5680, Rb = 2/(0.4 * 0.5) (1.5e-5/0.13e-4/0.72)^(2/3) = 13.6944,
  // Rc = 190 s/m: vd(4) = 4.49774e-3, vd(50) = 4.21474e-3 m/s, gmax = 0.0629204; travel time
  // 2x/(u(10 m) + u) with u(10 m) = 1.25 (ln 100 + 0.0973275) = 5.87812 m/s: 21735 s, so
  // 1 - gmax (1 - exp(-t vd(4)/4)) = 0.937080 and C = 2.38552e-3 ug/m3.
  EXPECT_NEAR(c.concentration, 2.38552e-3, 1e-8);
  // Dry: C vd(4) 1e-6 g/ug * 1e4 m2/ha * 31557600 s/yr * 21.74e-3 mol N/g NO2 = 0.0736106.
  EXPECT_NEAR(c.dry_deposition, 0.0736106, 1e-6);
  // Wet: travel time x/u = 5.25798 h, event tw = 1.5 (1 - exp(-0.4 * 5.25798/1.5)) = 1.13089 h;
  // rainout 0.1/tw (1 - exp(-2e4 * 1/1000/200 * tw)) = 9.45528e-3 /h; washout (0.0229 /h) is
  // capped at it. Flux = rate/3600 * column q NSEK/(2 pi x u) -> 9.17427e-3 mol N/ha/yr.
  EXPECT_NEAR(c.wet_deposition, 9.17427e-3, 1e-7);
  // Other sectors are empty: the receptor due south gets nothing.
  EXPECT_EQ(n::contribution(p, {0, -150e3, LandUse::grass}).concentration, 0.0);
}

TEST(NitrogenSourceReceptor, NodataLandUseHasNoDryDeposition) {
  const auto& sc = source_cases()[0];
  const auto p = n::prepare_source(sc.source, default_table());
  const auto c = n::contribution(p, at(sc.source, 500.0, 90.0, static_cast<LandUse>(0)));
  EXPECT_GT(c.concentration, 0.0);
  EXPECT_EQ(c.dry_deposition, 0.0);
  EXPECT_GT(c.wet_deposition, 0.0);
}

}  // namespace
