#pragma once
// `twinsolve serve` as a child process for end-to-end tests: started with port 0 on a
// scratch data directory, its address read from the line it prints, stopped with the signal
// a test chooses. Plus a small blocking HTTP client (one connection per request) with a
// deadline, so a hung server fails a test instead of stalling it.
#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "support/child_process.hpp"

namespace twin::test {

struct HttpResult {
  int status = 0;
  std::map<std::string, std::string> headers;  // names lower-case
  std::string body;
  std::string header(const std::string& name) const;
  nlohmann::json json() const;  // discarded (is_discarded()) when the body is not JSON
};

class ServeProcess {
 public:
  // Starts `binary serve --host 127.0.0.1 --port 0 --data-dir data_dir <extra_args>`; its
  // stdout and stderr go to log_file. Throws std::runtime_error (with the log) when no
  // address line appears within the startup timeout.
  ServeProcess(const std::string& binary, const std::filesystem::path& data_dir,
               const std::filesystem::path& log_file,
               const std::vector<std::string>& extra_args = {},
               std::chrono::milliseconds startup_timeout = std::chrono::seconds(30));
  ~ServeProcess();  // SIGKILL when still running
  ServeProcess(const ServeProcess&) = delete;
  ServeProcess& operator=(const ServeProcess&) = delete;

  std::uint16_t port() const { return port_; }
  pid_t pid() const { return process_->pid(); }
  bool running();

  void send_signal(int signal);
  // The exit code, or 128 + signal when a signal ended it; nullopt when it is still running
  // at the deadline.
  std::optional<int> wait_exit(std::chrono::milliseconds timeout);

  // One request on a fresh connection ("Connection: close"); throws std::runtime_error on a
  // connection failure or when no complete response arrives within the timeout.
  HttpResult request(const std::string& method, const std::string& target,
                     const std::string& body = "",
                     const std::map<std::string, std::string>& headers = {},
                     std::chrono::milliseconds timeout = std::chrono::seconds(20)) const;
  HttpResult get(const std::string& target,
                 const std::map<std::string, std::string>& headers = {}) const {
    return request("GET", target, "", headers);
  }
  HttpResult post_json(const std::string& target, const nlohmann::json& body,
                       std::map<std::string, std::string> headers = {}) const {
    headers.emplace("Content-Type", "application/json");
    return request("POST", target, body.dump(), headers);
  }

  std::string log() const;  // what the server wrote so far, for failure messages

 private:
  std::unique_ptr<ChildProcess> process_;
  std::uint16_t port_ = 0;
  std::filesystem::path log_file_;
};

// Polls GET /jobs/{id} until its status is one of `statuses` or the deadline passes; returns
// the last status body seen.
nlohmann::json wait_for_status(const ServeProcess& server, const std::string& job_id,
                               const std::vector<std::string>& statuses,
                               std::chrono::milliseconds timeout,
                               const std::map<std::string, std::string>& headers = {});

}  // namespace twin::test
