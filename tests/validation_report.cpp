#include "validation_report.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace twin::test {
namespace {

std::string format(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.8g", v);
  return buf;
}

std::string section_text(const std::string& name, const std::string& title, const std::vector<ValidationRow>& rows,
                         const std::string& notes) {
  std::ostringstream s;
  std::size_t passed = 0;
  for (const auto& r : rows) passed += std::abs(r.ours - r.expected) <= r.tolerance ? 1 : 0;
  s << "<!-- begin:" << name << " -->\n## " << title << "\n\n";
  s << passed << " of " << rows.size() << " within tolerance.\n\n";
  s << "| reference | quantity | unit | expected | ours | deviation | tolerance | ok |\n";
  s << "|---|---|---|---|---|---|---|---|\n";
  for (const auto& r : rows) {
    const double dev = r.ours - r.expected;
    s << "| " << r.reference << " | " << r.quantity << " | " << r.unit << " | " << format(r.expected) << " | "
      << format(r.ours) << " | " << format(dev) << " | " << format(r.tolerance) << " | "
      << (std::abs(dev) <= r.tolerance ? "yes" : "**no**") << " |\n";
  }
  if (!notes.empty()) s << "\n" << notes << "\n";
  s << "<!-- end:" << name << " -->\n";
  return s.str();
}

const char* header =
    "# Validation\n\n"
    "Each solver is checked against published reference cases. This file is written by the\n"
    "reference tests (`tests/validation_report.hpp`); do not edit the sections by hand. A\n"
    "test fails when a case is outside its tolerance, so every row here was measured by the\n"
    "last test run.\n\n";

}  // namespace

void write_validation_section(const std::string& name, const std::string& title,
                              const std::vector<ValidationRow>& rows, const std::string& notes) {
  const std::filesystem::path path = std::filesystem::path(TWIN_SOURCE_DIR) / "docs" / "validation.md";
  const std::string lock_path = path.string() + ".lock";
  const int lock = ::open(lock_path.c_str(), O_CREAT | O_RDWR, 0644);
  if (lock >= 0) ::flock(lock, LOCK_EX);

  std::string text;
  {
    std::ifstream in(path);
    std::stringstream buffer;
    buffer << in.rdbuf();
    text = buffer.str();
  }
  if (text.empty()) text = header;
  const std::string begin = "<!-- begin:" + name + " -->";
  const std::string end = "<!-- end:" + name + " -->\n";
  const std::string section = section_text(name, title, rows, notes);
  const auto b = text.find(begin);
  const auto e = text.find(end);
  if (b != std::string::npos && e != std::string::npos && e > b) {
    text.replace(b, e + end.size() - b, section);
  } else {
    if (!text.empty() && text.back() != '\n') text += "\n";
    text += "\n" + section;
  }
  const std::string temporary = path.string() + ".tmp";
  {
    std::ofstream out(temporary);
    out << text;
  }
  std::filesystem::rename(temporary, path);

  if (lock >= 0) {
    ::flock(lock, LOCK_UN);
    ::close(lock);
    std::filesystem::remove(lock_path);
  }
}

}  // namespace twin::test
