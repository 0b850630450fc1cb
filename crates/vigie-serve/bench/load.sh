#!/usr/bin/env bash
# Load test of GET /api/events over 100,000 stored events, on loopback only.
# Needs `wrk` (apt-get install wrk). Usage, from the repository root:
#   crates/vigie-serve/bench/load.sh [EVENTS] [SECONDS] [CONNECTIONS]
# The database is built once in target/bench-serve/ and reused.
set -euo pipefail
cd "$(dirname "$0")/../../.."
events=${1:-100000}
seconds=${2:-30}
conns=${3:-8}
dir=target/bench-serve
db=$dir/events-$events.db
addr=127.0.0.1:18080
mkdir -p "$dir"
cargo build --release -p vigie-serve --example bench
bin=target/release/examples/bench
if [ ! -f "$db" ]; then
    "$bin" build "$db.tmp" "$events"
    mv "$db.tmp" "$db"
    rm -f "$db.tmp-wal" "$db.tmp-shm"
fi
"$bin" serve "$db" "$addr" &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do
    curl -sf "http://$addr/api/events?limit=1" >/dev/null 2>&1 && break
    sleep 0.2
done
script=$(dirname "$0")/events.lua
echo "== wrk: $conns connections, $seconds s, mixed /api/events queries over $events events"
wrk -t2 -c"$conns" -d"${seconds}s" --timeout 5s -s "$script" "http://$addr"
