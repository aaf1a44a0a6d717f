// NREL SPA against the test point of Reda & Andreas (2004), table A5.1, and input checks.
#include "twin/solvers/heat/sun_position.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "reference_values.hpp"
#include "twin/data/error.hpp"

namespace twin::solvers::heat {
namespace {

using reference::spa_test_point;

struct Expected {
  const char* quantity;
  double SunPosition::*field;
  double value;
  double tolerance;
};

TEST(SunPosition, NrelTestPoint) {
  const SunPosition p = sun_position(spa_test_point());
  // Published figures of table A5.1 (topocentric values).
  const Expected cases[] = {
      {"zenith", &SunPosition::zenith_deg, 50.11162, 0.01},
      {"azimuth", &SunPosition::azimuth_deg, 194.34024, 0.01},
      {"zenith, full precision", &SunPosition::zenith_deg, 50.11162, 1e-4},
      {"azimuth, full precision", &SunPosition::azimuth_deg, 194.34024, 1e-4},
      {"topocentric declination", &SunPosition::declination_deg, -9.316179, 1e-4},
      {"topocentric hour angle", &SunPosition::hour_angle_deg, 11.10629, 1e-4},
      {"Earth radius vector", &SunPosition::earth_sun_au, 0.9965422974, 1e-8},
  };
  for (const auto& c : cases) {
    EXPECT_NEAR(p.*(c.field), c.value, c.tolerance) << c.quantity;
  }
  EXPECT_NEAR(p.elevation_deg, 90.0 - p.zenith_deg, 1e-12);
}

TEST(SunPosition, JulianDayOfTestPoint) {
  EXPECT_NEAR(julian_day(2003, 10, 17, 12, 30, 30.0, -7.0), 2452930.312847, 1e-6);
  // Meeus (1998) example 7.a: 1957-10-04 19:26:24 UT.
  EXPECT_NEAR(julian_day(1957, 10, 4, 19, 26, 24.0, 0.0), 2436116.31, 1e-6);
  // J2000.0 epoch, 2000-01-01 12:00 UT.
  EXPECT_NEAR(julian_day(2000, 1, 1, 12, 0, 0.0, 0.0), 2451545.0, 1e-9);
}

TEST(SunPosition, SolarNoonInTheNetherlandsIsSouthAndHighInSummer) {
  SpaInput in;
  in.year = 2020;
  in.month = 6;
  in.day = 21;
  in.hour = 13;  // CEST, close to solar noon at 5.2° E
  in.minute = 40;
  in.timezone_h = 2.0;
  in.latitude_deg = 52.1;
  in.longitude_deg = 5.18;
  const SunPosition p = sun_position(in);
  // Noon altitude ≈ 90 − 52.1 + 23.44 ≈ 61.3° plus refraction.
  EXPECT_NEAR(p.elevation_deg, 61.4, 0.3);
  EXPECT_NEAR(p.azimuth_deg, 180.0, 3.0);
}

TEST(SunPosition, RefusesInputsOutsideTheAlgorithmsRange) {
  const auto bad = [](auto edit) {
    SpaInput in = spa_test_point();
    edit(in);
    EXPECT_THROW(sun_position(in), data::Error);
  };
  bad([](SpaInput& in) { in.year = 7000; });
  bad([](SpaInput& in) { in.month = 13; });
  bad([](SpaInput& in) { in.latitude_deg = 91.0; });
  bad([](SpaInput& in) { in.longitude_deg = -181.0; });
  bad([](SpaInput& in) { in.timezone_h = 19.0; });
  bad([](SpaInput& in) { in.second = 60.0; });
  bad([](SpaInput& in) { in.hour = 24; });  // the test point has 30 min 30 s
  bad([](SpaInput& in) { in.refraction_deg = 6.0; });
}

}  // namespace
}  // namespace twin::solvers::heat
