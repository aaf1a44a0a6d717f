#include "twin/solvers/params.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "twin/data/error.hpp"

namespace twin::solvers {
namespace {

using data::Error;
using data::ErrorCode;

[[noreturn]] void bad(const ParamInfo& p, const std::string& what) {
  throw Error(ErrorCode::invalid_argument, "parameter '" + p.name + "': " + what);
}

std::string range_text(const ParamInfo& p) {
  std::ostringstream s;
  s << "[" << (p.minimum ? std::to_string(*p.minimum) : "-inf") << ", "
    << (p.maximum ? std::to_string(*p.maximum) : "inf") << "]";
  return s.str();
}

nlohmann::json check_value(const ParamInfo& p, const nlohmann::json& v) {
  switch (p.type) {
    case ParamType::number:
    case ParamType::integer: {
      if (!v.is_number()) bad(p, "must be a number, got " + v.dump());
      const double x = v.get<double>();
      if (!std::isfinite(x)) bad(p, "must be finite");
      if (p.type == ParamType::integer && (std::floor(x) != x)) bad(p, "must be a whole number, got " + v.dump());
      if ((p.minimum && x < *p.minimum) || (p.maximum && x > *p.maximum)) {
        bad(p, v.dump() + " is outside " + range_text(p) + (p.unit.empty() ? "" : " " + p.unit));
      }
      return p.type == ParamType::integer ? nlohmann::json(static_cast<long long>(x)) : nlohmann::json(x);
    }
    case ParamType::boolean:
      if (!v.is_boolean()) bad(p, "must be true or false, got " + v.dump());
      return v;
    case ParamType::text:
      if (!v.is_string()) bad(p, "must be text, got " + v.dump());
      return v;
    case ParamType::choice: {
      if (!v.is_string()) bad(p, "must be one of the listed choices, got " + v.dump());
      const auto s = v.get<std::string>();
      if (std::find(p.choices.begin(), p.choices.end(), s) == p.choices.end()) {
        std::string list;
        for (const auto& c : p.choices) list += (list.empty() ? "" : ", ") + c;
        bad(p, "'" + s + "' is not one of: " + list);
      }
      return v;
    }
  }
  return v;
}

}  // namespace

std::string_view param_type_name(ParamType type) {
  switch (type) {
    case ParamType::number: return "number";
    case ParamType::integer: return "integer";
    case ParamType::boolean: return "boolean";
    case ParamType::text: return "string";
    case ParamType::choice: return "string";
  }
  return "unknown";
}

Params resolve(const ParamSpec& spec, const nlohmann::json& given) {
  if (!given.is_null() && !given.is_object()) {
    throw Error(ErrorCode::invalid_argument, "parameters must be a JSON object of name: value");
  }
  const nlohmann::json input = given.is_null() ? nlohmann::json::object() : given;
  for (const auto& [name, value] : input.items()) {
    const bool known = std::any_of(spec.begin(), spec.end(), [&](const ParamInfo& p) { return p.name == name; });
    if (!known) throw Error(ErrorCode::invalid_argument, "unknown parameter '" + name + "'");
  }
  nlohmann::json out = nlohmann::json::object();
  for (const ParamInfo& p : spec) {
    if (input.contains(p.name)) {
      out[p.name] = check_value(p, input.at(p.name));
    } else if (!p.default_value.is_null()) {
      out[p.name] = p.default_value;
    } else {
      bad(p, "is required");
    }
  }
  return Params(std::move(out));
}

ParamInfo number_param(std::string name, std::string unit, double def, double lo, double hi, std::string help) {
  ParamInfo p;
  p.name = std::move(name);
  p.type = ParamType::number;
  p.unit = std::move(unit);
  p.default_value = def;
  p.minimum = lo;
  p.maximum = hi;
  p.help = std::move(help);
  return p;
}

ParamInfo integer_param(std::string name, long long def, long long lo, long long hi, std::string help) {
  ParamInfo p;
  p.name = std::move(name);
  p.type = ParamType::integer;
  p.default_value = def;
  p.minimum = static_cast<double>(lo);
  p.maximum = static_cast<double>(hi);
  p.help = std::move(help);
  return p;
}

ParamInfo flag_param(std::string name, bool def, std::string help) {
  ParamInfo p;
  p.name = std::move(name);
  p.type = ParamType::boolean;
  p.default_value = def;
  p.help = std::move(help);
  return p;
}

ParamInfo text_param(std::string name, std::string def, std::string help) {
  ParamInfo p;
  p.name = std::move(name);
  p.type = ParamType::text;
  p.default_value = std::move(def);
  p.help = std::move(help);
  return p;
}

ParamInfo choice_param(std::string name, std::string def, std::vector<std::string> choices,
                       std::string help) {
  ParamInfo p;
  p.name = std::move(name);
  p.type = ParamType::choice;
  p.default_value = std::move(def);
  p.choices = std::move(choices);
  p.help = std::move(help);
  return p;
}

nlohmann::json describe(const ParamSpec& spec) {
  nlohmann::json out = nlohmann::json::array();
  for (const ParamInfo& p : spec) {
    nlohmann::json j = {{"name", p.name}, {"type", param_type_name(p.type)}, {"unit", p.unit}, {"help", p.help}};
    if (!p.default_value.is_null()) j["default"] = p.default_value;
    if (p.minimum) j["minimum"] = *p.minimum;
    if (p.maximum) j["maximum"] = *p.maximum;
    if (!p.choices.empty()) j["enum"] = p.choices;
    out.push_back(std::move(j));
  }
  return out;
}

const nlohmann::json& Params::at(const std::string& name) const {
  if (!values_.contains(name)) throw Error(ErrorCode::invalid_argument, "parameter '" + name + "' was not declared");
  return values_.at(name);
}
double Params::number(const std::string& name) const { return at(name).get<double>(); }
long long Params::integer(const std::string& name) const { return at(name).get<long long>(); }
bool Params::boolean(const std::string& name) const { return at(name).get<bool>(); }
std::string Params::text(const std::string& name) const { return at(name).get<std::string>(); }

}  // namespace twin::solvers
