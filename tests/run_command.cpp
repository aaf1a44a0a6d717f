#include "run_command.hpp"

#include <sys/wait.h>

#include <array>
#include <cstdio>

namespace twin::test {

CommandResult run_command(const std::string& command_line, int timeout_s, bool with_stderr) {
  const std::string cmd =
      "timeout " + std::to_string(timeout_s) + " " + command_line + (with_stderr ? " 2>&1" : " 2>/dev/null");
  CommandResult r;
  FILE* pipe = ::popen(cmd.c_str(), "r");
  if (pipe == nullptr) return r;
  std::array<char, 4096> buf{};
  while (std::fgets(buf.data(), buf.size(), pipe) != nullptr) r.output += buf.data();
  const int raw = ::pclose(pipe);
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  return r;
}

}  // namespace twin::test
