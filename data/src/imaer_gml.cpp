// AERIUS IMAER GML emission sources. Element names and meanings follow the IMAER schema
// (imaer.aerius.nl/6.0/IMAER.xsd; older 0.5-5.x files use the same names for what we read).
// The XML is parsed by GDAL's cpl_minixml; namespace prefixes are stripped, so any prefix
// bound to the IMAER and GML namespaces works. What we cannot represent is refused with a
// message rather than dropped (docs/data.md, "IMAER GML").
#include "twin/data/imaer_gml.hpp"

#include <cpl_error.h>
#include <cpl_minixml.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>

#include "text_fields.hpp"
#include "twin/data/error.hpp"
#include "twin/data/standard_names.hpp"

namespace twin::data {
namespace {

constexpr double kHoursPerYear = 365.25 * 24.0;  // the 365.25-day year of the OPS units
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Where a message points: "FILE:LINE: ES.2 (SRM2Road): what".
struct Where {
  const std::string& file;
  long line = 0;
  std::string feature;  // "ES.2 (SRM2Road)"; empty outside features
  [[noreturn]] void fail(const std::string& what) const {
    std::string m = file + (line > 0 ? ":" + std::to_string(line) : std::string()) + ": ";
    if (!feature.empty()) m += feature + ": ";
    throw Error(ErrorCode::parse_error, m + what);
  }
};

using detail::shown;
using detail::trim;

std::optional<double> number(std::string_view s) {
  s = trim(s);
  if (!s.empty() && s[0] == '+') s.remove_prefix(1);
  double v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty() || !std::isfinite(v))
    return std::nullopt;
  return v;
}

// ---------------------------------------------------------------- tree helpers

bool is_element(const CPLXMLNode* n, const char* name) {
  return n && n->eType == CXT_Element && (name == nullptr || std::strcmp(n->pszValue, name) == 0);
}

const CPLXMLNode* child(const CPLXMLNode* n, const char* name) {
  for (const CPLXMLNode* c = n ? n->psChild : nullptr; c; c = c->psNext) {
    if (is_element(c, name)) return c;
  }
  return nullptr;
}

std::vector<const CPLXMLNode*> children(const CPLXMLNode* n, const char* name) {
  std::vector<const CPLXMLNode*> out;
  for (const CPLXMLNode* c = n ? n->psChild : nullptr; c; c = c->psNext) {
    if (is_element(c, name)) out.push_back(c);
  }
  return out;
}

const CPLXMLNode* first_element(const CPLXMLNode* n) { return child(n, nullptr); }

// Concatenated text content of an element (its direct text children).
std::string text(const CPLXMLNode* n) {
  std::string out;
  for (const CPLXMLNode* c = n ? n->psChild : nullptr; c; c = c->psNext) {
    if (c->eType == CXT_Text) out += c->pszValue;
  }
  return std::string(trim(out));
}

std::string attribute(const CPLXMLNode* n, const char* name) {
  for (const CPLXMLNode* c = n ? n->psChild : nullptr; c; c = c->psNext) {
    if (c->eType == CXT_Attribute && std::strcmp(c->pszValue, name) == 0 && c->psChild)
      return c->psChild->pszValue;
  }
  return {};
}

double number_of(const CPLXMLNode* n, const std::string& what, const Where& at) {
  const std::string t = text(n);
  if (t.empty()) at.fail(what + " is empty");
  auto v = number(t);
  if (!v) at.fail(what + " is not a number: " + shown(t));
  return *v;
}

double non_negative(const CPLXMLNode* n, const std::string& what, const Where& at) {
  const double v = number_of(n, what, at);
  if (v < 0) at.fail(what + " is negative: " + text(n));
  return v;
}

// Optional element: NaN when absent.
double optional_number(const CPLXMLNode* parent, const char* name, const Where& at) {
  const CPLXMLNode* n = child(parent, name);
  return n ? number_of(n, name, at) : kNaN;
}

// Line of `gml:id="ID"` in the text (1-based), 0 when not found: XML nodes carry no positions.
long line_of_id(const std::string& text, const std::string& id) {
  if (id.empty()) return 0;
  for (const char q : {'"', '\''}) {
    const std::string needle = std::string("id=") + q + id + q;
    const auto pos = text.find(needle);
    if (pos != std::string::npos)
      return 1 + static_cast<long>(
                     std::count(text.begin(), text.begin() + static_cast<long>(pos), '\n'));
  }
  return 0;
}

// ---------------------------------------------------------------- geometry

void check_crs(const CPLXMLNode* geometry, const Where& at) {
  const std::string srs = attribute(geometry, "srsName");
  if (!srs.empty() && srs.find("28992") == std::string::npos) {
    at.fail("coordinates in " + shown(srs) + "; only RD New (EPSG:28992) is supported");
  }
}

std::vector<Point2> coordinates(const CPLXMLNode* holder, const Where& at) {
  // gml:posList, or a sequence of gml:pos (both "x y" pairs; 2-D only).
  std::vector<double> values;
  auto add = [&](const CPLXMLNode* n) {
    std::istringstream in(text(n));
    for (std::string w; in >> w;) {
      auto v = number(w);
      if (!v) at.fail("coordinate is not a number: " + shown(w));
      values.push_back(*v);
    }
  };
  if (const auto* list = child(holder, "posList")) {
    const std::string dim = attribute(list, "srsDimension");
    if (!dim.empty() && dim != "2")
      at.fail("only 2-D coordinates are supported (srsDimension=" + dim + ")");
    add(list);
  } else {
    for (const auto* p : children(holder, "pos")) add(p);
  }
  if (values.empty()) at.fail(std::string("no coordinates in ") + holder->pszValue);
  if (values.size() % 2 != 0)
    at.fail(std::string("odd number of coordinate values in ") + holder->pszValue);
  std::vector<Point2> pts;
  for (std::size_t i = 0; i < values.size(); i += 2) pts.push_back({values[i], values[i + 1]});
  return pts;
}

std::vector<Point2> ring(const CPLXMLNode* boundary, const Where& at) {
  const auto* lr = child(boundary, "LinearRing");
  if (!lr) at.fail(std::string(boundary->pszValue) + " has no LinearRing");
  auto pts = coordinates(lr, at);
  if (pts.size() < 4 || !(pts.front() == pts.back()))
    at.fail("a polygon ring needs at least 4 positions, first = last");
  return pts;
}

void read_geometry(const CPLXMLNode* feature, ImaerSource& s, const Where& at) {
  const auto* g = child(child(feature, "geometry"), "EmissionSourceGeometry");
  if (!g) at.fail("no geometry/EmissionSourceGeometry");
  if (const auto* p = child(child(g, "GM_Point"), "Point")) {
    check_crs(p, at);
    s.geometry = GeometryType::point;
    s.shape.vertices = coordinates(p, at);
    if (s.shape.vertices.size() != 1) at.fail("a gml:Point needs exactly one position");
  } else if (const auto* l = child(child(g, "GM_Curve"), "LineString")) {
    check_crs(l, at);
    s.geometry = GeometryType::line;
    s.shape.vertices = coordinates(l, at);
    if (s.shape.vertices.size() < 2) at.fail("a gml:LineString needs at least two positions");
  } else if (const auto* poly = child(child(g, "GM_Surface"), "Polygon")) {
    check_crs(poly, at);
    s.geometry = GeometryType::polygon;
    const auto* exterior = child(poly, "exterior");
    if (!exterior) at.fail("gml:Polygon has no exterior");
    s.shape.vertices = ring(exterior, at);
    for (const auto* interior : children(poly, "interior")) {
      s.shape.ring_starts.push_back(static_cast<std::uint32_t>(s.shape.vertices.size()));
      auto hole = ring(interior, at);
      s.shape.vertices.insert(s.shape.vertices.end(), hole.begin(), hole.end());
    }
  } else {
    at.fail("EmissionSourceGeometry holds no gml:Point, gml:LineString or gml:Polygon");
  }
}

// ---------------------------------------------------------------- characteristics, emissions

void read_characteristics(const CPLXMLNode* feature, ImaerSource& s, const Where& at) {
  const auto* holder = child(feature, "emissionSourceCharacteristics");
  const auto* c = child(holder, "EmissionSourceCharacteristics");
  if (!c) {
    if (child(holder, "ADMSSourceCharacteristics"))
      at.fail("ADMS source characteristics are not supported (OPS ones only)");
    if (s.is_road()) {
      s.height_m = kNaN;  // roads: the solver's road default applies
      return;
    }
    at.fail("no emissionSourceCharacteristics/EmissionSourceCharacteristics");
  }
  const auto* h = child(c, "emissionHeight");
  if (!h) at.fail("no emissionHeight");
  s.height_m = non_negative(h, "emissionHeight", at);
  if (const auto* sp = child(c, "spread")) s.spread_m = non_negative(sp, "spread", at);
  const auto* heat = child(c, "heatContent");
  if (!heat) at.fail("no heatContent");
  if (const auto* spec = child(heat, "SpecifiedHeatContent")) {
    const auto* v = child(spec, "value");
    if (!v) at.fail("SpecifiedHeatContent has no value");
    s.heat_mw = non_negative(v, "heatContent", at);
  } else if (const auto* calc = child(heat, "CalculatedHeatContent")) {
    s.exit_temperature_c = optional_number(calc, "emissionTemperature", at);
    s.stack_diameter_m = optional_number(calc, "outflowDiameter", at);
    s.exit_velocity_ms = optional_number(calc, "outflowVelocity", at);
    if (std::isnan(s.stack_diameter_m) || std::isnan(s.exit_velocity_ms)) {
      at.fail("CalculatedHeatContent needs outflowDiameter and outflowVelocity");
    }
    if (attribute(calc, "outflowDirection") == "HORIZONTAL" ||
        text(child(calc, "outflowDirection")) == "HORIZONTAL") {
      s.exit_velocity_ms = 0.0;  // horizontal outflow carries no vertical momentum (OPS)
    }
  } else if (first_element(heat) == nullptr) {
    s.heat_mw = non_negative(heat, "heatContent", at);  // IMAER 0.5: the number itself
  } else {
    at.fail(std::string("unknown heat content ") + first_element(heat)->pszValue);
  }
}

// <emission><Emission substance="NH3"><value>..</value></Emission></emission> children.
std::map<std::string, double> read_emissions(const CPLXMLNode* holder, const char* name,
                                             const Where& at) {
  std::map<std::string, double> out;
  for (const auto* e : children(holder, name)) {
    const auto* em = child(e, "Emission");
    if (!em) at.fail(std::string(name) + " holds no Emission");
    const std::string substance = attribute(em, "substance");
    if (substance.empty()) at.fail("Emission without a substance attribute");
    const auto* v = child(em, "value");
    if (!v) at.fail("Emission of " + substance + " has no value");
    const double value = non_negative(v, substance + " emission", at);
    if (out.count(substance)) at.fail("emission of " + substance + " given twice");
    out[substance] = value;
  }
  return out;
}

double per_hour_factor(const std::string& unit, const Where& at) {
  if (unit == "HOUR") return 1.0;
  if (unit == "DAY") return 1.0 / 24.0;
  if (unit == "MONTH") return 12.0 / kHoursPerYear;
  if (unit == "YEAR") return 1.0 / kHoursPerYear;
  at.fail("unknown timeUnit " + shown(unit) + " (HOUR, DAY, MONTH or YEAR)");
}

ImaerVehicles read_vehicles(const CPLXMLNode* v, const Where& at) {
  ImaerVehicles out;
  out.element = v->pszValue;
  out.vehicle_type = attribute(v, "vehicleType");
  if (out.element == "CustomVehicle") {
    if (out.vehicle_type.empty()) out.vehicle_type = "CUSTOM";
    out.emission_g_per_km = read_emissions(v, "emission", at);
  }
  const auto* n = child(v, "vehiclesPerTimeUnit");
  if (!n) at.fail(out.element + " has no vehiclesPerTimeUnit");
  out.per_time_unit = non_negative(n, "vehiclesPerTimeUnit", at);
  out.time_unit = text(child(v, "timeUnit"));
  per_hour_factor(out.time_unit, at);  // validates
  if (const auto* s = child(v, "stagnationFactor")) {
    out.stagnation = non_negative(s, "stagnationFactor", at);
    if (out.stagnation > 1.0) at.fail("stagnationFactor above 1: " + text(s));
  }
  if (const auto* m = child(v, "maximumSpeed")) {
    out.max_speed_kmh = number_of(m, "maximumSpeed", at);
    if (out.max_speed_kmh <= 0) at.fail("maximumSpeed must be positive: " + text(m));
  }
  out.strict_enforcement = text(child(v, "strictEnforcement")) == "true";
  return out;
}

void read_road(const CPLXMLNode* feature, ImaerSource& s, const Where& at) {
  s.road_type = attribute(feature, "roadType");
  s.road_area = attribute(feature, "roadAreaType");
  s.traffic_direction = text(child(feature, "trafficDirection"));
  if (const auto* t = child(feature, "tunnelFactor"))
    s.tunnel_factor = non_negative(t, "tunnelFactor", at);
  s.elevation = text(child(feature, "elevation"));
  if (const auto* e = child(feature, "elevationHeight"))
    s.elevation_height_m = number_of(e, "elevationHeight", at);
  for (const auto* holder : children(feature, "vehicles")) {
    const auto* v = first_element(holder);
    if (!v) at.fail("empty <vehicles>");
    s.vehicles.push_back(read_vehicles(v, at));
  }
  if (child(feature, "partialChange"))
    at.fail("partialChange (dynamic segmentation) is not supported");
}

ImaerSource read_source(const CPLXMLNode* feature, const std::string& file_text,
                        const std::string& file) {
  ImaerSource s;
  s.element = feature->pszValue;
  s.gml_id = attribute(feature, "id");
  Where at{file, line_of_id(file_text, s.gml_id),
           (s.gml_id.empty() ? std::string("?") : s.gml_id) + " (" + s.element + ")"};
  s.line = at.line;
  s.label = text(child(feature, "label"));
  const std::string sector = attribute(feature, "sectorId");
  if (sector.empty()) at.fail("no sectorId attribute");
  long long sector_id = 0;
  auto [end, ec] = std::from_chars(sector.data(), sector.data() + sector.size(), sector_id);
  if (ec != std::errc() || end != sector.data() + sector.size())
    at.fail("sectorId is not an integer: " + shown(sector));
  s.sector = sector_id;
  read_geometry(feature, s, at);
  read_characteristics(feature, s, at);
  s.emission_kg_yr = read_emissions(feature, "emission", at);
  if (s.is_road()) {
    read_road(feature, s, at);
    if (s.vehicles.empty() && s.emission_kg_yr.empty())
      at.fail("a road source with neither vehicles nor emissions");
  } else if (s.emission_kg_yr.empty()) {
    // The file describes the source by activity codes (animal housing, ships, machinery) whose
    // emission factors live in the AERIUS database; without its totals we have no emission.
    at.fail(
        "states no <emission> totals; emissions from AERIUS activity codes are not computed here");
  }
  return s;
}

const CPLXMLNode* find_collection(const CPLXMLNode* root) {
  for (const CPLXMLNode* n = root; n; n = n->psNext) {
    if (is_element(n, "FeatureCollectionCalculator")) return n;
  }
  return nullptr;
}

void read_metadata(const CPLXMLNode* collection, ImaerCollection& out, const Where& at) {
  // IMAER 2+: metadata/AeriusCalculatorMetadata/{project/ProjectMetadata/year, situation/...};
  // 0.5: aeriusCalculatorMetaData/year.
  const CPLXMLNode* meta = child(child(collection, "metadata"), "AeriusCalculatorMetadata");
  const CPLXMLNode* year = child(child(child(meta, "project"), "ProjectMetadata"), "year");
  if (!year) year = child(child(collection, "aeriusCalculatorMetaData"), "year");
  if (year) out.year = static_cast<int>(number_of(year, "metadata year", at));
  const CPLXMLNode* situation = child(child(meta, "situation"), "SituationMetadata");
  out.situation_name = text(child(situation, "name"));
  out.situation_type = text(child(situation, "situationType"));
}

}  // namespace

