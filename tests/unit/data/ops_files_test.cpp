// OPS .brn/.rcp reading: the shared sample files, every BRN-VERSION layout built inline,
// OPS's validity rules, garbage input, and the conversion to standard feature tables.
#include "twin/data/ops_files.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <random>
#include <set>
#include <sstream>

#include "test_paths.hpp"
#include "twin/data/error.hpp"
#include "twin/data/standard_names.hpp"

namespace twin::data {
namespace {

std::vector<OpsSource> brn(const std::string& text) {
  std::istringstream in(text);
  return parse_brn(in, "inline.brn");
}

std::vector<OpsReceptor> rcp(const std::string& text) {
  std::istringstream in(text);
  return parse_rcp(in, "inline.rcp");
}

std::filesystem::path sample(const std::string& name) {
  auto p = twin::test::shared_data("ops") / name;
  return p;
}

#define SKIP_WITHOUT(path) \
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "sample data absent: " << (path)

// Runs `f`, expecting Error(code); returns its message.
template <class F>
std::string error_of(F&& f, ErrorCode code) {
  try {
    f();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), code) << e.what();
    return e.what();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "unexpected exception: " << e.what();
    return {};
  }
  ADD_FAILURE() << "no error thrown";
  return {};
}

std::vector<std::string> split(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

// ---------------------------------------------------------------- sample files

TEST(OpsBrnSamples, EindhovenVersion1MatchesFileText) {
  const auto path = sample("Eindhoven_h5m.brn");
  SKIP_WITHOUT(path);
  const auto s = read_brn(path);
  ASSERT_EQ(s.size(), 1u);
  // "   1   155000  385000  .100E+01   .000    5.0   0.0   0.0   0   1    528   0    -"
  EXPECT_EQ(s[0].snr, 1);
  EXPECT_DOUBLE_EQ(s[0].x, 155000);
  EXPECT_DOUBLE_EQ(s[0].y, 385000);
  EXPECT_DOUBLE_EQ(s[0].q_g_per_s, 1.0);
  EXPECT_DOUBLE_EQ(s[0].heat_mw, 0.0);
  EXPECT_DOUBLE_EQ(s[0].height_m, 5.0);
  EXPECT_DOUBLE_EQ(s[0].area_diameter_m, 0.0);
  EXPECT_DOUBLE_EQ(s[0].spread_m, 0.0);
  EXPECT_EQ(s[0].diurnal_variation, 0);
  EXPECT_EQ(s[0].category, 1);
  EXPECT_EQ(s[0].area, 528);
  EXPECT_EQ(s[0].particle_size, 0);
  EXPECT_EQ(s[0].component, "-");
  EXPECT_TRUE(std::isnan(s[0].stack_diameter_m));
  EXPECT_FALSE(s[0].building.present());
}

TEST(OpsBrnSamples, Brn1EveryRowMatchesFileText) {
  const auto path = sample("brn1_v4.brn");
  SKIP_WITHOUT(path);
  const auto s = read_brn(path);
  // Compare each data row with the words of its line, read independently here.
  std::ifstream in(path);
  std::vector<std::vector<std::string>> rows;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line[0] != '!') rows.push_back(split(line));
  }
  ASSERT_EQ(rows.size(), 11u);
  ASSERT_EQ(s.size(), rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& w = rows[i];
    ASSERT_EQ(w.size(), 13u);
    SCOPED_TRACE("row " + std::to_string(i + 1));
    EXPECT_EQ(s[i].snr, std::stoll(w[0]));
    EXPECT_DOUBLE_EQ(s[i].x, std::stod(w[1]));
    EXPECT_DOUBLE_EQ(s[i].y, std::stod(w[2]));
    EXPECT_DOUBLE_EQ(s[i].q_g_per_s, std::stod(w[3]));
    EXPECT_DOUBLE_EQ(s[i].heat_mw, std::stod(w[4]));
    EXPECT_DOUBLE_EQ(s[i].height_m, std::stod(w[5]));
    EXPECT_DOUBLE_EQ(s[i].area_diameter_m, std::stod(w[6]));
    EXPECT_DOUBLE_EQ(s[i].spread_m, std::stod(w[7]));
    EXPECT_EQ(s[i].diurnal_variation, std::stoll(w[8]));
    EXPECT_EQ(s[i].category, std::stoll(w[9]));
    EXPECT_EQ(s[i].area, std::stoll(w[10]));
    EXPECT_EQ(s[i].particle_size, std::stoll(w[11]));
    EXPECT_EQ(s[i].component, w[12]);
  }
  // Spot checks by hand from the file: row 1 and row 10.
  EXPECT_DOUBLE_EQ(s[0].height_m, 40);
  EXPECT_EQ(s[0].category, 3111);
  EXPECT_DOUBLE_EQ(s[9].q_g_per_s, 1.5);
  EXPECT_DOUBLE_EQ(s[9].heat_mw, 0.1);
  EXPECT_EQ(s[9].category, 1200);
  EXPECT_EQ(s[9].area, 999);
}

