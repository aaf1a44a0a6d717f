#!/usr/bin/env bash
# Benchmark: our sky view factor (the sweep of solvers/heat/sky_view_factor.cpp) side by side
# with SAGA GIS's "Sky View Factor" (saga_cmd ta_lighting 3) in one run, on the same DSM and
# with the same settings: the demo landscape at 1 m (2000 x 2000 cells, terrain + buildings,
# written as GeoTIFF), 32 directions, 100 m search radius; wall and CPU time of each (GNU time),
# agreement between the two, and each against the analytic street canyon (H = W = 20 m at 1 m,
# the same synthetic DSM through both tools). Not part of the test suite.
#
# SAGA is a benchmark-only tool, not a dependency of twinsolve: install it by hand with
#   apt-get install -y saga        (Debian 12: SAGA 8.5.0)
# SAGA's module: ta_lighting 3 "Sky View Factor" (O. Conrad), METHOD 0 = "cell size" (a ray
# per cell and sector, stepping one cell), RADIUS = maximum search radius in map units,
# NDIRS = number of sectors. It adds a slope term to cos^2 of the horizon (Haentzschel et al.
# 2005), which matters only on sloping cells (next to walls in a DSM).
#
# Usage: tests/bench/heat_svf_vs_saga.sh [build-dir] [work-dir]
#   WALK=1 also times our previous per-cell ray walk (sky_view_factor_ray_scan) as a baseline.
set -euo pipefail
cd "$(dirname "$0")/../.."
build="${1:-build/release}"
work="${2:-$(mktemp -d)}"
mkdir -p "$work"
cmake --build "$build" --target heat_svf_bench >/dev/null
bench="$(pwd)/$build/tests/heat_svf_bench"
command -v saga_cmd >/dev/null || { echo "needs SAGA GIS: apt-get install -y saga" >&2; exit 1; }
command -v /usr/bin/time >/dev/null || { echo "needs GNU time (apt-get install time)" >&2; exit 1; }
dirs=32
radius=100
threads=0  # ours: all cores; SAGA uses all cores by default (OpenMP)

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "commit: $(git rev-parse --short=12 HEAD); $(saga_cmd --version 2>&1 | grep -m1 -i 'saga' | xargs)"
echo "settings: $dirs directions, ${radius} m radius"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"

cd "$work"
"$bench" demo-dsm 2 1 dsm.tif
"$bench" canyon-dsm canyon.tif

timed() {  # LABEL COMMAND...: one line with wall, user+sys CPU and peak RSS
  local label="$1"
  shift
  /usr/bin/time -f "%e %U %S %M" -o time.txt "$@" >log.txt 2>&1 || { cat log.txt; exit 1; }
  read -r wall user sys rss <time.txt
  awk -v l="$label" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" \
    'BEGIN { printf "%-34s wall %7.2f s  cpu %7.2f s  peak RSS %5.0f MiB\n", l, w, u + s, r / 1024 }'
  echo "$wall $user $sys" >"time_${label// /_}.txt"
}
saga() {  # DEM OUT_SVF: the saga_cmd command line
  echo saga_cmd -f=s ta_lighting 3 -DEM "$1" -VISIBLE "${2%.tif}_visible.tif" -SVF "$2" \
    -RADIUS "$radius" -NDIRS "$dirs" -METHOD 0
}

echo
echo "== 2000 x 2000 demo DSM at 1 m =="
timed "ours (sweep)" "$bench" svf dsm.tif "$dirs" "$radius" ours.tif sweep "$threads"
timed "SAGA ta_lighting 3" $(saga dsm.tif saga.tif)
if [ "${WALK:-0}" = 1 ]; then
  timed "ours (previous ray walk)" "$bench" svf dsm.tif "$dirs" "$radius" walk.tif walk "$threads"
fi
awk '{ w[NR] = $1; c[NR] = $2 + $3 } END {
  printf "SAGA / ours: wall %.1fx, cpu %.1fx\n", w[2] / w[1], c[2] / c[1] }' \
  "time_ours_(sweep).txt" "time_SAGA_ta_lighting_3.txt"
echo -n "ours - SAGA (cells >= 100 from the edge): "
"$bench" compare ours.tif saga.tif 100
if [ "${WALK:-0}" = 1 ]; then
  echo -n "ours (sweep) - ours (walk), same cells: "
  "$bench" compare ours.tif walk.tif 100
fi

echo
echo "== analytic street canyon, H = W = 20 m, 1 m cells =="
"$bench" svf canyon.tif "$dirs" "$radius" ours_canyon.tif sweep "$threads" >/dev/null
$(saga canyon.tif saga_canyon.tif) >/dev/null 2>&1
echo -n "ours: "
"$bench" canyon-check ours_canyon.tif | tail -1
echo -n "SAGA: "
"$bench" canyon-check saga_canyon.tif | tail -1
echo "(per cell: $bench canyon-check $work/ours_canyon.tif)"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