double ImaerVehicles::per_hour() const {
  const std::string dummy;
  return per_time_unit * per_hour_factor(time_unit, Where{dummy, 0, {}});
}

ImaerCollection parse_imaer_gml(const std::string& text, const std::string& file_name) {
  Where at{file_name, 0, {}};
  CPLErrorReset();
  CPLPushErrorHandler(CPLQuietErrorHandler);
  CPLXMLTreeCloser root(CPLParseXMLString(text.c_str()));
  CPLPopErrorHandler();
  if (!root) {
    const std::string why = CPLGetLastErrorMsg();
    at.fail("not well-formed XML" + (why.empty() ? std::string() : ": " + why));
  }
  CPLStripXMLNamespace(root.get(), nullptr, TRUE);
  bool any_element = false;
  for (const CPLXMLNode* n = root.get(); n; n = n->psNext)
    any_element = any_element || is_element(n, nullptr);
  if (!any_element) at.fail("not XML: no element in the file");
  const CPLXMLNode* collection = find_collection(root.get());
  if (!collection) at.fail("not an IMAER file: no FeatureCollectionCalculator element");
  ImaerCollection out;
  read_metadata(collection, out, at);
  for (const CPLXMLNode* m = collection->psChild; m; m = m->psNext) {
    if (!is_element(m, "featureMember") && !is_element(m, "featureMembers")) continue;
    for (const auto* feature : children(m, nullptr)) {
      // Only emission sources carry an EmissionSourceGeometry; calculation points, buildings
      // and dispersion lines are not sources.
      if (!child(child(feature, "geometry"), "EmissionSourceGeometry")) continue;
      out.sources.push_back(read_source(feature, text, file_name));
    }
  }
  return out;
}

ImaerCollection read_imaer_gml(const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) {
    throw Error(ErrorCode::file_not_found, "IMAER GML file not found: " + file.string());
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error(ErrorCode::file_not_found, "cannot open IMAER GML file: " + file.string());
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return parse_imaer_gml(buffer.str(), file.string());
}

}  // namespace twin::data
