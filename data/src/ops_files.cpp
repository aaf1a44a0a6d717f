// OPS emission (.brn) and receptor (.rcp) files. Formats and validity rules follow the RIVM
// OPS user manual and the public OPS source (rivm-syso/OPS: m_ops_emis.f90, m_ops_gen_rcp.f90);
// the code is our own. Where OPS only warns and clamps (old files, BRN-VERSION 0 and 1) we
// reject the line instead: a silently changed emission is worse than a clear error here.
#include "twin/data/ops_files.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <optional>
#include <sstream>
#include <string_view>

#include "twin/data/error.hpp"
#include "twin/data/standard_names.hpp"
#include "text_fields.hpp"

namespace twin::data {
namespace {

constexpr double kMissing = -999.0;    // OPS's "not given" marker for optional parameters
constexpr double kEpsDelta = 1.0e-4;   // OPS compares ranges with this slack
constexpr double kSecondsPerYear = 365.25 * 86400.0;

bool is_missing(double v) { return std::abs(v - kMissing) < 1.0e-3; }
double or_nan(double v) { return is_missing(v) ? std::numeric_limits<double>::quiet_NaN() : v; }

// Where we are, so every message can say "FILE:LINE: what".
struct Where {
  const std::string& file;
  long line = 0;
  [[noreturn]] void fail(const std::string& what) const {
    throw Error(ErrorCode::parse_error, file + ":" + std::to_string(line) + ": " + what);
  }
};

using detail::shown;
using detail::trim;

std::optional<double> number(std::string_view s) {
  std::string t(s);
  if (!t.empty() && t[0] == '+') t.erase(0, 1);
  // Fortran writes double-precision exponents with D.
  std::replace_if(t.begin(), t.end(), [](char c) { return c == 'd' || c == 'D'; }, 'E');
  double v = 0;
  auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec != std::errc() || end != t.data() + t.size() || t.empty() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::optional<long long> integer(std::string_view s) {
  if (!s.empty() && s[0] == '+') s.remove_prefix(1);
  long long v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

double real_field(std::string_view token, const char* name, const Where& at) {
  auto v = number(token);
  if (!v) at.fail(std::string(name) + " is not a number: " + shown(token));
  return *v;
}

long long int_field(std::string_view token, const char* name, const Where& at) {
  auto v = integer(token);
  if (!v) at.fail(std::string(name) + " is not an integer: " + shown(token));
  return *v;
}

// Free-format words as Fortran list-directed input sees them: separated by blanks, tabs or
// commas; a quoted word may contain blanks.
std::vector<std::string> words(std::string_view line) {
  std::vector<std::string> out;
  std::size_t i = 0;
  const auto sep = [](char c) { return c == ',' || std::isspace(static_cast<unsigned char>(c)); };
  while (i < line.size()) {
    if (sep(line[i])) { ++i; continue; }
    if (line[i] == '"' || line[i] == '\'') {
      const char q = line[i];
      const auto close = line.find(q, i + 1);
      const auto stop = close == std::string_view::npos ? line.size() : close;
      out.emplace_back(line.substr(i + 1, stop - i - 1));
      i = stop + 1;
      continue;
    }
    const auto start = i;
    while (i < line.size() && !sep(line[i])) ++i;
    out.emplace_back(line.substr(start, i - start));
  }
  return out;
}

// ---------------------------------------------------------------- BRN-VERSION header

// Version from the first line, or nullopt when the first line is already data (version 0).
std::optional<int> header_version(std::string_view first, const Where& at) {
  if (first.empty() || first[0] != '!') return std::nullopt;
  const auto w = words(first.substr(1));
  // Same wording and order of checks as OPS, so users can look the message up.
  if (w.size() < 2 || !integer(w[1])) at.fail("Error while reading BRN-VERSION version_number in first line of header");
  if (w[0] != "BRN-VERSION") at.fail("Cannot find BRN-VERSION in first line of header");
  const long long v = *integer(w[1]);
  if (v < 0 || v > 5) at.fail("<BRN-version> outside permitted range (0 - 5): " + std::to_string(v));
  // OPS dropped version 3 (building type codes); its readers reject such files.
  if (v == 3) at.fail("BRN-VERSION 3 (building type) is no longer supported by OPS; use version 4 or 5");
  return static_cast<int>(v);
}

// ---------------------------------------------------------------- raw records

// The numbers of one record in OPS's order, before validation.
struct RawRecord {
  long long snr = 0, dv = 0, cat = 0, area = 0, psd = 0;
  double x = 0, y = 0, q = 0, hc = 0, h = 0, d = 0, s = 0;
  double d_stack = kMissing, d_stack_outer = kMissing, v_stack = kMissing, ts_stack_c = kMissing;
  std::array<double, 6> building{kMissing, kMissing, kMissing, kMissing, kMissing, kMissing};
  std::string component;
};

// One Fortran Fw.d / Ew.d field: blanks are ignored, an all-blank field is zero, and without
// a decimal point the last d digits are the fraction (Fortran's implied decimal point).
double fortran_real(std::string_view field, int decimals, const char* name, const Where& at) {
  std::string t;
  for (char c : field) if (c != ' ') t += c;
  if (t.empty()) return 0.0;
  if (t.find('.') != std::string::npos) return real_field(t, name, at);
  const auto epos = t.find_first_of("eEdD");
  const auto mantissa = integer(t.substr(0, epos));
  const auto exponent = epos == std::string::npos ? std::optional<long long>(0) : integer(t.substr(epos + 1));
  if (!mantissa || !exponent || std::abs(*exponent) > 300) at.fail(std::string(name) + " is not a number: " + shown(field));
  return static_cast<double>(*mantissa) * std::pow(10.0, static_cast<double>(*exponent - decimals));
}

long long fortran_int(std::string_view field, const char* name, const Where& at) {
  std::string t;
  for (char c : field) if (c != ' ') t += c;
  return t.empty() ? 0 : int_field(t, name, at);
}

// BRN-VERSION 0: OPS format (i4, 2f8.0, e10.3, f7.3, f6.1, f7.0, f6.1, 4i4); columns 73+
// hold the component name. Short lines are blank-padded, as Fortran does.
RawRecord parse_fixed(std::string_view line, const Where& at) {
  if (line.size() > 8 && line[8] == '.') {
    at.fail("geographic (lon-lat) coordinates are not supported; give RD New metres (EPSG:28992)");
  }
  std::string padded(line);
  if (padded.size() < 72) padded.resize(72, ' ');
  std::string_view p(padded);
  RawRecord r;
  r.snr = fortran_int(p.substr(0, 4), "snr", at);
  r.x = fortran_real(p.substr(4, 8), 0, "x", at);
  r.y = fortran_real(p.substr(12, 8), 0, "y", at);
  r.q = fortran_real(p.substr(20, 10), 3, "q", at);
  r.hc = fortran_real(p.substr(30, 7), 3, "hc", at);
  r.h = fortran_real(p.substr(37, 6), 1, "h", at);
  r.d = fortran_real(p.substr(43, 7), 0, "d", at);
  r.s = fortran_real(p.substr(50, 6), 1, "s", at);
  r.dv = fortran_int(p.substr(56, 4), "dv", at);
  r.cat = fortran_int(p.substr(60, 4), "cat", at);
  r.area = fortran_int(p.substr(64, 4), "area", at);
  r.psd = fortran_int(p.substr(68, 4), "psd", at);
  r.component = std::string(trim(p.substr(72)));
  return r;
}

// Number of leading numeric fields per free-format version (OPS's list-directed READs).
std::size_t field_count(int version) {
  switch (version) {
    case 1: return 12;  // snr x y q hc h d s dv cat area psd
    case 2: return 15;  // + D_stack V_stack Ts_stack after s
    case 4: return 19;  // + building length width height orientation
    default: return 22; // 5: + D_stack_outer after D_stack, building x y
  }
}

RawRecord parse_free(std::string_view line, int version, const Where& at) {
  const auto w = words(line);
  const auto need = field_count(version);
  if (w.size() < need) {
    at.fail("expected " + std::to_string(need) + " fields for BRN-VERSION " + std::to_string(version) + ", found " +
            std::to_string(w.size()));
  }
  RawRecord r;
  std::size_t i = 0;
  const auto real = [&](const char* name) { return real_field(w[i++], name, at); };
  const auto whole = [&](const char* name) { return int_field(w[i++], name, at); };
  r.snr = whole("snr");
  r.x = real("x");
  r.y = real("y");
  r.q = real("q");
  r.hc = real("hc");
  r.h = real("h");
  r.d = real("d");
  r.s = real("s");
  if (version >= 2) {
    r.d_stack = real("D_stack");
    if (version >= 5) r.d_stack_outer = real("D_stack_outer");
    r.v_stack = real("V_stack");
    r.ts_stack_c = real("Ts_stack");
  }
  r.dv = whole("dv");
  r.cat = whole("cat");
  r.area = whole("area");
  r.psd = whole("psd");
  const std::size_t building_fields = version == 4 ? 4 : version == 5 ? 6 : 0;
  static const char* const labels[] = {"building length", "building width", "building height",
                                      "building orientation", "building x", "building y"};
  for (std::size_t b = 0; b < building_fields; ++b) r.building[b] = real(labels[b]);
  // Anything after the numbers is the component name or a comment; OPS ignores it.
  std::string rest;
  for (; i < w.size(); ++i) rest += (rest.empty() ? "" : " ") + w[i];
  r.component = rest;
  return r;
}

// ---------------------------------------------------------------- validation (OPS's ranges)

void check_range(double v, double lo, double hi, const char* name, const Where& at) {
  if (v < lo - kEpsDelta || v > hi + kEpsDelta) {
    std::ostringstream m;
    m << name << " outside permitted range (" << lo << " - " << hi << "): " << v;
    at.fail(m.str());
  }
}

void check_basic(const RawRecord& r, const Where& at) {
  if (std::abs(r.y) < 90.0) {
    at.fail("geographic (lon-lat) coordinates are not supported; give RD New metres (EPSG:28992)");
  }
  check_range(r.q, 0, 99999, "<emission strength [g/s]>", at);
  if (!is_missing(r.hc)) check_range(r.hc, 0, 999, "<heat content [MW]>", at);
  check_range(r.h, 0, 5000, "<emission height [m]>", at);
  check_range(r.d, -999999, 999999, "<diameter area source [m]>", at);
  check_range(r.s, 0, 5000, "<deviation emission height [m]>", at);
  check_range(static_cast<double>(r.dv), -999, 999, "<diurnal variation code>", at);
  check_range(static_cast<double>(r.cat), 1, 9999, "<emission category>", at);
  check_range(static_cast<double>(r.area), 1, 9999, "<country/area code>", at);
  // The particle-size code is checked by OPS against the distributions it loads; not here.
}

void check_stack(const RawRecord& r, const Where& at) {
  if (is_missing(r.ts_stack_c) == is_missing(r.hc)) {
    at.fail("One of heat content (Qw) or temperature effluent gas (Ts_stack_C) must be specified, other must be -999.");
  }
  if (!is_missing(r.d_stack_outer) && is_missing(r.d_stack)) at.fail("D_stack is required to use D_stack_outer");
  const double v = std::abs(r.v_stack);  // negative = horizontal outflow
  if (!is_missing(r.d_stack)) check_range(r.d_stack, 0.01, 30.0, "<inner diameter stack [m]>", at);
  if (!is_missing(r.d_stack_outer)) check_range(r.d_stack_outer, r.d_stack, 30.0, "<outer diameter stack [m]>", at);
  if (!is_missing(r.v_stack)) check_range(v, 0.0, 50.0, "<exit velocity [m/s]>", at);
  if (!is_missing(r.ts_stack_c)) check_range(r.ts_stack_c, 0.0, 2000.0, "<temperature effluent gas [C]>", at);
  if (!is_missing(r.v_stack) && v < kEpsDelta && r.hc > kEpsDelta) {
    at.fail("If exit velocity (V_stack) is zero, then heat content (Qw) must be zero also.");
  }
}

void check_building(const RawRecord& r, int version, const Where& at) {
  const auto& b = r.building;
  if (is_missing(b[0]) || is_missing(b[1]) || is_missing(b[2]) || is_missing(b[3])) return;  // no building
  if (version < 5 && is_missing(r.hc)) {
    at.fail("If building is present, then heat content (Qw) must be zero (cannot be missing).");
  }
  if (version == 5 && (is_missing(b[4]) || is_missing(b[5]))) {
    at.fail("If building is present in BRN version 5, then building location must be specified");
  }
  if (version == 5 && is_missing(r.d_stack_outer)) {
    at.fail("If building is present in BRN version 5, then D_stack_outer must be specified");
  }
  // OPS only warns when dimensions fall outside its building-effect table; so do we not fail.
}

OpsSource to_source(const RawRecord& r) {
  OpsSource s;
  s.snr = r.snr;
  s.x = r.x;
  s.y = r.y;
  s.q_g_per_s = r.q;
  s.heat_mw = or_nan(r.hc);
  s.height_m = r.h;
  s.area_diameter_m = r.d;
  s.spread_m = r.s;
  s.stack_diameter_m = or_nan(r.d_stack);
  s.stack_outer_diameter_m = or_nan(r.d_stack_outer);
  s.horizontal_outflow = !is_missing(r.v_stack) && r.v_stack < 0;
  s.exit_velocity_ms = is_missing(r.v_stack) ? or_nan(r.v_stack) : std::abs(r.v_stack);
  s.exit_temperature_c = or_nan(r.ts_stack_c);
  auto& b = s.building;
  b.length_m = or_nan(r.building[0]);
  b.width_m = or_nan(r.building[1]);
  b.height_m = or_nan(r.building[2]);
  b.orientation_deg = is_missing(r.building[3]) ? or_nan(r.building[3]) : std::fmod(std::fmod(r.building[3], 180.0) + 180.0, 180.0);
  b.x = or_nan(r.building[4]);
  b.y = or_nan(r.building[5]);
  s.diurnal_variation = r.dv;
  s.category = r.cat;
  s.area = r.area;
  s.particle_size = r.psd;
  s.component = r.component;
  return s;
}

OpsSource parse_record(std::string_view line, int version, const Where& at) {
  RawRecord r = version == 0 ? parse_fixed(line, at) : parse_free(line, version, at);
  check_basic(r, at);
  if (version >= 2) check_stack(r, at);
  if (version >= 4) check_building(r, version, at);
  return to_source(r);
}

bool blank(std::string_view line) { return trim(line).empty(); }

bool next_line(std::istream& in, std::string& line, long& number) {
  if (!std::getline(in, line)) return false;
  ++number;
  if (!line.empty() && line.back() == '\r') line.pop_back();  // files written on Windows
  return true;
}

std::ifstream open_input(const std::filesystem::path& file, const char* what) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) {
    throw Error(ErrorCode::file_not_found, std::string(what) + " not found: " + file.string());
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error(ErrorCode::file_not_found, std::string("cannot open ") + what + ": " + file.string());
  return in;
}

// ---------------------------------------------------------------- receptors

struct RcpState {
  bool in_data = false;  // OPS: header lines are those before the first line that reads as data
};

std::optional<OpsReceptor> receptor_from(const std::vector<std::string>& w) {
  const auto id = integer(w[0]);
  const auto x = number(w[2]);
  const auto y = number(w[3]);
  if (!id || !x || !y) return std::nullopt;
  if (w.size() > 4) {
    // Extra numbers (height, z0, land-use percentages) must at least be numbers.
    for (std::size_t i = 4; i < w.size(); ++i) if (!number(w[i])) return std::nullopt;
  }
  return OpsReceptor{*id, w[1], *x, *y};
}

std::optional<OpsReceptor> parse_rcp_line(std::string_view line, RcpState& state, const Where& at) {
  const auto w = words(line);
  // OPS reads 4 words (nr name x y), 5 with a receptor height, 15/16 with z0 and land use.
  if (w.size() != 4 && w.size() != 5 && w.size() != 15 && w.size() != 16) {
    at.fail("expected 4 words (nr name x y), or 5, 15 or 16 with height/land use; found " + std::to_string(w.size()));
  }
  auto r = receptor_from(w);
  if (!r && state.in_data) at.fail("incorrect data format in receptor record (nr name x y): " + shown(line));
  if (r) state.in_data = true;
  return r;
}

Column int_column(std::string_view name, std::vector<std::int64_t> v) { return {std::string(name), "", std::move(v)}; }
Column real_column(std::string_view name, std::string units, std::vector<double> v) {
  return {std::string(name), std::move(units), std::move(v)};
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// True when the source's emission goes into the NH3 column.
bool is_nh3(const OpsSource& s, const std::string& substance) {
  if (substance == "nh3") return true;
  if (substance == "nox") return false;
  const auto c = lower(std::string(trim(s.component)));
  if (c == "nh3") return true;
  if (c == "nox" || c == "no2") return false;
  throw Error(ErrorCode::invalid_value, "OPS source " + std::to_string(s.snr) + ": component '" + s.component +
                                            "' is neither NH3 nor NOx/NO2");
}

}  // namespace

std::vector<OpsSource> parse_brn(std::istream& in, const std::string& file_name) {
  std::vector<OpsSource> out;
  Where at{file_name};
  std::string line;
  if (!next_line(in, line, at.line)) return out;
  const auto version = header_version(line, at);
  if (!version && !blank(line)) out.push_back(parse_record(line, 0, at));
  const int v = version.value_or(0);
  while (next_line(in, line, at.line)) {
    // Further header lines start with '!'; blank lines carry nothing.
    if (blank(line) || line[0] == '!') continue;
    out.push_back(parse_record(line, v, at));
  }
  return out;
}

std::vector<OpsSource> read_brn(const std::filesystem::path& file) {
  auto in = open_input(file, "OPS emission file");
  return parse_brn(in, file.string());
}

std::vector<OpsReceptor> parse_rcp(std::istream& in, const std::string& file_name) {
  std::vector<OpsReceptor> out;
  Where at{file_name};
  RcpState state;
  std::string line;
  while (next_line(in, line, at.line)) {
    if (blank(line)) continue;  // OPS skips empty lines
    if (auto r = parse_rcp_line(line, state, at)) out.push_back(std::move(*r));
  }
  return out;
}

std::vector<OpsReceptor> read_rcp(const std::filesystem::path& file) {
  auto in = open_input(file, "OPS receptor file");
  return parse_rcp(in, file.string());
}

FeatureTable ops_sources_to_table(const std::vector<OpsSource>& sources, const std::string& substance) {
  if (substance != "nh3" && substance != "nox" && substance != "auto") {
    throw Error(ErrorCode::invalid_argument, "substance must be nh3, nox or auto, not '" + substance + "'");
  }
  FeatureTable t(GeometryType::point, "nitrogen sources from an OPS emission file");
  std::vector<std::int64_t> id, sector, diurnal;
  std::vector<std::string> label;
  std::vector<double> h, hc, d, s, ds, vs, ts, nh3, nox;
  for (const auto& src : sources) {
    t.geometries().push_back(Geometry{{Point2{src.x, src.y}}, {0}});
    id.push_back(src.snr);
    label.push_back(src.component);
    sector.push_back(src.category);
    diurnal.push_back(src.diurnal_variation);
    h.push_back(src.height_m);
    hc.push_back(src.heat_mw);
    d.push_back(src.area_diameter_m);
    s.push_back(src.spread_m);
    ds.push_back(src.stack_diameter_m);
    vs.push_back(src.exit_velocity_ms);
    ts.push_back(src.exit_temperature_c);
    // g/s over a 365.25-day year, in kg: q * 31557600 s / 1000 g.
    const double kg_yr = src.q_g_per_s * kSecondsPerYear / 1000.0;
    const bool to_nh3 = is_nh3(src, substance);
    nh3.push_back(to_nh3 ? kg_yr : 0.0);
    nox.push_back(to_nh3 ? 0.0 : kg_yr);
  }
  t.set_column(int_column(names::source_id, std::move(id)));
  t.set_column(Column{std::string(names::source_label), "", std::move(label)});
  t.set_column(int_column(names::source_sector, std::move(sector)));
  t.set_column(real_column(names::source_height, "m", std::move(h)));
  t.set_column(real_column(names::source_heat, "MW", std::move(hc)));
  t.set_column(real_column(names::source_area_diameter, "m", std::move(d)));
  t.set_column(real_column(names::source_spread, "m", std::move(s)));
  t.set_column(real_column(names::source_stack_diameter, "m", std::move(ds)));
  t.set_column(real_column(names::source_exit_velocity, "m s-1", std::move(vs)));
  t.set_column(real_column(names::source_exit_temperature, "degC", std::move(ts)));
  t.set_column(int_column(names::source_diurnal, std::move(diurnal)));
  t.set_column(real_column(names::source_nh3, "kg yr-1", std::move(nh3)));
  t.set_column(real_column(names::source_nox, "kg yr-1", std::move(nox)));
  return t;
}

FeatureTable ops_receptors_to_table(const std::vector<OpsReceptor>& receptors) {
  FeatureTable t(GeometryType::point, "receptor points from an OPS receptor file");
  std::vector<std::int64_t> id;
  std::vector<std::string> name;
  for (const auto& r : receptors) {
    t.geometries().push_back(Geometry{{Point2{r.x, r.y}}, {0}});
    id.push_back(r.id);
    name.push_back(r.name);
  }
  t.set_column(int_column(names::receptor_id, std::move(id)));
  t.set_column(Column{std::string(names::receptor_name), "", std::move(name)});
  return t;
}

}  // namespace twin::data
