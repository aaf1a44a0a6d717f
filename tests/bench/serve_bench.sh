#!/usr/bin/env bash
# Job service benchmark (issue 3): a real `twinsolve serve` on 127.0.0.1 and wrk on the same
# machine. Measures, per log level:
#   - GET /healthz (the baseline: routing + a constant JSON body) and GET /jobs/{id} (a job's
#     status document), 2 threads, 64 keep-alive connections;
#   - POST /processes/heat/execution (Prefer: respond-async) with the journal fsync on (the
#     default HTTP threads, one per core, and --io-threads SUBMIT_IO_THREADS), and on a fresh
#     server with --no-fsync (the baseline for the cost of durability).
# Servers run with --workers 0 (API only: submitted jobs stay accepted, so the run measures
# submission, not solving) and a per-key job limit high enough never to answer 429.
# After each submission run the server's count of accepted jobs (/metrics twinsolve_jobs)
# is checked against the 201 responses wrk saw. Not part of CI; builds nothing.
#
#   tests/bench/serve_bench.sh [path/to/twinsolve]   (default build/release/server/twinsolve)
#
# Environment: DURATION (10s), THREADS (2), CONNECTIONS (64, the GET runs),
# SUBMIT_CONNECTIONS (16), LOG_LEVELS ("info warn"; info is the server's default and writes
# one access-log line per request to stderr, here a file in the scratch directory),
# SUBMIT_IO_THREADS (16: one more durable submission run with serve --io-threads N; empty
# skips it), SWEEP ("16 32 64 128": the two GET runs again on one server at the default log
# level for each of these connection counts, the latency-throughput curve; empty skips it).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
bin="${1:-$repo/build/release/server/twinsolve}"
duration="${DURATION:-10s}"
threads="${THREADS:-2}"
connections="${CONNECTIONS:-64}"
submit_connections="${SUBMIT_CONNECTIONS:-16}"
log_levels="${LOG_LEVELS:-info warn}"
submit_io_threads="${SUBMIT_IO_THREADS-16}"
sweep="${SWEEP-16 32 64 128}"

if [[ ! -x "$bin" ]]; then
  echo "no twinsolve binary at $bin; build it first (cmake --build build/release --target twinsolve)" >&2
  exit 66
fi
for tool in wrk curl python3; do
  if ! command -v "$tool" >/dev/null; then
    echo "$tool not found (Debian: apt-get install -y $tool)" >&2
    exit 69
  fi
done

scratch=$(mktemp -d "${TMPDIR:-/tmp}/serve_bench.XXXXXX")
server_pid=""
server_url=""
server_dir=""

stop_server() {
  [[ -n "$server_pid" ]] || return 0
  if kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 50); do
      kill -0 "$server_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$server_pid" 2>/dev/null || true
  fi
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}

cleanup() {
  stop_server
  rm -rf "$scratch"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start_server NAME [serve flags...]: a fresh server with its own data directory.
start_server() {
  local name="$1"
  shift
  server_dir="$scratch/$name"
  mkdir -p "$server_dir"
  : >"$server_dir/stdout"  # before the server starts, so polling it below cannot race its creation
  "$bin" serve --host 127.0.0.1 --port 0 --data-dir "$server_dir/data" --workers 0 \
    --max-jobs-per-key 1000000000 "$@" >"$server_dir/stdout" 2>"$server_dir/stderr" &
  server_pid=$!
  server_url=""
  for _ in $(seq 100); do
    server_url=$(sed -n 's/^twinsolve listening on \(http:\/\/127\.0\.0\.1:[0-9]*\)$/\1/p' "$server_dir/stdout")
    [[ -n "$server_url" ]] && break
    if ! kill -0 "$server_pid" 2>/dev/null; then break; fi
    sleep 0.1
  done
  if [[ -z "$server_url" ]]; then
    echo "server '$name' did not start:" >&2
    cat "$server_dir/stderr" >&2
    exit 70
  fi
}

json_field() {  # json_field FIELD < json
  python3 -c 'import json, sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"
}

create_scenario() {
  curl -fsS --max-time 60 -X POST -H 'Content-Type: application/json' \
    -d '{"demo": {"size_km": 0.5, "cell_m": 10}}' "$server_url/scenarios" | json_field id
}

create_job() {  # create_job SCENARIO_ID
  curl -fsS --max-time 30 -X POST -H 'Content-Type: application/json' -H 'Prefer: respond-async' \
    -d "{\"inputs\": {\"scenario\": \"$1\"}}" "$server_url/processes/heat/execution" | json_field jobID
}

accepted_jobs() {
  curl -fsS --max-time 10 "$server_url/metrics" |
    awk '/^twinsolve_jobs\{state="accepted"\} / {printf "%d\n", $2}'
}

cpu_busy_ticks() {  # all cores: user + nice + system + irq + softirq + steal
  awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat
}

server_ticks() {
  awk '{print $14 + $15}' "/proc/$server_pid/stat"
}

peak_rss_mib() {
  awk '/^VmHWM:/ {printf "%.0f", $2 / 1024}' "/proc/$server_pid/status"
}

# wrk's latency ("812.00us", "1.23ms", "2.01s") in milliseconds.
to_ms() {
  awk -v t="$1" 'BEGIN {
    v = t + 0
    if (t ~ /us$/) v /= 1000; else if (t ~ /ms$/) v *= 1; else if (t ~ /s$/) v *= 1000
    printf "%.2f", v
  }'
}

