#!/usr/bin/env bash
# A tiled heat run (issue 6) with 1 and 2 `twinsolve worker` processes on a redis-server
# started here on a free loopback port, beside the same job solved whole by `twinsolve run`
# (the baseline, same binary, same run). Every process runs with --threads 1, so N workers use
# N cores. Prints per run the wall time and the workers' CPU time and peak memory
# (/usr/bin/time), and per tile its wall time from the tile task's record (started..finished).
# docs/performance.md, "Tiled runs", has the numbers and the scaling estimate made from them.
#
#   tests/bench/tiled_run_bench.sh [build dir, default build/release] [size km, 20] [cell m, 10] [tile cells, 1048576]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
build="${1:-$repo/build/release}"
size_km="${2:-20}"
cell_m="${3:-10}"
tile_cells="${4:-1048576}"
bin="$build/server/twinsolve"
ninja -C "$build" twinsolve >/dev/null
scratch=$(mktemp -d)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
redis_port=$(free_port)
api_port=$(free_port)
redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$scratch" --save "" --appendonly no \
  --daemonize yes --pidfile "$scratch/redis.pid" --logfile "$scratch/redis.log"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  kill "$(cat "$scratch/redis.pid")" 2>/dev/null || true
  rm -rf "$scratch"
}
trap cleanup EXIT
for _ in $(seq 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
url="redis://127.0.0.1:$redis_port"
data="$scratch/data"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$bin" --quiet serve --host 127.0.0.1 --port "$api_port" --workers 0 --queue "$url" --data-dir "$data" \
  >"$scratch/serve.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$api_port/healthz" >/dev/null && break; sleep 0.1; done
api="http://127.0.0.1:$api_port"
start=$(date +%s.%N)
scenario=$(curl -sf -X POST "$api/scenarios" -H 'Content-Type: application/json' \
  -d "{\"demo\": {\"size_km\": $size_km, \"cell_m\": $cell_m}}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
echo "demo scenario ${size_km} km at ${cell_m} m: $(python3 -c "print(int($size_km*1000/$cell_m)**2)") cells, made in $(python3 -c "print(round($(date +%s.%N) - $start, 1))") s"
inputs='{"svf_radius_m": 100, "hours": "15"}'

echo "== untiled: twinsolve run, 1 thread"
echo "$inputs" >"$scratch/params.json"
/usr/bin/time -f "untiled: %e s wall, %U s user, %S s sys, %M KiB max RSS" \
  "$bin" --quiet --threads 1 run --process heat --scenario "$data/scenarios/$scenario.h5" \
  --params "$scratch/params.json" --out "$scratch/untiled.h5"

for workers in 1 2; do
  echo "== tiled: $workers worker process(es), 1 thread each, --tile-cells $tile_cells"
  redis-cli -p "$redis_port" config resetstat >/dev/null
  wpids=()
  for w in $(seq "$workers"); do
    "$bin" --threads 1 worker --queue "$url" --data-dir "$data" --tile-cells "$tile_cells" \
      >"$scratch/worker-$workers-$w.log" 2>&1 &
    wpids+=($!)
    pids+=($!)
  done
  sleep 1
  start=$(date +%s.%N)
  job=$(curl -sf -X POST "$api/processes/heat/execution" -H 'Content-Type: application/json' \
    -H 'Prefer: respond-async' -d "{\"inputs\": $(echo "$inputs" | python3 -c "import json,sys; d=json.load(sys.stdin); d['scenario']='$scenario'; print(json.dumps(d))")}" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["jobID"])')
  while :; do
    status=$(curl -sf "$api/jobs/$job" | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])')
    [[ "$status" == accepted || "$status" == running ]] || break
    sleep 0.2
  done
  echo "job $job: $status in $(python3 -c "print(round($(date +%s.%N) - $start, 1))") s wall (submit to final status)"
  # CPU time (user + sys) and peak memory of each worker process, read before it stops.
  for p in "${wpids[@]}"; do
    python3 -c "
import os, sys
pid = sys.argv[1]
f = open(f'/proc/{pid}/stat').read().rsplit(')', 1)[1].split()
cpu = (int(f[11]) + int(f[12])) / os.sysconf('SC_CLK_TCK')
hwm = [l.split()[1] for l in open(f'/proc/{pid}/status') if l.startswith('VmHWM')][0]
print(f'worker {pid}: {cpu:.1f} s CPU (user+sys), {int(hwm)//1024} MiB max RSS')
" "$p"
  done
  for p in "${wpids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${wpids[@]}"; do wait "$p" 2>/dev/null || true; done
  # Per tile: wall time from its record, and which worker ran it.
  redis-cli -p "$redis_port" --scan --pattern 'twinsolve:job:*' | while read -r key; do
    redis-cli -p "$redis_port" hmget "$key" job started finished worker status | paste -sd '\t'
  done | python3 -c '
import json, sys
rows = []
for line in sys.stdin:
    job, started, finished, worker, status = line.rstrip("\n").split("\t")
    j = json.loads(job)
    if j.get("tile", {}).get("parent") != sys.argv[1]: continue
    w = j["tile"]["window"]
    rows.append((j["tile"]["index"], w, (int(finished) - int(started)) / 1000, worker, status))
rows.sort()
for index, w, s, worker, status in rows:
    print(f"  tile {index:2d} {w[2]}x{w[3]} at ({w[0]},{w[1]}): {s:6.2f} s wall, {status}, {worker}")
if rows:
    t = [r[2] for r in rows]
    print(f"  {len(t)} tiles: sum {sum(t):.1f} s, mean {sum(t)/len(t):.2f} s, min {min(t):.2f}, max {max(t):.2f}")
' "$job"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
