#pragma once
// Runs a command line for end-to-end tests, under `timeout`, so a hang fails the test
// instead of stalling CI.
#include <string>

namespace twin::test {

struct CommandResult {
  int status = -1;     // exit status; -1 when killed by a signal (or by the timeout)
  std::string output;  // stdout, plus stderr when asked for
};

CommandResult run_command(const std::string& command_line, int timeout_s, bool with_stderr);

}  // namespace twin::test
