#pragma once
// Private pieces of the heat grid solver shared by its source files (not installed, not part
// of the public API): the parameters as typed settings, the forcing of one hour, the region
// rasters and the per-block kernels.
#include <atomic>
#include <cstdint>
#include <functional>
#include <vector>

#include "twin/data/raster.hpp"
#include "twin/data/scenario.hpp"
#include "twin/solvers/heat/radiation.hpp"
#include "twin/solvers/params.hpp"

namespace twin::solvers::heat::detail {

enum class PetMethod { memi, koopmans };

// The declared parameters, parsed and checked beyond what resolve() can (date, hour list).
struct HeatSettings {
  int year = 2019, month = 7, day = 25;
  std::vector<int> hours;  // Dutch clock hours (CET/CEST), ascending, unique
  double ta_c = 35.0;
  double rh_pct = 30.0;
  double wind10_ms = 2.5;    // at 10 m
  double global_wm2 = -1.0;  // < 0: clear sky
  PetMethod pet = PetMethod::memi;
  int svf_directions = 16;
  double svf_radius_m = 100.0;
  double tree_transmissivity = 0.03;
  bool utci = false;
  double bowen = 1.0;  // for the Koopmans regression only
};

// Throws data::Error(invalid_argument) naming the parameter.
HeatSettings read_settings(const Params& params);

// Offset of Dutch legal time from UTC on a date: +2 h from the last Sunday of March to the
// day before the last Sunday of October (EU summer time), else +1 h.
int dutch_utc_offset_h(int year, int month, int day);
int day_of_year(int year, int month, int day);
// Global radiation under a clear sky, W/m² (Haurwitz 1945: 1098·cos z·exp(−0.057/cos z)).
double clear_sky_global_haurwitz(double sun_altitude_deg);
// Wind at height z from the wind at 10 m by a logarithmic profile with roughness 0.01 m
// (the profile of the UTCI procedure, as `twinsolve comfort`).
double wind_at_height(double wind10_ms, double z_m);

// A function of one variable sampled on a regular grid and interpolated linearly; PET and
// UTCI depend on the cell only through Tmrt within one hour (air temperature, humidity and
// wind are uniform), so one table per hour replaces millions of energy-balance solves.
struct SampledFunction {
  double x0 = 0, step = 1;
  std::vector<double> y;  // NaN where the function is undefined
  double operator()(double x) const;
  bool covers(double x) const;
};

// Everything of one hour that is the same for every cell.
struct HourForcing {
  int hour = 15;
  RadiationForcing radiation;  // with the beam split filled in
  double sun_azimuth_deg = 0;
  double sun_altitude_deg = 0;
  double wind_pet_ms = 0;    // at 1.1 m, for MEMI
  double wind_koop_ms = 0;   // at 1.2 m, for the Koopmans regression
  SampledFunction pet_memi;  // PET(Tmrt), empty for the Koopmans method
  SampledFunction utci;      // UTCI(Tmrt), empty unless asked
};

HourForcing make_hour_forcing(const HeatSettings& s, int hour, double lon_deg, double lat_deg);

// The scenario's surfaces on the computed region (output window + halo).
struct Region {
  data::Window window;                 // in scenario grid cells
  data::Raster<float> dsm;             // terrain + buildings, NaN where the terrain is unknown
  data::Raster<float> canopy;          // crown-top elevation, NaN where there is no tree
  data::Raster<float> dsm_veg;         // max(dsm, canopy): crowns as opaque, for the vegetation SVF
  std::vector<std::uint8_t> building;  // 1 where building_height > 0
  bool has_trees = false;
};

// Throws data::Error(invalid_value) naming the layer and cell for NaN or negative heights.
Region make_region(const data::Scenario& scenario, const data::Window& region);

// The view of the sky of the cells of `window` (a window of the region's grid), written into
// rasters on the window's grid: building SVF and "sky not hidden by crowns" (1 without trees).
// One sweep over the region per direction (twice with trees); `direction_done` is called after
// each direction of each sweep, `cancel` is checked per line of cells.
struct SvfOut {
  data::Raster<float>* svf;
  data::Raster<float>* svf_veg;
};
void sky_views(const Region& region, const HeatSettings& s, const data::Window& window,
               const std::atomic<bool>* cancel, const std::function<void()>& direction_done,
               SvfOut out);

// Shadow, Tmrt, PET (and UTCI) for one hour for the cells of `block` (output-window cells).
struct HourOut {
  data::Raster<float>* shadow_fraction;
  data::Raster<float>* tmrt;
  data::Raster<float>* pet;
  data::Raster<float>* utci;  // null unless asked
};
void hour_block(const Region& region, const HeatSettings& s, const HourForcing& f,
                const data::Raster<float>& sun_fraction, const data::Raster<float>& svf,
                const data::Raster<float>& svf_veg, const data::Window& block,
                std::int64_t region_col_offset, std::int64_t region_row_offset, HourOut out);

}  // namespace twin::solvers::heat::detail
