// NREL Solar Position Algorithm (Reda & Andreas 2004, NREL/TP-560-34302, revised 2008).
// Equation numbers in the comments are those of the report's section 3.
#include "twin/solvers/heat/sun_position.hpp"

#include <cmath>
#include <numbers>
#include <string>

#include "spa_tables.hpp"
#include "twin/data/error.hpp"

namespace twin::solvers::heat {
namespace {

constexpr double kDeg = std::numbers::pi / 180.0;
constexpr double kSunRadiusDeg = 0.26667;  // apparent solar radius, for the refraction cut-off

double deg(double rad) { return rad / kDeg; }
double rad(double degrees) { return degrees * kDeg; }

// Reduces an angle to [0, 360).
double wrap360(double degrees) {
  double r = std::fmod(degrees, 360.0);
  return r < 0.0 ? r + 360.0 : r;
}

// Σ_i (Σ_j A·cos(B + C·JME)) · JME^i / 1e8 (eqs. 9–11), in radians (L, B) or AU (R).
template <std::size_t N>
double earth_series(const std::array<std::span<const spa_tables::EarthTerm>, N>& series,
                    double jme) {
  double sum = 0.0;
  double power = 1.0;
  for (const auto& terms : series) {
    double s = 0.0;
    for (const auto& t : terms) s += t.a * std::cos(t.b + t.c * jme);
    sum += s * power;
    power *= jme;
  }
  return sum / 1e8;
}

double cubic(double a, double b, double c, double d, double x) {
  return ((d * x + c) * x + b) * x + a;
}

void require(bool ok, const std::string& what) {
  if (!ok) throw data::Error(data::ErrorCode::invalid_value, "sun position: " + what);
}

void validate(const SpaInput& in) {
  require(in.year >= -2000 && in.year <= 6000, "year must be within -2000 .. 6000");
  require(in.month >= 1 && in.month <= 12, "month must be within 1 .. 12");
  require(in.day >= 1 && in.day <= 31, "day must be within 1 .. 31");
  require(in.hour >= 0 && in.hour <= 24, "hour must be within 0 .. 24");
  require(in.minute >= 0 && in.minute <= 59, "minute must be within 0 .. 59");
  require(in.second >= 0.0 && in.second < 60.0, "second must be within 0 .. 60");
  require(in.hour < 24 || (in.minute == 0 && in.second == 0.0), "24:00 is the latest time of day");
  require(std::abs(in.timezone_h) <= 18.0, "time zone must be within -18 .. 18 h");
  require(std::abs(in.delta_t_s) <= 8000.0, "delta T must be within -8000 .. 8000 s");
  require(std::abs(in.latitude_deg) <= 90.0, "latitude must be within -90 .. 90 degrees");
  require(std::abs(in.longitude_deg) <= 180.0, "longitude must be within -180 .. 180 degrees");
  require(in.elevation_m >= -6500000.0, "elevation must be above -6500 km");
  require(in.pressure_hpa >= 0.0 && in.pressure_hpa <= 5000.0,
          "pressure must be within 0 .. 5000 hPa");
  require(in.temperature_c > -273.0 && in.temperature_c <= 6000.0,
          "temperature must be above -273 degC");
  require(std::abs(in.refraction_deg) <= 5.0, "refraction must be within -5 .. 5 degrees");
}

}  // namespace

double julian_day(int year, int month, int day, int hour, int minute, double second,
                  double timezone_h) {
  // Eq. 4, with the UT day fraction; months January and February count as 13 and 14.
  const double day_fraction = day + (hour - timezone_h + (minute + second / 60.0) / 60.0) / 24.0;
  if (month < 3) {
    month += 12;
    --year;
  }
  double jd = std::floor(365.25 * (year + 4716.0)) + std::floor(30.6001 * (month + 1)) +
              day_fraction - 1524.5;
  if (jd > 2299160.0) {  // Gregorian calendar correction
    const double a = std::floor(year / 100.0);
    jd += 2.0 - a + std::floor(a / 4.0);
  }
  return jd;
}

SunPosition sun_position(const SpaInput& in) {
  validate(in);

  // 3.1 Julian day, ephemeris day, century and millennium (eqs. 4–8).
  const double jd =
      julian_day(in.year, in.month, in.day, in.hour, in.minute, in.second, in.timezone_h);
  const double jc = (jd - 2451545.0) / 36525.0;
  const double jde = jd + in.delta_t_s / 86400.0;
  const double jce = (jde - 2451545.0) / 36525.0;
  const double jme = jce / 10.0;

  // 3.2 Earth heliocentric longitude, latitude and radius vector (eqs. 9–12).
  const double l_deg = wrap360(deg(earth_series(spa_tables::L, jme)));
  const double b_deg = deg(earth_series(spa_tables::B, jme));
  const double r_au = earth_series(spa_tables::R, jme);

  // 3.3 Geocentric longitude and latitude (eqs. 13–14).
  const double theta = wrap360(l_deg + 180.0);
  const double beta = -b_deg;

  // 3.4 Nutation in longitude and obliquity (eqs. 15–23): fundamental arguments of the Moon
  // and Sun in degrees, then the 63-term series in units of 0.0001″.
  const double x[5] = {
      cubic(297.85036, 445267.111480, -0.0019142, 1.0 / 189474.0, jce),
      cubic(357.52772, 35999.050340, -0.0001603, -1.0 / 300000.0, jce),
      cubic(134.96298, 477198.867398, 0.0086972, 1.0 / 56250.0, jce),
      cubic(93.27191, 483202.017538, -0.0036825, 1.0 / 327270.0, jce),
      cubic(125.04452, -1934.136261, 0.0020708, 1.0 / 450000.0, jce),
  };
  double dpsi = 0.0;
  double deps = 0.0;
  for (const auto& t : spa_tables::nutation) {
    double arg = 0.0;
    for (int j = 0; j < 5; ++j) arg += x[j] * t.y[j];
    dpsi += (t.a + t.b * jce) * std::sin(rad(arg));
    deps += (t.c + t.d * jce) * std::cos(rad(arg));
  }
  dpsi /= 36000000.0;
  deps /= 36000000.0;

  // 3.5 True obliquity of the ecliptic (eqs. 24–25), U = JME/10, in arc seconds.
  const double u = jme / 10.0;
  constexpr double kObliquity[] = {84381.448, -4680.93, -1.55, 1999.25, -51.38, -249.67,
                                   -39.05,    7.12,     27.87, 5.79,    2.45};
  double eps0 = 0.0;
  for (int i = 10; i >= 0; --i) eps0 = eps0 * u + kObliquity[i];
  const double eps = eps0 / 3600.0 + deps;

  // 3.6–3.7 Aberration correction and apparent sun longitude (eqs. 26–27).
  const double dtau = -20.4898 / (3600.0 * r_au);
  const double lambda = theta + dpsi + dtau;

  // 3.8 Apparent sidereal time at Greenwich (eqs. 28–29).
  const double nu0 = wrap360(280.46061837 + 360.98564736629 * (jd - 2451545.0) +
                             jc * jc * (0.000387933 - jc / 38710000.0));
  const double nu = nu0 + dpsi * std::cos(rad(eps));

  // 3.9–3.10 Geocentric right ascension and declination (eqs. 30–31).
  const double lr = rad(lambda), er = rad(eps), br = rad(beta);
  const double alpha = wrap360(
      deg(std::atan2(std::sin(lr) * std::cos(er) - std::tan(br) * std::sin(er), std::cos(lr))));
  const double delta =
      deg(std::asin(std::sin(br) * std::cos(er) + std::cos(br) * std::sin(er) * std::sin(lr)));

  // 3.11 Observer local hour angle (eq. 32).
  const double h = wrap360(nu + in.longitude_deg - alpha);

  // 3.12 Topocentric right ascension and declination: parallax of the observer's position on
  // the oblate Earth (eqs. 33–38).
  const double xi = rad(8.794 / (3600.0 * r_au));
  const double phi = rad(in.latitude_deg);
  const double uu = std::atan(0.99664719 * std::tan(phi));
  const double xx = std::cos(uu) + in.elevation_m / 6378140.0 * std::cos(phi);
  const double yy = 0.99664719 * std::sin(uu) + in.elevation_m / 6378140.0 * std::sin(phi);
  const double hr = rad(h), dr = rad(delta);
  const double dalpha = std::atan2(-xx * std::sin(xi) * std::sin(hr),
                                   std::cos(dr) - xx * std::sin(xi) * std::cos(hr));
  const double delta_topo = std::atan2((std::sin(dr) - yy * std::sin(xi)) * std::cos(dalpha),
                                       std::cos(dr) - xx * std::sin(xi) * std::cos(hr));

  // 3.13 Topocentric local hour angle (eq. 39).
  const double h_topo = hr - dalpha;

  // 3.14 Topocentric zenith angle with refraction (eqs. 40–44); no correction below the
  // horizon, where the refraction formula does not apply.
  const double e0 = deg(std::asin(std::sin(phi) * std::sin(delta_topo) +
                                  std::cos(phi) * std::cos(delta_topo) * std::cos(h_topo)));
  double de = 0.0;
  if (e0 >= -1.0 * (kSunRadiusDeg + in.refraction_deg)) {
    de = (in.pressure_hpa / 1010.0) * (283.0 / (273.0 + in.temperature_c)) * 1.02 /
         (60.0 * std::tan(rad(e0 + 10.3 / (e0 + 5.11))));
  }
  const double e = e0 + de;

  // 3.15 Topocentric azimuth, eastward from north (eqs. 45–46).
  const double gamma = deg(std::atan2(
      std::sin(h_topo), std::cos(h_topo) * std::sin(phi) - std::tan(delta_topo) * std::cos(phi)));

  // Equation of time (A.1): the Sun's mean longitude minus its apparent right ascension.
  constexpr double kMeanLongitude[] = {280.4664567,   360007.6982779, 0.03032028,
                                       1.0 / 49931.0, -1.0 / 15300.0, -1.0 / 2000000.0};
  double m = 0.0;
  for (int i = 5; i >= 0; --i) m = m * jme + kMeanLongitude[i];
  m = wrap360(m);
  double eot = 4.0 * (m - 0.0057183 - alpha + dpsi * std::cos(er));
  if (eot < -20.0) eot += 1440.0;
  if (eot > 20.0) eot -= 1440.0;

  SunPosition out;
  out.elevation_deg = e;
  out.zenith_deg = 90.0 - e;
  out.azimuth_deg = wrap360(gamma + 180.0);
  out.declination_deg = deg(delta_topo);
  out.hour_angle_deg = wrap360(deg(h_topo));
  out.equation_of_time_min = eot;
  out.earth_sun_au = r_au;
  return out;
}

}  // namespace twin::solvers::heat
