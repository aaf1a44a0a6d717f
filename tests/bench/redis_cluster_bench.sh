#!/usr/bin/env bash
# End-to-end job throughput of cluster mode (issue 6): jobs/s from one POST /batches of no-op
# jobs to the last completion, through real processes: a redis-server on a free loopback port
# (AOF with appendfsync everysec, the production setting of k8s/), one API process
# (`twinsolve --test-processes serve --workers 0 --queue redis://…`) and 1, 2, then 3
# `twinsolve worker` processes (one job at a time each, --threads 1), all on one data
# directory. A `noop` job does what every job does except solving: the worker claims it,
# loads the scenario (a 1 km demo at 100 m, 10 x 10 cells), hashes its inputs, writes
# result.h5 and result.json by rename and completes it; so this measures the queue and the
# executor's fixed cost per job. Completion is read from Redis (HGET twinsolve:counts
# successful), not from the API, so polling costs the API nothing. Not part of CI.
#
#   tests/bench/redis_cluster_bench.sh [path/to/twinsolve] [jobs per round, default 1000]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
bin="${1:-$repo/build/release/server/twinsolve}"
jobs="${2:-1000}"
for tool in redis-server redis-cli curl jq python3; do
  command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 69; }
done
[[ -x "$bin" ]] || { echo "no twinsolve binary at $bin" >&2; exit 66; }

scratch=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  [[ -f "$scratch/redis.pid" ]] && kill "$(cat "$scratch/redis.pid")" 2>/dev/null
  rm -rf "$scratch"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# user+sys CPU seconds of a process so far (from /proc, so it works while it runs)
cpu_s() { python3 -c "import os; f=open('/proc/$1/stat').read().rsplit(')',1)[1].split(); print((int(f[11])+int(f[12]))/os.sysconf('SC_CLK_TCK'))"; }
now() { date +%s.%N; }

port=$(free_port)
redis-server --port "$port" --bind 127.0.0.1 --dir "$scratch" --save "" --appendonly yes \
  --appendfsync everysec --daemonize yes --pidfile "$scratch/redis.pid" --logfile "$scratch/redis.log"
for _ in $(seq 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
url="redis://127.0.0.1:$port"
counts() { redis-cli -p "$port" HGET twinsolve:counts "$1" | sed 's/^$/0/'; }

"$bin" --test-processes serve --host 127.0.0.1 --port 0 --data-dir "$scratch/data" --workers 0 \
  --queue "$url" --max-jobs-per-key 1000000 --max-batch-items 100000 --log-level warn \
  >"$scratch/serve.out" 2>"$scratch/serve.err" &
pids+=($!)
serve_pid=$!
for _ in $(seq 300); do grep -q "listening on" "$scratch/serve.out" 2>/dev/null && break; sleep 0.1; done
api=$(sed -n 's/^twinsolve listening on \(http:\/\/127\.0\.0\.1:[0-9]*\)$/\1/p' "$scratch/serve.out")
scenario=$(curl -sf -H 'Content-Type: application/json' -d '{"demo": {"size_km": 1, "cell_m": 100}}' \
  "$api/scenarios" | jq -r .id)
jq -n --arg s "$scenario" --argjson n "$jobs" \
  '{items: [range($n) | {process: "noop", inputs: {scenario: $s}}]}' >"$scratch/batch.json"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); shared with other engineers' builds"
echo "redis-server $(redis-server --version | grep -o 'v=[0-9.]*'), AOF everysec; $jobs no-op jobs per round"
echo
echo "| workers | POST /batches (s) | first submit to last completion (s) | jobs/s end to end | median ms in the executor per job | CPU s: workers / API / redis | jobs per worker | load before |"
echo "|---|---|---|---|---|---|---|---|"
for workers in 1 2 3; do
  worker_pids=()
  for w in $(seq "$workers"); do
    "$bin" --test-processes --threads 1 worker --queue "$url" --data-dir "$scratch/data" --log-level info \
      >"$scratch/worker-$workers-$w.out" 2>"$scratch/worker-$workers-$w.log" &
    worker_pids+=($!)
    pids+=($!)
  done
  for w in $(seq "$workers"); do
    for _ in $(seq 300); do grep -q "twinsolve worker" "$scratch/worker-$workers-$w.out" 2>/dev/null && break; sleep 0.1; done
  done
  load=$(cut -d' ' -f1 /proc/loadavg)
  done_before=$(counts successful)
  api_cpu0=$(cpu_s "$serve_pid")
  redis_cpu0=$(cpu_s "$(cat "$scratch/redis.pid")")
  t0=$(now)
  code=$(curl -s -o "$scratch/created.json" -w '%{http_code}' -H 'Content-Type: application/json' \
    --data-binary @"$scratch/batch.json" "$api/batches")
  t1=$(now)
  [[ "$code" == 201 ]] || { echo "POST /batches answered $code: $(head -c 300 "$scratch/created.json")" >&2; exit 1; }
  target=$((done_before + jobs))
  until (( $(counts successful) >= target )); do
    (( $(counts failed) == 0 )) || { echo "jobs failed" >&2; exit 1; }
    sleep 0.05
  done
  t2=$(now)
  worker_cpu=0
  for pid in "${worker_pids[@]}"; do worker_cpu=$(python3 -c "print($worker_cpu + $(cpu_s "$pid"))"); done
  api_cpu=$(python3 -c "print(round($(cpu_s "$serve_pid") - $api_cpu0, 2))")
  redis_cpu=$(python3 -c "print(round($(cpu_s "$(cat "$scratch/redis.pid")") - $redis_cpu0, 2))")
  shares=""
  for w in $(seq "$workers"); do shares+="$(grep -c '"job ended"' "$scratch/worker-$workers-$w.log") "; done
  # median time a job spent in the worker's executor (the "seconds" of its "job ended" line)
  in_job=$(cat "$scratch"/worker-"$workers"-*.log | grep '"job ended"' | jq -s 'map(.seconds) | sort | .[length/2|floor] * 1000 | round')
  python3 - "$workers" "$t0" "$t1" "$t2" "$jobs" "$worker_cpu" "$api_cpu" "$redis_cpu" "$shares" "$load" "$in_job" <<'PY'
import sys
w, t0, t1, t2, n, wc, ac, rc, shares, load, in_job = sys.argv[1:]
t0, t1, t2, n = float(t0), float(t1), float(t2), int(n)
print(f"| {w} | {t1 - t0:.2f} | {t2 - t0:.2f} | {n / (t2 - t0):.0f} | {in_job} | {float(wc):.2f} / {ac} / {rc} | {shares.strip()} | {load} |")
PY
  for pid in "${worker_pids[@]}"; do kill -TERM "$pid"; wait "$pid" 2>/dev/null || true; done
done
echo
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