TEST(OpsBrnSamples, Error5NamesFileLineAndOpsMessage) {
  const auto path = sample("brn_error5.brn");
  SKIP_WITHOUT(path);
  const auto msg = error_of([&] { read_brn(path); }, ErrorCode::parse_error);
  // OPS's own test expects this message for this file (building without D_stack_outer).
  EXPECT_NE(msg.find("brn_error5.brn:3:"), std::string::npos) << msg;
  EXPECT_NE(msg.find("If building is present in BRN version 5, then D_stack_outer must be specified"),
            std::string::npos)
      << msg;
}

TEST(OpsRcpSamples, DeZilkHas540Receptors) {
  const auto path = sample("B9_spokes_DeZilk.rcp");
  SKIP_WITHOUT(path);
  const auto r = read_rcp(path);
  ASSERT_EQ(r.size(), 540u);
  EXPECT_EQ(r[0].id, 1);
  EXPECT_EQ(r[0].name, "recep1");
  EXPECT_DOUBLE_EQ(r[0].x, 95819);
  EXPECT_DOUBLE_EQ(r[0].y, 480337);
  // Last line: 540	"recep540"	138637.3	455587
  EXPECT_EQ(r[539].id, 540);
  EXPECT_EQ(r[539].name, "recep540");
  EXPECT_DOUBLE_EQ(r[539].x, 138637.3);
  EXPECT_DOUBLE_EQ(r[539].y, 455587);
  for (std::size_t i = 0; i < r.size(); ++i) EXPECT_EQ(r[i].id, static_cast<long long>(i + 1));
}

TEST(OpsFiles, MissingFileIsFileNotFound) {
  error_of([] { read_brn("/nonexistent/dir/x.brn"); }, ErrorCode::file_not_found);
  error_of([] { read_rcp("/nonexistent/dir/x.rcp"); }, ErrorCode::file_not_found);
}

// ---------------------------------------------------------------- layouts per version

// BRN-VERSION 0, OPS format (i4, 2f8.0, e10.3, f7.3, f6.1, f7.0, f6.1, 4i4) + component.
std::string fixed_line(const std::string& h_field) {
  const std::string line = std::string("   7") + "  155000" + "  385000" + " 2.500E+00" + "  0.125" + h_field +
                           "     50" + "   2.0" + "  -1" + "3111" + " 528" + "   2" + " NH3";
  return line;
}

TEST(OpsBrnLayouts, Version0FixedWidth) {
  const auto s = brn(fixed_line("  40.0") + "\n");
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].snr, 7);
  EXPECT_DOUBLE_EQ(s[0].x, 155000);
  EXPECT_DOUBLE_EQ(s[0].y, 385000);
  EXPECT_DOUBLE_EQ(s[0].q_g_per_s, 2.5);
  EXPECT_DOUBLE_EQ(s[0].heat_mw, 0.125);
  EXPECT_DOUBLE_EQ(s[0].height_m, 40.0);
  EXPECT_DOUBLE_EQ(s[0].area_diameter_m, 50);
  EXPECT_DOUBLE_EQ(s[0].spread_m, 2.0);
  EXPECT_EQ(s[0].diurnal_variation, -1);
  EXPECT_EQ(s[0].category, 3111);
  EXPECT_EQ(s[0].area, 528);
  EXPECT_EQ(s[0].particle_size, 2);
  EXPECT_EQ(s[0].component, "NH3");
}

