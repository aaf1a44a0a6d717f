#pragma once
// Declared solver parameters (name, type, unit, default, range, help) and their validation.
// The declaration is what the API publishes as the process description; resolve() is the
// one place request parameters are checked, so every solver gets the same clear errors.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace twin::solvers {

enum class ParamType { number, integer, boolean, text, choice };

struct ParamInfo {
  std::string name;
  ParamType type = ParamType::number;
  std::string unit;  // "m", "degC", "" for dimensionless
  nlohmann::json default_value;  // null = required
  std::optional<double> minimum;
  std::optional<double> maximum;
  std::vector<std::string> choices;  // for ParamType::choice
  std::string help;
};

using ParamSpec = std::vector<ParamInfo>;

// Validated parameter values, every declared parameter present (defaults filled in).
class Params {
 public:
  Params() = default;
  explicit Params(nlohmann::json values) : values_(std::move(values)) {}
  double number(const std::string& name) const;
  long long integer(const std::string& name) const;
  bool boolean(const std::string& name) const;
  std::string text(const std::string& name) const;
  const nlohmann::json& json() const { return values_; }

 private:
  const nlohmann::json& at(const std::string& name) const;
  nlohmann::json values_ = nlohmann::json::object();
};

// Checks `given` (a JSON object) against `spec`: unknown names, wrong types, values out of
// range or not among the choices, and missing required values each throw
// data::Error(invalid_argument) naming the parameter. Returns all values with defaults.
Params resolve(const ParamSpec& spec, const nlohmann::json& given);

// The spec as JSON (for the API's process description and `--help`).
nlohmann::json describe(const ParamSpec& spec);

// A number parameter with its unit, default and closed range [lo, hi].
ParamInfo number_param(std::string name, std::string unit, double def, double lo, double hi, std::string help);
// A whole-number parameter with its default and closed range [lo, hi].
ParamInfo integer_param(std::string name, long long def, long long lo, long long hi, std::string help);
// A boolean parameter, and a free text parameter (dates, lists, JSON documents), with defaults.
ParamInfo flag_param(std::string name, bool def, std::string help);
ParamInfo text_param(std::string name, std::string def, std::string help);
// One of a fixed list of words.
ParamInfo choice_param(std::string name, std::string def, std::vector<std::string> choices,
                       std::string help);
std::string_view param_type_name(ParamType type);

}  // namespace twin::solvers