rows=()
declare -A rate_of
failures=0

# measure LABEL KEY [wrk args...]: one wrk run; appends a table row, sets last_report.
measure() {
  local label="$1" key="$2"
  shift 2
  # CPU time in the run, in % of one core: the server, wrk, and everything else on the
  # machine (other users' builds make a run unrepresentative; the column shows it).
  local busy0 busy1 srv0 srv1 t0 t1 wrk_cpu
  busy0=$(cpu_busy_ticks)
  srv0=$(server_ticks)
  t0=$(date +%s.%N)
  last_report=$( { TIMEFORMAT='%U %S'; time timeout 120 wrk --latency -t"$threads" "$@" 2>&1; } 2>"$scratch/wrk-time")
  t1=$(date +%s.%N)
  srv1=$(server_ticks)
  busy1=$(cpu_busy_ticks)
  wrk_cpu=$(awk '{print $1 + $2}' "$scratch/wrk-time")
  local cpu
  cpu=$(awk -v b="$((busy1 - busy0))" -v s="$((srv1 - srv0))" -v w="$wrk_cpu" -v t0="$t0" -v t1="$t1" \
    -v hz="$(getconf CLK_TCK)" 'BEGIN {
      secs = t1 - t0; server = 100 * s / hz / secs; client = 100 * w / secs
      others = 100 * b / hz / secs - server - client; if (others < 0) others = 0
      printf "%.0f / %.0f / %.0f", server, client, others }')
  echo "$last_report" >"$scratch/wrk-$key.txt"
  local rps p50 p99 non2xx sockerr
  rps=$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' <<<"$last_report")
  p50=$(to_ms "$(awk '$1 == "50%" {print $2}' <<<"$last_report")")
  p99=$(to_ms "$(awk '$1 == "99%" {print $2}' <<<"$last_report")")
  non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' <<<"$last_report")
  sockerr=$(sed -n 's/^ *Socket errors: //p' <<<"$last_report")
  rate_of[$key]=$rps
  last_rps=$rps
  last_row="| $label | $rps | $p50 | $p99 | %RATIO% | ${non2xx:-0} | ${sockerr:-none} | $(peak_rss_mib) | $cpu |"
  if [[ -n "$non2xx" && "$non2xx" != 0 ]]; then
    echo "error: $label: $non2xx responses were not 2xx/3xx" >&2
    failures=$((failures + 1))
  fi
}

ratio() {  # ratio A B: A/B with two decimals
  awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'
}

# check_submissions LABEL BEFORE: the server's accepted jobs against wrk's 201s. wrk stops at
# the deadline without waiting for the requests in flight; the server still accepts those,
# so it may report up to one job per connection more than wrk counted, never fewer.
check_submissions() {
  local label="$1" before="$2"
  sleep 1  # let the requests wrk abandoned finish on the server
  local created other after extra
  created=$(awk '/^responses 201:/ {print $3}' <<<"$last_report")
  other=$(awk '/^responses other:/ {print $3}' <<<"$last_report")
  after=$(accepted_jobs)
  extra=$((after - before - created))
  local verdict="ok"
  if ((other != 0 || extra < 0 || extra > submit_connections)); then
    verdict="MISMATCH"
    failures=$((failures + 1))
  fi
  checks+=("$label: wrk saw $created × 201 and $other other; server accepted $((after - before)) new jobs" \
"($extra in flight when wrk stopped; at most $submit_connections allowed): $verdict")
}

checks=()
version=$("$bin" --version 2>/dev/null | head -1)  # "twinsolve 0.1.0 (<commit>[-dirty])"