TEST(OpsBrnLayouts, Version0ImpliedDecimalPointAsFortran) {
  // f6.1 without a decimal point: the last digit is the fraction, "   400" = 40.0.
  const auto s = brn(fixed_line("   400") + "\n" + "! BRN-VERSION 0 header lines after data are ignored\n");
  ASSERT_EQ(s.size(), 1u);
  EXPECT_DOUBLE_EQ(s[0].height_m, 40.0);
}

TEST(OpsBrnLayouts, Version0HeaderAndShortLineIsBlankPadded) {
  // A short line reads blanks as zeros, so the category becomes 0: outside OPS's 1..9999.
  const auto msg = error_of([] { brn("! BRN-VERSION 0\n   1  155000  385000 1.000E+00\n"); }, ErrorCode::parse_error);
  EXPECT_NE(msg.find("inline.brn:2:"), std::string::npos) << msg;
  EXPECT_NE(msg.find("emission category"), std::string::npos) << msg;
}

struct LayoutCase {
  const char* name;
  std::string text;
  double d_stack, d_outer, v_stack, ts_c, heat;
  bool horizontal;
  double b_length, b_orientation, b_x;
  std::string component;
};

class OpsBrnVersion : public ::testing::TestWithParam<LayoutCase> {};

TEST_P(OpsBrnVersion, FieldsLandWhereTheLayoutSays) {
  const auto& c = GetParam();
  const auto s = brn(c.text);
  ASSERT_EQ(s.size(), 1u);
  const auto& r = s[0];
  EXPECT_EQ(r.snr, 3);
  EXPECT_DOUBLE_EQ(r.x, 150000);
  EXPECT_DOUBLE_EQ(r.y, 400000);
  EXPECT_DOUBLE_EQ(r.q_g_per_s, 0.5);
  EXPECT_DOUBLE_EQ(r.height_m, 12);
  EXPECT_DOUBLE_EQ(r.area_diameter_m, 0);
  EXPECT_DOUBLE_EQ(r.spread_m, 1);
  EXPECT_EQ(r.diurnal_variation, 4);
  EXPECT_EQ(r.category, 4110);
  EXPECT_EQ(r.area, 528);
  EXPECT_EQ(r.particle_size, 1);
  const auto same = [](double expected, double got) { return std::isnan(expected) ? std::isnan(got) : expected == got; };
  EXPECT_TRUE(same(c.heat, r.heat_mw)) << r.heat_mw;
  EXPECT_TRUE(same(c.d_stack, r.stack_diameter_m)) << r.stack_diameter_m;
  EXPECT_TRUE(same(c.d_outer, r.stack_outer_diameter_m)) << r.stack_outer_diameter_m;
  EXPECT_TRUE(same(c.v_stack, r.exit_velocity_ms)) << r.exit_velocity_ms;
  EXPECT_TRUE(same(c.ts_c, r.exit_temperature_c)) << r.exit_temperature_c;
  EXPECT_EQ(c.horizontal, r.horizontal_outflow);
  EXPECT_TRUE(same(c.b_length, r.building.length_m)) << r.building.length_m;
  EXPECT_TRUE(same(c.b_orientation, r.building.orientation_deg)) << r.building.orientation_deg;
  EXPECT_TRUE(same(c.b_x, r.building.x)) << r.building.x;
  EXPECT_EQ(c.component, r.component);
}

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

