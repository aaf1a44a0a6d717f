#include "twin/solvers/nitrogen/climatology.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <numeric>
#include <string>

#include "twin/data/error.hpp"
#include "twin/solvers/nitrogen/plume_rise.hpp"

namespace n = twin::solvers::nitrogen;
using n::StabilityClass;
using twin::data::ErrorCode;

namespace {

const n::Climatology& default_table() {
  static const n::Climatology clim = n::read_climatology(n::default_climatology_path());
  return clim;
}

nlohmann::json default_json() {
  std::ifstream in(n::default_climatology_path());
  return nlohmann::json::parse(in);
}

// Hour-weighted mean of a field over the sectors of one class.
double class_mean(StabilityClass cls, double n::ClimateCell::*field) {
  double sum = 0, f = 0;
  for (int s = 0; s < n::wind_sectors; ++s) {
    const auto& c = default_table().at(s, cls);
    sum += c.frequency * (c.*field);
    f += c.frequency;
  }
  return sum / f;
}

constexpr StabilityClass all_classes[] = {StabilityClass::U1, StabilityClass::U2,
                                          StabilityClass::N1, StabilityClass::N2,
                                          StabilityClass::S1, StabilityClass::S2};

TEST(NitrogenClimatology, DefaultFileLoads) {
  const auto& clim = default_table();
  EXPECT_EQ(clim.total_hours, 8756);  // 2005, as in the OPS file header
  EXPECT_EQ(clim.roughness_length, 0.29);
  // First cell, checked by hand against OPS's astat.data (north sector, U1, distance class 1).
  const auto& c = clim.at(0, StabilityClass::U1);
  EXPECT_EQ(c.hours, 62);
  EXPECT_EQ(c.wind_speed_10m, 2.1);
  EXPECT_EQ(c.mixing_height, 259);
  EXPECT_EQ(c.friction_velocity, 0.272);
  EXPECT_EQ(c.obukhov_length, -41);
}

TEST(NitrogenClimatology, FrequenciesSumToOne) {
  const auto& clim = default_table();
  double f = 0, hours = 0;
  for (int s = 0; s < n::wind_sectors; ++s) {
    f += clim.sector_frequency(s);
    for (auto cls : all_classes) hours += clim.at(s, cls).hours;
  }
  EXPECT_NEAR(f, 1.0, 1e-5);
  EXPECT_EQ(hours, clim.total_hours);
}

TEST(NitrogenClimatology, PrevailingSouthWestWinds) {
  const auto& clim = default_table();
  std::array<int, n::wind_sectors> order{};
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](int a, int b) { return clim.sector_frequency(a) > clim.sector_frequency(b); });
  // Sectors centred on 210 (SSW-SW) and 240 degrees (WSW) lead, as the Dutch wind rose does;
  // ESE (120 degrees) is the rarest.
  EXPECT_EQ(order[0], 7);
  EXPECT_EQ(order[1], 8);
  EXPECT_EQ(order[11], 4);
  EXPECT_NEAR(clim.sector_frequency(7), 0.1608, 1e-4);
  EXPECT_NEAR(clim.sector_frequency(8), 0.1344, 1e-4);
  EXPECT_NEAR(clim.sector_frequency(4), 0.0458, 1e-4);
  // 195-285 degrees: 40 % of the year.
  EXPECT_NEAR(clim.sector_frequency(7) + clim.sector_frequency(8) + clim.sector_frequency(9),
              0.4046, 1e-4);
}

TEST(NitrogenClimatology, WindSpeedOfAnInlandRegion) {
  // Measured: 2.99 m/s at 10 m, hour-weighted. Lower than coastal stations (5-6 m/s): region 5
  // is the inland centre of the country with z0 = 0.29 m.
  EXPECT_NEAR(default_table().mean_wind_speed_10m(), 2.99, 0.01);
  // Stable nights are calm, the windy neutral class N2 is windiest.
  EXPECT_NEAR(class_mean(StabilityClass::S1, &n::ClimateCell::wind_speed_10m), 1.07, 0.01);
  EXPECT_NEAR(class_mean(StabilityClass::N2, &n::ClimateCell::wind_speed_10m), 5.95, 0.01);
}

