#pragma once
// A one-line progress bar on stderr, drawn only when stderr is a terminal (so logs and
// pipes stay clean). Thread-safe; redraws at most ten times a second.
#include <chrono>
#include <mutex>
#include <string>

namespace twin::server::cli {

class ProgressBar {
 public:
  ProgressBar(std::string label, bool enabled);
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  void update(double fraction);  // 0..1
  void done();

 private:
  void draw(double fraction);
  std::string label_;
  bool enabled_;
  bool finished_ = false;
  std::mutex mutex_;
  std::chrono::steady_clock::time_point last_draw_{};
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace twin::server::cli