INSTANTIATE_TEST_SUITE_P(
    OpsLayouts, OpsBrnVersion,
    ::testing::Values(
        // snr x y q hc h d s dv cat area psd [component]
        LayoutCase{"v1", "! BRN-VERSION 1\n! snr x y q hc h d s dv cat area psd\n"
                         "3 150000 400000 0.5 0.2 12 0 1 4 4110 528 1 NH3 stal\n",
                   kNaN, kNaN, kNaN, kNaN, 0.2, false, kNaN, kNaN, kNaN, "NH3 stal"},
        // snr x y q hc h d s D V Ts dv cat area psd; Qw missing, Ts given; V < 0 = horizontal
        LayoutCase{"v2", "! BRN-VERSION 2\n3,150000,400000,0.5,-999,12,0,1,0.8,-6.5,85,4,4110,528,1\n",
                   0.8, kNaN, 6.5, 85, kNaN, true, kNaN, kNaN, kNaN, ""},
        // v4: + building length width height orientation (orientation taken modulo 180)
        LayoutCase{"v4", "! BRN-VERSION 4\n3 150000 400000 0.5 0 12 0 1 0.5 4 -999 4 4110 528 1 30 15 8 200 NOx\n",
                   0.5, kNaN, 4, kNaN, 0.0, false, 30, 20, kNaN, "NOx"},
        // v5: D_stack_outer after D_stack, building x y at the end
        LayoutCase{"v5", "! BRN-VERSION 5\n! header\n\n3\t150000\t400000\t0.5\t0\t12\t0\t1\t0.5\t0.7\t4\t-999\t4\t4110\t"
                         "528\t1\t30\t15\t8\t45\t150010\t400020\n",
                   0.5, 0.7, 4, kNaN, 0.0, false, 30, 45, 150010, ""}),
    [](const auto& p) { return std::string(p.param.name); });

// ---------------------------------------------------------------- errors as OPS flags them

struct BadCase {
  const char* name;
  std::string text;
  std::string line;  // "inline.brn:N:"
  std::string what;  // part of the message
};

class OpsBrnBad : public ::testing::TestWithParam<BadCase> {};

TEST_P(OpsBrnBad, IsParseErrorWithLineAndReason) {
  const auto& c = GetParam();
  const auto msg = error_of([&] { brn(c.text); }, ErrorCode::parse_error);
  EXPECT_NE(msg.find(c.line), std::string::npos) << msg;
  EXPECT_NE(msg.find(c.what), std::string::npos) << msg;
}

const std::string v1 = "! BRN-VERSION 1\n";
const std::string v2 = "! BRN-VERSION 2\n";

INSTANTIATE_TEST_SUITE_P(
    OpsErrors, OpsBrnBad,
    ::testing::Values(
        BadCase{"negative_emission", v1 + "1 150000 400000 -0.5 0 12 0 0 0 1 528 0\n", "inline.brn:2:",
                "<emission strength [g/s]> outside permitted range"},
        BadCase{"negative_height", v1 + "1 150000 400000 0.5 0 12 0 0 0 1 528 0\n1 150000 400000 0.5 0 -3 0 0 0 1 528 0\n",
                "inline.brn:3:", "<emission height [m]> outside permitted range"},
        BadCase{"too_few_fields", v1 + "1 150000 400000 0.5 0 12 0 0 0 1\n", "inline.brn:2:",
                "expected 12 fields for BRN-VERSION 1, found 10"},
        BadCase{"not_a_number", v1 + "1 150000 400000 abc 0 12 0 0 0 1 528 0\n", "inline.brn:2:", "q is not a number"},
        BadCase{"integer_expected", v1 + "1 150000 400000 1 0 12 0 0 0 1.5 528 0\n", "inline.brn:2:",
                "cat is not an integer"},
        BadCase{"category_zero", v1 + "1 150000 400000 1 0 12 0 0 0 0 528 0\n", "inline.brn:2:", "<emission category>"},
        BadCase{"version_6", "! BRN-VERSION 6\n", "inline.brn:1:", "<BRN-version> outside permitted range"},
        BadCase{"version_3", "! BRN-VERSION 3\n", "inline.brn:1:", "no longer supported"},
        BadCase{"no_version_word", "! VERSION 1\n", "inline.brn:1:", "Cannot find BRN-VERSION in first line of header"},
        BadCase{"no_version_number", "! BRN-VERSION one\n", "inline.brn:1:",
                "Error while reading BRN-VERSION version_number"},
        BadCase{"lon_lat", v1 + "1 5.1 52.1 1 0 12 0 0 0 1 528 0\n", "inline.brn:2:", "lon-lat"},
        BadCase{"qw_and_ts", v2 + "1 150000 400000 1 0.1 12 0 0 1 5 80 0 1 528 0\n", "inline.brn:2:",
                "One of heat content (Qw) or temperature effluent gas (Ts_stack_C) must be specified"},
        BadCase{"v_zero_with_qw", v2 + "1 150000 400000 1 0.1 12 0 0 1 0 -999 0 1 528 0\n", "inline.brn:2:",
                "If exit velocity (V_stack) is zero, then heat content (Qw) must be zero also."},
        BadCase{"stack_too_wide", v2 + "1 150000 400000 1 -999 12 0 0 31 5 80 0 1 528 0\n", "inline.brn:2:",
                "<inner diameter stack [m]> outside permitted range"},
        BadCase{"outer_below_inner",
                "! BRN-VERSION 5\n1 155000 385000 1.0 0.0 15.0 0.0 0.0 1.50 1.0 -999 -999 -1 3111 528 2 20 20 10 50 "
                "154990 385020\n",
                "inline.brn:2:", "<outer diameter stack [m]> outside permitted range"},
        BadCase{"v5_building_without_location",
                "! BRN-VERSION 5\n1 155000 385000 1.0 0.0 15.0 0.0 0.0 1.50 2.0 -999 -999 -1 3111 528 2 20 20 10 50 "
                "-999 -999\n",
                "inline.brn:2:", "then building location must be specified"},
        BadCase{"v4_building_without_qw",
                "! BRN-VERSION 4\n1 155000 385000 1.0 -999 15.0 0.0 0.0 1.50 3 80 -1 3111 528 2 20 20 10 50\n",
                "inline.brn:2:", "heat content (Qw) must be zero (cannot be missing)"},
        BadCase{"fixed_width_lon_lat", "   1   5.100  52.100 1.000E+00\n", "inline.brn:1:", "lon-lat"}),
    [](const auto& p) { return std::string(p.param.name); });

