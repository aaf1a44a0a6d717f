#include "cli/progress_bar.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace twin::server::cli {

ProgressBar::ProgressBar(std::string label, bool enabled)
    : label_(std::move(label)), enabled_(enabled && ::isatty(STDERR_FILENO) == 1) {}

ProgressBar::~ProgressBar() { done(); }

void ProgressBar::update(double fraction) {
  if (!enabled_) return;
  std::lock_guard lock(mutex_);
  const auto now = std::chrono::steady_clock::now();
  if (finished_ || now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  draw(fraction);
}

void ProgressBar::done() {
  if (!enabled_) return;
  std::lock_guard lock(mutex_);
  if (finished_) return;
  draw(1.0);
  std::fputc('\n', stderr);
  finished_ = true;
}

void ProgressBar::draw(double fraction) {
  constexpr int width = 30;
  fraction = std::clamp(fraction, 0.0, 1.0);
  const int filled = static_cast<int>(fraction * width + 0.5);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  std::fprintf(stderr, "\r%s [%.*s%*s] %3d%% %5.1fs", label_.c_str(), filled, "##############################",
               width - filled, "", static_cast<int>(fraction * 100 + 0.5), seconds);
  std::fflush(stderr);
}

}  // namespace twin::server::cli