TEST(NitrogenClimatology, ClassFrequencies) {
  // OPS's classes combine stability and mixing height; in this year U2 (unstable, deep mixed
  // layer) is the most frequent single class, and the two neutral classes together hold 30 %.
  const auto& clim = default_table();
  const double expected[] = {0.1014, 0.2331, 0.1697, 0.1326, 0.1655, 0.1977};
  for (auto cls : all_classes) {
    EXPECT_NEAR(clim.class_frequency(cls), expected[static_cast<int>(cls)], 1e-4)
        << static_cast<int>(cls);
  }
}

TEST(NitrogenClimatology, StabilityAndMixingHeight) {
  const auto& clim = default_table();
  // The sign and size of L agree with the class names and with OPS's own stability test used
  // by plume rise (stable when 0 < L <= 50 m): U classes unstable, N classes near neutral,
  // S classes stable, in every sector.
  for (int s = 0; s < n::wind_sectors; ++s) {
    for (auto cls : {StabilityClass::U1, StabilityClass::U2})
      EXPECT_LT(clim.at(s, cls).obukhov_length, 0);
    for (auto cls : {StabilityClass::N1, StabilityClass::N2}) {
      EXPECT_GT(clim.at(s, cls).obukhov_length, 150);
      EXPECT_TRUE(n::non_stable(clim.at(s, cls).obukhov_length));
    }
    for (auto cls : {StabilityClass::S1, StabilityClass::S2}) {
      EXPECT_GT(clim.at(s, cls).obukhov_length, 0);
      EXPECT_FALSE(n::non_stable(clim.at(s, cls).obukhov_length));
    }
  }
  // Hour-weighted mixing heights [m]: 230, 891, 285, 527, 40, 145. Stable classes are lowest.
  const double zi[] = {230, 891, 285, 527, 40, 145};
  for (auto cls : all_classes) {
    EXPECT_NEAR(class_mean(cls, &n::ClimateCell::mixing_height), zi[static_cast<int>(cls)], 1)
        << static_cast<int>(cls);
  }
  for (auto stable : {StabilityClass::S1, StabilityClass::S2}) {
    for (auto other :
         {StabilityClass::U1, StabilityClass::U2, StabilityClass::N1, StabilityClass::N2}) {
      EXPECT_LT(class_mean(stable, &n::ClimateCell::mixing_height),
                class_mean(other, &n::ClimateCell::mixing_height));
    }
  }
}

TEST(NitrogenClimatology, AnnualWeather) {
  // Cross-checks of fields we did not use above: 774 mm of rain and 10.5 degC in 2005, close to
  // the Dutch annual normals of roughly 800-850 mm and 10 degC; a wrong digit would show here.
  const auto& clim = default_table();
  double rain = 0, temperature = 0;
  for (int s = 0; s < n::wind_sectors; ++s) {
    for (auto cls : all_classes) {
      const auto& c = clim.at(s, cls);
      rain += c.hours * c.precipitation_probability * c.rain_intensity;
      temperature += c.frequency * c.temperature;
    }
  }
  EXPECT_NEAR(rain, 774.5, 0.5);
  EXPECT_NEAR(temperature, 10.48, 0.01);
}

struct BadCase {
  const char* name;
  std::function<void(nlohmann::json&)> edit;
  ErrorCode code;
  const char* message;  // a part of the expected message
};