// ---------------------------------------------------------------- garbage never crashes

// Parsing returns or throws twin::data::Error; nothing else.
template <class Parse>
void survives(const std::string& text, Parse parse) {
  try {
    parse(text);
  } catch (const Error&) {
  }
}

TEST(OpsGarbage, EmptyAndHeaderOnlyGiveNoRecords) {
  EXPECT_TRUE(brn("").empty());
  EXPECT_TRUE(brn("! BRN-VERSION 5\n").empty());
  EXPECT_TRUE(brn("! BRN-VERSION 1\n! snr x y q\n\n").empty());
  EXPECT_TRUE(rcp("").empty());
  EXPECT_TRUE(rcp("\"nr\" \"name\" \"x\" \"y\"\n").empty());
}

TEST(OpsGarbage, RandomBytesOnlyEverGiveOurError) {
  std::mt19937 rng(1234);
  std::uniform_int_distribution<int> byte(0, 255), len(0, 400);
  for (int i = 0; i < 500; ++i) {
    std::string text(static_cast<std::size_t>(len(rng)), '\0');
    for (auto& c : text) c = static_cast<char>(byte(rng));
    if (i % 3 == 0) text = "! BRN-VERSION " + std::to_string(i % 6) + "\n" + text;
    survives(text, [](const std::string& t) { brn(t); });
    survives(text, [](const std::string& t) { rcp(t); });
  }
}

TEST(OpsGarbage, MutatedValidLinesOnlyEverGiveOurError) {
  // Digits and separators shuffled inside valid records hit the numeric parsers hard.
  const std::string base = "! BRN-VERSION 5\n1 155000 385000 1.0 0.0 15.0 0.0 0.0 1.50 2.0 -999 -999 -1 3111 528 2 20 "
                           "20 10 50 154990 385020\n";
  const std::string chars = "0123456789.-+eEdD ,\t\"'!x\n";
  std::mt19937 rng(99);
  for (int i = 0; i < 2000; ++i) {
    std::string t = base;
    for (int k = 0; k < 4; ++k) t[rng() % t.size()] = chars[rng() % chars.size()];
    survives(t, [](const std::string& s) { brn(s); });
    survives(t, [](const std::string& s) { rcp(s); });
  }
  survives(fixed_line("  1E99999") + "\n", [](const std::string& s) { brn(s); });
}

// ---------------------------------------------------------------- receptors

