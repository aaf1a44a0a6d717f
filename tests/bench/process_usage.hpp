#pragma once
// CPU time and peak memory of the benchmark process, for the figures the benches print next
// to wall time (the machine is often shared, so CPU time is the comparable one).
#include <sys/resource.h>
#include <time.h>

#include <chrono>

namespace twin::bench {

// User + system CPU seconds of the whole process (all threads) so far.
inline double process_cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         1e-6 * static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
}

// CPU seconds of the calling thread only.
inline double thread_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

// The process's peak resident set size so far, MiB.
inline double peak_rss_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

// Wall and process CPU seconds since construction, for the phases of a benchmark.
struct Timer {
  std::chrono::steady_clock::time_point t0 = std::chrono::steady_clock::now();
  double c0 = process_cpu_seconds();
  double wall() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  }
  double cpu() const { return process_cpu_seconds() - c0; }
};

}  // namespace twin::bench
