#!/usr/bin/env bash
# make bench (load part): `borderplan serve` on a free loopback port under wrk, 64 connections,
# LOAD_SECONDS per endpoint; prints one line per endpoint and the server's RSS before and after.
# Usage: Benchmarks/load.sh BINARY SECONDS OUTFILE
set -euo pipefail
binary=$1 seconds=$2 out=$3
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
mkdir -p "$(dirname "$out")"
"$binary" serve --host 127.0.0.1 --port "$port" --radius 100 2> "$(dirname "$out")/load-server.log" &
server=$!
trap 'kill -TERM $server 2>/dev/null || true; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do curl -fs "$base/conformance" > /dev/null 2>&1 && break; sleep 0.2; done
rss() { awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$server/status"; }
# One request per demand-model engine used, so that start-up work is not in the figures.
curl -fs -X POST -H 'Content-Type: application/json' -d '{}' "$base/scenarios/coverage?radius=100" > /dev/null
echo "load_average $(cut -d' ' -f1-3 /proc/loadavg) cores $(nproc)" | tee "$out"
echo "rss_before_mib $(rss)" | tee -a "$out"
run() {
  local name=$1; shift
  local line
  line=$(wrk -t2 -c64 -d"${seconds}s" --timeout 10s "$@" | grep '^LOAD ' | sed 's/^LOAD //')
  echo "$name $line" | tee -a "$out"
  echo "rss_after_${name}_mib $(rss)" | tee -a "$out"
}
run items-wilayas -s Benchmarks/load-get.lua "$base/collections/wilayas/items"
run items-crossings-bbox -s Benchmarks/load-get.lua "$base/collections/crossings/items?bbox=7.5,26,10.5,31"
run post-coverage-cached -s Benchmarks/load-coverage.lua "$base"
run post-coverage-uncached -s Benchmarks/load-coverage-uncached.lua "$base"
echo "rss_after_mib $(rss)" | tee -a "$out"
echo "load_average_after $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out"