TEST(OpsRcp, HeaderThenDataAndBadRecordsAfterData) {
  const auto r = rcp("nr name x y\n\n1 'a b' 100.5 200\n2 \"c\" 300 400 1.5\n");
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].name, "a b");
  EXPECT_DOUBLE_EQ(r[0].x, 100.5);
  EXPECT_EQ(r[1].id, 2);
  auto msg = error_of([] { rcp("nr name x y\n1 a 1 2\n2 b x 4\n"); }, ErrorCode::parse_error);
  EXPECT_NE(msg.find("inline.rcp:3:"), std::string::npos) << msg;
  msg = error_of([] { rcp("1 a 1 2\n2 b 3\n"); }, ErrorCode::parse_error);
  EXPECT_NE(msg.find("inline.rcp:2:"), std::string::npos) << msg;
  EXPECT_NE(msg.find("found 3"), std::string::npos) << msg;
}

// ---------------------------------------------------------------- standard tables

TEST(OpsTables, SourcesHaveExactlyTheStandardColumnsAndKgPerYear) {
  const auto s = brn(v1 + "1 150000 400000 1.0 0.2 12 0 1 4 4110 528 1 NH3\n"
                          "2 151000 401000 0.25 0 8 30 2 0 4110 528 1 NOx\n");
  const auto t = ops_sources_to_table(s, "auto");
  const std::set<std::string> expected = {
      std::string(names::source_id),          std::string(names::source_label),
      std::string(names::source_sector),      std::string(names::source_height),
      std::string(names::source_heat),        std::string(names::source_area_diameter),
      std::string(names::source_spread),      std::string(names::source_stack_diameter),
      std::string(names::source_exit_velocity), std::string(names::source_exit_temperature),
      std::string(names::source_diurnal),     std::string(names::source_nh3),
      std::string(names::source_nox)};
  std::set<std::string> got;
  for (const auto& c : t.columns()) got.insert(c.name);
  EXPECT_EQ(got, expected);
  EXPECT_EQ(t.columns().size(), expected.size());
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t.geometry_type(), GeometryType::point);
  EXPECT_EQ(t.geometries()[1].vertices[0], (Point2{151000, 401000}));
  // 1 g/s * 365.25 d * 86400 s/d / 1000 g/kg = 31557.6 kg/yr; 0.25 g/s = 7889.4 kg/yr.
  EXPECT_NEAR(t.doubles(names::source_nh3)[0], 31557.6, 1e-9);
  EXPECT_EQ(t.doubles(names::source_nox)[0], 0.0);
  EXPECT_EQ(t.doubles(names::source_nh3)[1], 0.0);
  EXPECT_NEAR(t.doubles(names::source_nox)[1], 7889.4, 1e-9);
  EXPECT_EQ(t.integers(names::source_sector)[0], 4110);
  EXPECT_EQ(t.integers(names::source_diurnal)[0], 4);
  EXPECT_DOUBLE_EQ(t.doubles(names::source_area_diameter)[1], 30);
  EXPECT_TRUE(std::isnan(t.doubles(names::source_exit_velocity)[0]));
  EXPECT_EQ(t.strings(names::source_label)[1], "NOx");
  EXPECT_EQ(t.column(names::source_nh3).units, "kg yr-1");
}

TEST(OpsTables, SubstanceChoosesTheColumn) {
  const auto s = brn(v1 + "1 150000 400000 2.0 0 12 0 0 0 1 528 0 aerosol\n");
  const auto nox = ops_sources_to_table(s, "nox");
  EXPECT_NEAR(nox.doubles(names::source_nox)[0], 2 * 31557.6, 1e-9);
  EXPECT_EQ(nox.doubles(names::source_nh3)[0], 0.0);
  const auto nh3 = ops_sources_to_table(s, "nh3");
  EXPECT_NEAR(nh3.doubles(names::source_nh3)[0], 2 * 31557.6, 1e-9);
  error_of([&] { ops_sources_to_table(s, "auto"); }, ErrorCode::invalid_value);
  error_of([&] { ops_sources_to_table(s, "so2"); }, ErrorCode::invalid_argument);
}

TEST(OpsTables, Receptors) {
  const auto t = ops_receptors_to_table(rcp("1 r1 10 20\n2 r2 30 40\n"));
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t.columns().size(), 2u);
  EXPECT_EQ(t.integers(names::receptor_id)[1], 2);
  EXPECT_EQ(t.strings(names::receptor_name)[0], "r1");
  EXPECT_EQ(t.geometries()[1].vertices[0], (Point2{30, 40}));
}

}  // namespace
}  // namespace twin::data
