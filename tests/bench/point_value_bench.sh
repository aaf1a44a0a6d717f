#!/usr/bin/env bash
# Benchmark: the point value query read whole-layer vs one cell (point_value_bench.cpp) on demo
# scenarios of several sizes; per-query wall time, and the process's CPU time and peak memory
# (GNU time -v). Not part of the test suite.
# Usage: tests/bench/point_value_bench.sh [build-dir]   (builds the point_value_bench target)
set -euo pipefail
cd "$(dirname "$0")/../.."
build="${1:-build/release}"
cmake --build "$build" --target point_value_bench >/dev/null
bin="$build/tests/point_value_bench"
command -v /usr/bin/time >/dev/null || { echo "needs GNU time (apt-get install time)" >&2; exit 1; }
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "commit: $(git rev-parse --short=12 HEAD)"
run() {  # SIZE_KM CELL_M QUERIES
  local log
  log=$(mktemp)
  /usr/bin/time -v "$bin" "$@" "$scratch" 2>"$log"
  awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} /Maximum resident set size/ {m=$2}
              END {printf "  process CPU %.2f s (user+sys, incl. generating the scenario), peak RSS %.0f MiB\n", u+s, m/1024}' "$log"
  rm -f "$log"
}
run 0.5 10 500
run 2 2 200
run 5 2 50
