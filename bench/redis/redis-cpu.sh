#!/usr/bin/env bash
# The Redis plumbing cost per pair: CPU-seconds per 1,000 scored pairs of each Redis process, read
# from /proc/<pid>/stat (utime + stime) around one `npm run load` run on the tiny fixture, once on
# a single redis-server and once on a three-master cluster, both started here on free loopback
# ports in a temporary directory and stopped by pid afterwards. Needs `npm run build` first.
#   usage: bench/redis/redis-cpu.sh [seconds of load per setup, default 30] [extra `load` flags...]
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION="${1:-30}"
shift || true
DIR="$(mktemp -d -t rerank-redis-cpu-XXXX)"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  rm -rf "$DIR"
}
trap cleanup EXIT
TICKS="$(getconf CLK_TCK)"

free_port() { node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{const p=s.address().port;s.close(()=>console.log(p))})"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
start_redis() { # port, extra args…
  local port="$1"; shift
  redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$DIR" --daemonize yes \
    --pidfile "$DIR/$port.pid" "$@" >/dev/null
  for _ in $(seq 100); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
  PIDS+=("$(cat "$DIR/$port.pid")")
}

EXTRA=("$@")

# measure LABEL PID... : one load run against the Redis the environment names, and each pid's CPU per 1,000 pairs.
measure() {
  local label="$1"; shift
  local before=() after=() i=0 total=0
  for pid in "$@"; do before+=("$(cpu_ticks "$pid")"); done
  node dist/bench/load/load.cli.js --start-fleet --arch tiny --duration "$DURATION" --json "$DIR/$label.json" "${EXTRA[@]}" >"$DIR/$label.log" 2>&1 \
    || { cat "$DIR/$label.log" >&2; exit 1; }
  for pid in "$@"; do after+=("$(cpu_ticks "$pid")"); done
  local pairs; pairs="$(jq '.drive.status.ok_pairs' "$DIR/$label.json")"
  for pid in "$@"; do
    local seconds; seconds="$(echo "scale=3; (${after[$i]} - ${before[$i]}) / $TICKS" | bc)"
    total="$(echo "$total + $seconds" | bc)"
    printf '%-8s redis pid %-7s %6.2f CPU-s  %7.4f CPU-s per 1,000 pairs\n' "$label" "$pid" "$seconds" "$(echo "scale=6; $seconds * 1000 / $pairs" | bc)"
    i=$((i + 1))
  done
  printf '%-8s %s pairs in complete 2xx answers (%s pairs/s); all Redis processes: %.2f CPU-s = %.4f CPU-s per 1,000 pairs\n' "$label" "$pairs" \
    "$(jq '.drive.throughput.ok_pairs_per_s' "$DIR/$label.json")" "$total" "$(echo "scale=6; $total * 1000 / $pairs" | bc)"
}

SINGLE="$(free_port)"
start_redis "$SINGLE"
REDIS_URL="redis://127.0.0.1:$SINGLE" measure single "${PIDS[0]}"

NODES=()
while [ "${#NODES[@]}" -lt 3 ]; do
  port="$(free_port)"
  if [ "$port" -le 55535 ]; then NODES+=("$port"); fi
done
for port in "${NODES[@]}"; do start_redis "$port" --cluster-enabled yes --cluster-config-file "nodes-$port.conf"; done
redis-cli --cluster create "${NODES[@]/#/127.0.0.1:}" --cluster-replicas 0 --cluster-yes >/dev/null
for _ in $(seq 100); do
  [ "$(redis-cli -p "${NODES[0]}" cluster info | grep -c 'cluster_state:ok')" = 1 ] && break
  sleep 0.1
done
SEEDS="$(printf '127.0.0.1:%s,' "${NODES[@]}")"
REDIS_URL="redis://127.0.0.1:${NODES[0]}" REDIS_CLUSTER_NODES="${SEEDS%,}" measure cluster "${PIDS[@]:1}"
