// UTCI polynomial (Bröde et al. 2012) against the reference values and its range handling.
#include "twin/solvers/heat/utci.hpp"

#include "reference_values.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "twin/data/error.hpp"

namespace twin::solvers::heat {
namespace {

constexpr const auto& kReference = reference::utci_cases;

TEST(Utci, ReferenceValues) {
  for (const auto& c : kReference) {
    EXPECT_NEAR(utci(c.ta, c.tmrt, c.v10, c.rh), c.expected, 0.1) << c.ta << " " << c.tmrt;
  }
}

TEST(Utci, NeutralReferenceIsCloseToAirTemperature) {
  // The reference condition (Tmrt = Ta, 0.5 m/s at 10 m, 50 % RH up to 29 °C) maps to
  // about Ta by construction; the fit's residual there is a few tenths.
  for (double ta : {5.0, 15.0, 25.0}) EXPECT_NEAR(utci(ta, ta, 0.5, 50.0), ta, 1.0);
}

TEST(Utci, OutsideTheRangeIsRefusedWithAReason) {
  EXPECT_THROW(utci(25.0, 25.0, 0.2, 50.0), data::Error);
  EXPECT_THROW(utci(55.0, 55.0, 1.0, 50.0), data::Error);
  EXPECT_THROW(utci(20.0, 95.0, 1.0, 50.0), data::Error);
  EXPECT_EQ(utci_range_violation(25.0, 25.0, 0.2, 50.0),
            "wind speed at 10 m outside 0.5 .. 17 m/s");
  EXPECT_TRUE(utci_range_violation(25.0, 27.0, 1.0, 50.0).empty());
  // The unchecked polynomial still evaluates (for plots of the fit).
  EXPECT_TRUE(std::isfinite(utci_unchecked(25.0, 25.0, 0.2, 50.0)));
}

TEST(Utci, StressCategories) {
  EXPECT_EQ(utci_stress_category(20.0), "no thermal stress");
  EXPECT_EQ(utci_stress_category(30.0), "moderate heat stress");
  EXPECT_EQ(utci_stress_category(40.0), "very strong heat stress");
  EXPECT_EQ(utci_stress_category(-45.0), "extreme cold stress");
}

}  // namespace
}  // namespace twin::solvers::heat
