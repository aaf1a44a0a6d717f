#!/usr/bin/env bash
# Benchmark: the heat grid solver on the demo landscape at several sizes; solve time, cells
# per second and peak memory (GNU time -v, whole process incl. the generated scenario).
# Not part of the test suite.
# Usage: tests/bench/heat_grid_bench.sh [build-dir]   (builds the heat_grid_bench target)
set -euo pipefail
cd "$(dirname "$0")/../.."
build="${1:-build/release}"
cmake --build "$build" --target heat_grid_bench >/dev/null
bin="$build/tests/heat_grid_bench"
command -v /usr/bin/time >/dev/null || { echo "needs GNU time (apt-get install time)" >&2; exit 1; }

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "commit: $(git rev-parse --short=12 HEAD)"
run() {  # SIZE_KM CELL_M THREADS PARAMS
  local log
  log=$(mktemp)
  /usr/bin/time -v "$bin" "$@" 2>"$log"
  awk -F': ' '/Maximum resident set size/ {printf "  peak RSS %.0f MiB\n", $2 / 1024}' "$log"
  rm -f "$log"
}
run 1 1 1 '{}'
run 1 1 0 '{}'
run 2 1 0 '{}'
run 2 1 0 '{"hours": "12,15,18"}'
run 2 1 0 '{"svf_directions": 32}'
run 4 1 0 '{}'