TEST(NitrogenClimatology, MalformedTablesAreRefused) {
  const BadCase cases[] = {
      {"not an object", [](nlohmann::json& j) { j = nlohmann::json::array(); },
       ErrorCode::parse_error, "top level is not an object"},
      {"no header", [](nlohmann::json& j) { j.erase("header"); }, ErrorCode::parse_error,
       "no 'header'"},
      {"no total hours", [](nlohmann::json& j) { j["header"].erase("total_hours"); },
       ErrorCode::parse_error, "header has no 'total_hours'"},
      {"zero total hours", [](nlohmann::json& j) { j["header"]["total_hours"] = 0; },
       ErrorCode::invalid_value, "total_hours must be positive"},
      {"11 sectors", [](nlohmann::json& j) { j["cells"].erase(11); }, ErrorCode::parse_error,
       "12 wind sectors"},
      {"5 classes", [](nlohmann::json& j) { j["cells"][3].erase(5); }, ErrorCode::parse_error,
       "cells[3] must be an array of 6"},
      {"missing field", [](nlohmann::json& j) { j["cells"][2][1].erase("mixing_height"); },
       ErrorCode::parse_error, "cells[2][1] has no 'mixing_height'"},
      {"text for a number", [](nlohmann::json& j) { j["cells"][5][0]["wind_speed_10m"] = "3.1"; },
       ErrorCode::parse_error, "cells[5][0].wind_speed_10m is not a number"},
      {"negative frequency", [](nlohmann::json& j) { j["cells"][4][4]["frequency"] = -0.01; },
       ErrorCode::invalid_value, "cells[4][4].frequency = -0.01 is outside"},
      {"negative wind speed", [](nlohmann::json& j) { j["cells"][7][2]["wind_speed_10m"] = -2.0; },
       ErrorCode::invalid_value, "cells[7][2].wind_speed_10m = -2 is outside"},
      {"frequency against hours",
       [](nlohmann::json& j) {
         j["cells"][1][1]["frequency"] = j["cells"][1][1]["frequency"].get<double>() + 0.01;
       },
       ErrorCode::invalid_value, "cells[1][1].frequency"},
      {"frequencies not summing to 1",
       [](nlohmann::json& j) {
         auto& c = j["cells"][0][0];
         c["hours"] = c["hours"].get<double>() + 100;
         c["frequency"] = c["hours"].get<double>() / 8756.0;
       },
       ErrorCode::invalid_value, "frequencies sum to"},
      {"calm occurring class", [](nlohmann::json& j) { j["cells"][9][3]["mixing_height"] = 0; },
       ErrorCode::invalid_value, "cells[9][3]: an occurring class needs"},
      {"probability above 1",
       [](nlohmann::json& j) { j["cells"][6][5]["precipitation_probability"] = 1.5; },
       ErrorCode::invalid_value, "cells[6][5].precipitation_probability"},
  };
  for (const auto& bad : cases) {
    auto doc = default_json();
    bad.edit(doc);
    try {
      n::parse_climatology(doc, "test.json");
      ADD_FAILURE() << bad.name << ": accepted";
    } catch (const twin::data::Error& e) {
      EXPECT_EQ(e.code(), bad.code) << bad.name << ": " << e.what();
      EXPECT_NE(std::string(e.what()).find(bad.message), std::string::npos)
          << bad.name << ": " << e.what();
      EXPECT_EQ(std::string(e.what()).rfind("test.json: ", 0), 0u) << bad.name << ": " << e.what();
    }
  }
}

TEST(NitrogenClimatology, UnreadableFiles) {
  const auto dir = std::filesystem::temp_directory_path() / "twin_climatology_test";
  std::filesystem::create_directories(dir);
  try {
    n::read_climatology(dir / "missing.json");
    ADD_FAILURE() << "missing file accepted";
  } catch (const twin::data::Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::file_not_found) << e.what();
  }
  const auto broken = dir / "broken.json";
  std::ofstream(broken) << "{\"header\": {";
  try {
    n::read_climatology(broken);
    ADD_FAILURE() << "broken JSON accepted";
  } catch (const twin::data::Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::parse_error) << e.what();
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
