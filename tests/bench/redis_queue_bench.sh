#!/usr/bin/env bash
# Redis queue throughput (issue 6): starts a redis-server on a free loopback port (no
# persistence, so the numbers are the queue's own cost, not the disk's; AOF with
# appendfsync everysec is the production setting), runs redis_queue_bench under
# /usr/bin/time, and prints the table and the CPU the bench and redis-server used.
#
#   tests/bench/redis_queue_bench.sh [build dir, default build/release] [jobs per round]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
build="${1:-$repo/build/release}"
jobs="${2:-3000}"
ninja -C "$build" redis_queue_bench >/dev/null
scratch=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
redis-server --port "$port" --bind 127.0.0.1 --dir "$scratch" --save "" --appendonly no \
  --daemonize yes --pidfile "$scratch/redis.pid" --logfile "$scratch/redis.log"
trap 'kill "$(cat "$scratch/redis.pid")" 2>/dev/null; rm -rf "$scratch"' EXIT
for _ in $(seq 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "redis-server $(redis-server --version | grep -o 'v=[0-9.]*')"
/usr/bin/time -f "bench: %e s wall, %U s user, %S s sys, %M KiB max RSS" \
  "$build/tests/redis_queue_bench" "redis://127.0.0.1:$port" "$jobs"
pid=$(cat "$scratch/redis.pid")
ticks=$(awk '{print $14 + $15}' "/proc/$pid/stat")
echo "redis-server: $(python3 -c "import os; print(round($ticks / os.sysconf('SC_CLK_TCK'), 2))") s CPU (user+sys)"
