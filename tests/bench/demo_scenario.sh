#!/usr/bin/env bash
# Benchmark: generate the demo scenario at several sizes and write it to HDF5; reports wall
# time, cells per second and peak memory (GNU time). Not part of the test suite.
# Usage: tests/bench/demo_scenario.sh [build-dir] [out-dir]
set -euo pipefail
cd "$(dirname "$0")/../.."
build="${1:-build/release}"
out="${2:-$(mktemp -d)}"
mkdir -p "$out"
bin="$build/server/twinsolve"
[ -x "$bin" ] || { echo "build first: scripts/build release" >&2; exit 1; }
command -v /usr/bin/time >/dev/null || apt-get install -y -qq time >/dev/null

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "twinsolve: $("$bin" --version)"
echo
echo "| size | cell | cells | threads | wall s | cells/s | peak RSS MiB | file MiB |"
echo "|---|---|---|---|---|---|---|---|"
for spec in "10 10" "25 10" "50 25" "50 10"; do
  set -- $spec
  for threads in 1 0; do
    # The 50 km / 10 m case single-threaded takes long and says little more: skip it.
    if [ "$1" = 50 ] && [ "$2" = 10 ] && [ "$threads" = 1 ]; then continue; fi
    file="$out/demo_${1}km_${2}m.h5"
    /usr/bin/time -f "%e %M" -o "$out/time.txt" "$bin" -q --threads "$threads" demo-scenario \
      --size-km "$1" --cell-m "$2" --out "$file"
    read -r wall rss_kb < "$out/time.txt"
    cells=$(( ($1 * 1000 / $2) * ($1 * 1000 / $2) ))
    label=$([ "$threads" = 0 ] && echo "all ($(nproc))" || echo "$threads")
    awk -v s="$1" -v c="$2" -v n="$cells" -v t="$label" -v w="$wall" -v r="$rss_kb" -v f="$(stat -c %s "$file")" \
      'BEGIN { printf "| %s km | %s m | %d | %s | %.1f | %.2e | %.0f | %.0f |\n", s, c, n, t, w, n / w, r / 1024, f / 1048576 }'
    rm -f "$file"
  done
done
