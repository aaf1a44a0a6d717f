#include "integration/serve_process.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <csignal>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace twin::test {
namespace {

using Clock = std::chrono::steady_clock;

std::string lower(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

int remaining_ms(Clock::time_point deadline) {
  const auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return left > 0 ? static_cast<int>(left) : 0;
}

class Socket {
 public:
  explicit Socket(std::uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd_ < 0 || ::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
      throw std::runtime_error("cannot connect to 127.0.0.1:" + std::to_string(port));
  }
  ~Socket() { ::close(fd_); }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;

  void send_all(const std::string& bytes, Clock::time_point deadline) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
      pollfd poll_fd{fd_, POLLOUT, 0};
      if (::poll(&poll_fd, 1, remaining_ms(deadline)) <= 0)
        throw std::runtime_error("timed out sending the request");
      const auto n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      // The server may answer (413) and close before it read the whole body; the response
      // is still readable, so stop sending instead of failing.
      if (n <= 0) return;
      sent += static_cast<std::size_t>(n);
    }
  }

  // Everything until the server closes (or resets) the connection.
  std::string read_to_end(Clock::time_point deadline) {
    std::string received;
    char chunk[65536];
    for (;;) {
      pollfd poll_fd{fd_, POLLIN, 0};
      if (::poll(&poll_fd, 1, remaining_ms(deadline)) <= 0)
        throw std::runtime_error("timed out waiting for the response; got " +
                                 std::to_string(received.size()) + " bytes");
      const auto n = ::recv(fd_, chunk, sizeof chunk, 0);
      if (n <= 0) return received;
      received.append(chunk, static_cast<std::size_t>(n));
    }
  }

 private:
  int fd_ = -1;
};

std::string decode_chunked(const std::string& data) {
  std::string body;
  std::size_t at = 0;
  for (;;) {
    const auto line_end = data.find("\r\n", at);
    if (line_end == std::string::npos) throw std::runtime_error("truncated chunked body");
    const auto size = std::stoull(data.substr(at, line_end - at), nullptr, 16);
    if (size == 0) return body;
    body.append(data, line_end + 2, size);
    at = line_end + 2 + size + 2;
  }
}

HttpResult parse_response(const std::string& raw) {
  const auto head_end = raw.find("\r\n\r\n");
  if (raw.size() < 12 || head_end == std::string::npos)
    throw std::runtime_error("incomplete HTTP response (" + std::to_string(raw.size()) + " bytes)");
  HttpResult result;
  result.status = std::stoi(raw.substr(9, 3));
  std::size_t line_start = raw.find("\r\n") + 2;
  while (line_start < head_end) {
    const auto line_end = raw.find("\r\n", line_start);
    const auto line = raw.substr(line_start, line_end - line_start);
    const auto colon = line.find(':');
    if (colon != std::string::npos) {
      const auto value_start = line.find_first_not_of(' ', colon + 1);
      result.headers[lower(line.substr(0, colon))] =
          value_start == std::string::npos ? "" : line.substr(value_start);
    }
    line_start = line_end + 2;
  }
  const std::string rest = raw.substr(head_end + 4);
  if (lower(result.header("transfer-encoding")).find("chunked") != std::string::npos) {
    result.body = decode_chunked(rest);
  } else if (!result.header("content-length").empty()) {
    const auto length = std::stoull(result.header("content-length"));
    if (rest.size() < length)
      throw std::runtime_error("response body shorter than its Content-Length");
    result.body = rest.substr(0, length);
  } else {
    result.body = rest;
  }
  return result;
}

std::optional<std::uint16_t> port_from_log(const std::filesystem::path& log_file) {
  std::ifstream in(log_file);
  const std::string marker = "twinsolve listening on http://127.0.0.1:";
  std::string line;
  while (std::getline(in, line)) {
    const auto at = line.find(marker);
    if (at != std::string::npos && in.good())
      return static_cast<std::uint16_t>(std::stoi(line.substr(at + marker.size())));
  }
  return std::nullopt;
}

}  // namespace

std::string HttpResult::header(const std::string& name) const {
  const auto it = headers.find(lower(name));
  return it == headers.end() ? std::string() : it->second;
}

nlohmann::json HttpResult::json() const { return nlohmann::json::parse(body, nullptr, false); }

ServeProcess::ServeProcess(const std::string& binary, const std::filesystem::path& data_dir,
                           const std::filesystem::path& log_file,
                           const std::vector<std::string>& extra_args,
                           std::chrono::milliseconds startup_timeout)
    : log_file_(log_file) {
  std::vector<std::string> args{binary,   "serve", "--host",     "127.0.0.1",
                                "--port", "0",     "--data-dir", data_dir.string()};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  {
    std::error_code ignored;  // each start has its own log: no address from an earlier run
    std::filesystem::remove(log_file, ignored);
  }
  process_ = std::make_unique<ChildProcess>(args, log_file);

  const auto deadline = Clock::now() + startup_timeout;
  while (Clock::now() < deadline) {
    if (const auto port = port_from_log(log_file_)) {
      port_ = *port;
      return;
    }
    if (!running()) throw std::runtime_error("twinsolve serve exited during startup:\n" + log());
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  send_signal(SIGKILL);
  wait_exit(std::chrono::seconds(5));
  throw std::runtime_error("twinsolve serve printed no address within the startup timeout:\n" +
                           log());
}

ServeProcess::~ServeProcess() = default;  // the child process kills what still runs

bool ServeProcess::running() { return process_->running(); }

void ServeProcess::send_signal(int signal) { process_->send_signal(signal); }

std::optional<int> ServeProcess::wait_exit(std::chrono::milliseconds timeout) {
  return process_->wait_exit(timeout);
}

HttpResult ServeProcess::request(const std::string& method, const std::string& target,
                                 const std::string& body,
                                 const std::map<std::string, std::string>& headers,
                                 std::chrono::milliseconds timeout) const {
  const auto deadline = Clock::now() + timeout;
  std::ostringstream message;
  message << method << ' ' << target << " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
  for (const auto& [name, value] : headers) message << name << ": " << value << "\r\n";
  if (!body.empty() || method == "POST") message << "Content-Length: " << body.size() << "\r\n";
  message << "\r\n" << body;
  Socket socket(port_);
  socket.send_all(message.str(), deadline);
  return parse_response(socket.read_to_end(deadline));
}

std::string ServeProcess::log() const { return process_->log(); }

nlohmann::json wait_for_status(const ServeProcess& server, const std::string& job_id,
                               const std::vector<std::string>& statuses,
                               std::chrono::milliseconds timeout,
                               const std::map<std::string, std::string>& headers) {
  const auto deadline = Clock::now() + timeout;
  nlohmann::json body;
  for (;;) {
    body = server.get("/jobs/" + job_id, headers).json();
    const auto status = body.is_object() ? body.value("status", "") : "";
    for (const auto& wanted : statuses)
      if (status == wanted) return body;
    if (Clock::now() >= deadline) return body;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
}

}  // namespace twin::test
