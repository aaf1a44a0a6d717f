// The heat solver's declared parameters (the API's process description) and their reading
// into typed settings, plus the date and time helpers they need.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <numbers>
#include <string>

#include "heat_solver_detail.hpp"
#include "twin/data/error.hpp"
#include "twin/solvers/heat/heat_solver.hpp"

namespace twin::solvers::heat {
namespace {

using data::Error;
using data::ErrorCode;


[[noreturn]] void bad(const std::string& name, const std::string& what) {
  throw Error(ErrorCode::invalid_argument, "parameter '" + name + "': " + what);
}

int parse_int(const std::string& name, std::string_view text) {
  int v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) {
    bad(name, "'" + std::string(text) + "' is not a whole number");
  }
  return v;
}

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
int days_in_month(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : kDays[m - 1];
}
// 0 = Sunday (Zeller-type formula of Sakamoto).
int weekday(int y, int m, int d) {
  static constexpr int kT[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
  if (m < 3) y -= 1;
  return (y + y / 4 - y / 100 + y / 400 + kT[m - 1] + d) % 7;
}
int last_sunday(int y, int m) {
  const int last = days_in_month(y, m);
  return last - weekday(y, m, last);
}

}  // namespace

std::string_view HeatSolver::title() const {
  return "Heat stress on a hot day: shade, sky view factor, mean radiant temperature, PET";
}
std::string_view HeatSolver::model_version() const { return "heat-grid 1.0"; }

std::vector<std::string> HeatSolver::needs() const { return {"dtm", "building_height"}; }

double HeatSolver::halo_m(const Params& params) const { return params.number("svf_radius_m"); }

ParamSpec HeatSolver::params() const {
  ParamSpec spec;
  spec.push_back(
      text_param("date", "2019-07-25",
                 "Day, YYYY-MM-DD. Default: 25 July 2019, the hottest day measured in the "
                 "Netherlands (KNMI)."));
  spec.push_back(
      text_param("hours", "15",
                 "Clock hours in Dutch legal time (CET, CEST in summer), 0-23, comma separated, "
                 "e.g. \"15\" or \"12,15,18\"; values are for the instant h:00. Air temperature, "
                 "humidity, wind and radiation below apply to every hour."));
  spec.push_back(number_param("air_temperature", "degC", 35.0, -20.0, 50.0,
                        "Air temperature (uniform over the grid)."));
  spec.push_back(number_param("relative_humidity", "%", 30.0, 5.0, 99.0, "Relative humidity."));
  spec.push_back(number_param("wind_speed_10m", "m s-1", 2.5, 0.5, 17.0,
                        "Wind speed at 10 m (as KNMI reports it); reduced to 1.1 m (PET) and "
                        "1.2 m (Koopmans) by a logarithmic profile with roughness 0.01 m."));
  spec.push_back(number_param("global_radiation", "W m-2", -1.0, -1.0, 1400.0,
                        "Global radiation on a horizontal surface; negative = clear sky "
                        "(Haurwitz 1945) for each hour. 0 while the sun is down."));
  spec.push_back(
      choice_param("pet_method", "memi", {"memi", "koopmans"},
                   "PET by the MEMI energy balance (Hoeppe 1999) from the SOLWEIG-style Tmrt, or "
                   "by the Dutch regression of Koopmans et al. (2020)."));
  ParamInfo dirs;
  dirs.name = "svf_directions";
  dirs.type = ParamType::integer;
  dirs.default_value = 16;
  dirs.minimum = 4;
  dirs.maximum = 360;
  dirs.help =
      "Azimuths of the sky-view-factor horizon scan. 16 (not 32) by default: the scan "
      "is most of the run time and grows linearly with this number (docs).";
  spec.push_back(dirs);
  spec.push_back(number_param("svf_radius_m", "m", 100.0, 10.0, 500.0,
                        "Horizon search distance of the sky view factor; also the tile halo."));
  spec.push_back(number_param("tree_transmissivity", "1", 0.03, 0.0, 1.0,
                        "Share of the direct beam passing a tree crown (SOLWEIG: 0.03)."));
  spec.push_back(flag_param("utci", false, "Also compute UTCI (Broede et al. 2012) per hour."));
  spec.push_back(number_param("bowen_ratio", "1", 1.0, 0.0, 10.0,
                        "Surface Bowen ratio, used only by the Koopmans regression."));
  return spec;
}

namespace detail {

HeatSettings read_settings(const Params& p) {
  HeatSettings s;
  const std::string date = p.text("date");
  if (date.size() != 10 || date[4] != '-' || date[7] != '-')
    bad("date", "'" + date + "' is not YYYY-MM-DD");
  s.year = parse_int("date", std::string_view(date).substr(0, 4));
  s.month = parse_int("date", std::string_view(date).substr(5, 2));
  s.day = parse_int("date", std::string_view(date).substr(8, 2));
  if (s.year < 1900 || s.year > 2200) bad("date", "year must be within 1900 .. 2200");
  if (s.month < 1 || s.month > 12 || s.day < 1 || s.day > days_in_month(s.year, s.month)) {
    bad("date", "'" + date + "' is not a calendar date");
  }
  const std::string hours = p.text("hours");
  std::size_t start = 0;
  while (start <= hours.size()) {
    const std::size_t comma = std::min(hours.find(',', start), hours.size());
    std::string_view item = std::string_view(hours).substr(start, comma - start);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    const int h = parse_int("hours", item);
    if (h < 0 || h > 23) bad("hours", std::to_string(h) + " is outside 0 .. 23");
    if (std::find(s.hours.begin(), s.hours.end(), h) != s.hours.end()) {
      bad("hours", std::to_string(h) + " is listed twice");
    }
    s.hours.push_back(h);
    start = comma + 1;
  }
  std::sort(s.hours.begin(), s.hours.end());
  s.ta_c = p.number("air_temperature");
  s.rh_pct = p.number("relative_humidity");
  s.wind10_ms = p.number("wind_speed_10m");
  s.global_wm2 = p.number("global_radiation");
  s.pet = p.text("pet_method") == "koopmans" ? PetMethod::koopmans : PetMethod::memi;
  s.svf_directions = static_cast<int>(p.integer("svf_directions"));
  s.svf_radius_m = p.number("svf_radius_m");
  s.tree_transmissivity = p.number("tree_transmissivity");
  s.utci = p.boolean("utci");
  s.bowen = p.number("bowen_ratio");
  return s;
}

int dutch_utc_offset_h(int year, int month, int day) {
  // The switch happens at 01:00 UTC on those Sundays; a whole-day rule is close enough for
  // a hot-day scenario (the two switch nights are never the question).
  if (month < 3 || month > 10) return 1;
  if (month > 3 && month < 10) return 2;
  if (month == 3) return day >= last_sunday(year, 3) ? 2 : 1;
  return day < last_sunday(year, 10) ? 2 : 1;
}

int day_of_year(int year, int month, int day) {
  int n = day;
  for (int m = 1; m < month; ++m) n += days_in_month(year, m);
  return n;
}

double clear_sky_global_haurwitz(double sun_altitude_deg) {
  if (sun_altitude_deg <= 0.0) return 0.0;
  const double cz = std::sin(sun_altitude_deg * std::numbers::pi / 180.0);
  return 1098.0 * cz * std::exp(-0.057 / cz);
}

double wind_at_height(double wind10_ms, double z_m) {
  constexpr double kZ0 = 0.01;
  return wind10_ms * std::log(z_m / kZ0) / std::log(10.0 / kZ0);
}

double SampledFunction::operator()(double x) const {
  const double t = (x - x0) / step;
  const auto i = static_cast<std::size_t>(std::floor(t));
  const double frac = t - static_cast<double>(i);
  return y[i] + frac * (y[i + 1] - y[i]);
}

bool SampledFunction::covers(double x) const {
  return y.size() >= 2 && x >= x0 && x < x0 + step * static_cast<double>(y.size() - 1);
}

}  // namespace detail
}  // namespace twin::solvers::heat
