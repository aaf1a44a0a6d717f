#!/usr/bin/env bash
# Throughput and tail latency of a running twinsolve server on one cheap GET (a job's
# status, /healthz, ...): wrk for 10 s with 2 threads and 64 keep-alive connections.
# Not part of CI; the numbers depend on the machine.
#
#   tests/bench/http_bench.sh http://127.0.0.1:8080/jobs/<id>
#   TOKEN=secret DURATION=30s tests/bench/http_bench.sh http://127.0.0.1:8080/healthz
#
# Environment: DURATION (10s), THREADS (2), CONNECTIONS (64), TOKEN (sent as a bearer key).
set -euo pipefail

url="${1:-}"
if [[ -z "$url" ]]; then
  echo "usage: $0 URL   (a running server, e.g. http://127.0.0.1:8080/healthz)" >&2
  exit 64
fi
duration="${DURATION:-10s}"
threads="${THREADS:-2}"
connections="${CONNECTIONS:-64}"

if ! command -v wrk >/dev/null; then
  echo "wrk not found; installing the Debian package" >&2
  if [[ $(id -u) -eq 0 ]]; then
    apt-get install -y wrk >&2
  else
    sudo apt-get install -y wrk >&2
  fi
fi

# The URL must answer before we measure: a benchmark of connection errors is no benchmark.
if ! curl -fsS -o /dev/null ${TOKEN:+-H "Authorization: Bearer $TOKEN"} "$url"; then
  echo "$url does not answer with a 2xx; is the server running?" >&2
  exit 69
fi

args=(--latency -t"$threads" -c"$connections" -d"$duration")
if [[ -n "${TOKEN:-}" ]]; then
  args+=(-H "Authorization: Bearer $TOKEN")
fi
report=$(wrk "${args[@]}" "$url")
echo "$report"
echo

requests_per_second=$(awk '/^Requests\/sec:/ {print $2}' <<<"$report")
p99=$(awk '$1 == "99%" {print $2}' <<<"$report")
errors=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' <<<"$report")
echo "url:         $url ($threads threads, $connections connections, $duration)"
echo "requests/s:  $requests_per_second"
echo "p99 latency: $p99"
if [[ -n "$errors" ]]; then
  echo "warning: $errors responses were not 2xx/3xx" >&2
fi