for level in $log_levels; do
  # Fsync on (the default): the GET runs, then the durable submissions.
  start_server "fsync-$level" --log-level "$level"
  scenario=$(create_scenario)
  job=$(create_job "$scenario")
  curl -fsS --max-time 10 -o /dev/null "$server_url/jobs/$job"

  measure "GET /healthz (log $level)" "health-$level" -c"$connections" -d"$duration" "$server_url/healthz"
  rows+=("${last_row/\%RATIO\%/1.00}")
  measure "GET /jobs/{id} (log $level)" "status-$level" -c"$connections" -d"$duration" "$server_url/jobs/$job"
  rows+=("${last_row/\%RATIO\%/$(ratio "$last_rps" "${rate_of[health-$level]}") of healthz}")

  before=$(accepted_jobs)
  measure "POST execution, fsync (log $level)" "fsync-$level" -c"$submit_connections" -d"$duration" \
    -s "$here/submit.lua" "$server_url" -- "$scenario"
  fsync_row="$last_row"
  check_submissions "fsync, log $level" "$before"
  stop_server

  # A submission holds its HTTP thread until its journal record is on disk, so the HTTP
  # threads bound how many records one fdatasync can carry: the same with more of them.
  threads_row=""
  if [[ -n "$submit_io_threads" ]]; then
    start_server "threads-$level" --log-level "$level" --io-threads "$submit_io_threads"
    scenario=$(create_scenario)
    before=$(accepted_jobs)
    measure "POST execution, fsync, --io-threads $submit_io_threads (log $level)" "threads-$level" \
      -c"$submit_connections" -d"$duration" -s "$here/submit.lua" "$server_url" -- "$scenario"
    check_submissions "fsync, --io-threads $submit_io_threads, log $level" "$before"
    stop_server
    threads_row="$last_row"
  fi

  # The baseline for durability: the same submissions without fdatasync.
  start_server "nofsync-$level" --log-level "$level" --no-fsync
  scenario=$(create_scenario)
  before=$(accepted_jobs)
  measure "POST execution, --no-fsync (log $level)" "nofsync-$level" -c"$submit_connections" -d"$duration" \
    -s "$here/submit.lua" "$server_url" -- "$scenario"
  check_submissions "no-fsync, log $level" "$before"
  stop_server
  rows+=("${fsync_row/\%RATIO\%/$(ratio "${rate_of[fsync-$level]}" "${rate_of[nofsync-$level]}") of no-fsync}")
  if [[ -n "$threads_row" ]]; then
    rows+=("${threads_row/\%RATIO\%/$(ratio "${rate_of[threads-$level]}" "${rate_of[nofsync-$level]}") of no-fsync}")
  fi
  rows+=("${last_row/\%RATIO\%/1.00}")
done

# The latency-throughput curve: with every connection kept busy, the mean latency is the
# connection count divided by the rate (Little's law), so p99 is only meaningful together
# with the concurrency it was measured at.
sweep_rows=()
if [[ -n "$sweep" ]]; then
  start_server "sweep"
  scenario=$(create_scenario)
  job=$(create_job "$scenario")
  for c in $sweep; do
    measure "GET /healthz, $c connections" "sweep-health-$c" -c"$c" -d"$duration" "$server_url/healthz"
    sweep_rows+=("${last_row/\%RATIO\%/1.00}")
    measure "GET /jobs/{id}, $c connections" "sweep-status-$c" -c"$c" -d"$duration" "$server_url/jobs/$job"
    sweep_rows+=("${last_row/\%RATIO\%/$(ratio "$last_rps" "${rate_of[sweep-health-$c]}") of healthz}")
  done
  stop_server
fi

echo
echo "twinsolve serve benchmark: $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1))," \
  "$(uname -sr); $version; binary $bin"
echo "wrk -t$threads, $connections connections (GET), $submit_connections (POST), $duration each;" \
  "server --workers 0 on 127.0.0.1, wrk on the same cores"
echo
echo "| run | requests/s | p50 ms | p99 ms | ratio | non-2xx | socket errors | server peak RSS MiB | CPU % server / wrk / others |"
echo "|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
if ((${#sweep_rows[@]} > 0)); then
  echo
  echo "Connection sweep (default log level, one server):"
  echo
  echo "| run | requests/s | p50 ms | p99 ms | ratio | non-2xx | socket errors | server peak RSS MiB | CPU % server / wrk / others |"
  echo "|---|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${sweep_rows[@]}"
fi
echo
printf '%s\n' "${checks[@]}"
if ((failures > 0)); then
  echo "FAILED: $failures check(s) above" >&2
  exit 1
fi
