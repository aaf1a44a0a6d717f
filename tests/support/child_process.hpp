#pragma once
// A child process for end-to-end tests (redis-server, twinsolve worker): started with its
// output in a log file, killed with SIGKILL when the test (or the test process) ends.
#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace twin::test {

class ChildProcess {
 public:
  // argv[0] is the program's path. Throws std::runtime_error when fork fails.
  ChildProcess(std::vector<std::string> argv, std::filesystem::path log_file);
  ~ChildProcess();  // SIGKILL when still running
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  bool running();
  void send_signal(int signal);
  // The exit code, or 128 + signal; nullopt when still running at the deadline.
  std::optional<int> wait_exit(std::chrono::milliseconds timeout);
  std::string log() const;
  // Waits until the log contains `text`; false at the deadline or when the process ended.
  bool wait_for_log(const std::string& text, std::chrono::milliseconds timeout);

 private:
  pid_t pid_ = -1;
  std::optional<int> exit_;
  std::filesystem::path log_file_;
};

}  // namespace twin::test
