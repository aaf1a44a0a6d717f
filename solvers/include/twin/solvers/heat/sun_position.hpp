#pragma once
// Solar position by the NREL Solar Position Algorithm (Reda & Andreas 2004, NREL/TP-560-34302,
// revised 2008): topocentric zenith and azimuth with the full periodic-term tables, stated
// uncertainty ±0.0003° for the years −2000 … 6000.
namespace twin::solvers::heat {

struct SpaInput {
  // Local civil date and time; `timezone_h` is the offset from UTC in hours (UTC−7 → −7).
  int year = 2000;
  int month = 1;
  int day = 1;
  int hour = 12;
  int minute = 0;
  double second = 0.0;
  double timezone_h = 0.0;
  double delta_t_s = 69.0;         // TT − UT1, seconds (69 s around 2020)
  double latitude_deg = 52.0;      // north positive
  double longitude_deg = 5.0;      // east positive
  double elevation_m = 0.0;        // observer height above sea level
  double pressure_hpa = 1013.25;   // annual mean local pressure, for refraction
  double temperature_c = 12.0;     // annual mean local temperature, for refraction
  double refraction_deg = 0.5667;  // atmospheric refraction at sunrise and sunset
};

struct SunPosition {
  double zenith_deg = 0.0;            // topocentric, refraction-corrected
  double azimuth_deg = 0.0;           // eastward from north, 0 … 360
  double elevation_deg = 0.0;         // 90 − zenith
  double declination_deg = 0.0;       // topocentric sun declination
  double hour_angle_deg = 0.0;        // topocentric local hour angle
  double equation_of_time_min = 0.0;  // apparent minus mean solar time, minutes
  double earth_sun_au = 0.0;          // Earth radius vector, astronomical units
};

// Throws data::Error(invalid_value) for inputs outside the ranges SPA is defined on
// (year −2000 … 6000, |latitude| ≤ 90, |longitude| ≤ 180, |timezone| ≤ 18 h, …).
SunPosition sun_position(const SpaInput& in);

// Julian day of a UTC calendar instant (SPA eq. 4; Gregorian calendar from 1582-10-15).
double julian_day(int year, int month, int day, int hour, int minute, double second,
                  double timezone_h);

}  // namespace twin::solvers::heat
