#pragma once
// docs/validation.md is written by the reference tests: each solver's test suite calls
// write_validation_section() with the cases it checked, and the section between
// <!-- begin:NAME --> and <!-- end:NAME --> is replaced (created at the end if absent).
// The tests themselves assert the tolerances; this only reports what was measured.
#include <string>
#include <vector>

namespace twin::test {

struct ValidationRow {
  std::string reference;  // e.g. "ISO/TR 17534-4 TC01"
  std::string quantity;   // e.g. "L_H 500 Hz"
  std::string unit;       // e.g. "dB"
  double expected = 0;
  double ours = 0;
  double tolerance = 0;  // absolute; the row passes when |ours - expected| <= tolerance
};

// `title` heads the section; `notes` (markdown) follows the table. Safe when tests of
// several solvers run at the same time (the file is locked while it is rewritten).
void write_validation_section(const std::string& name, const std::string& title,
                              const std::vector<ValidationRow>& rows, const std::string& notes = "");

}  // namespace twin::test
