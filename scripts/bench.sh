#!/usr/bin/env bash
# Prints figures: page latency (median and 95th percentile over N requests), sign-in latency
# (argon2id), the server's memory, and the size of what the browser downloads. Uses the
# release build (run scripts/start.sh or `cargo leptos build --release` first).
# Usage: bash scripts/bench.sh [requests per page, default 200]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
N="${1:-200}"
BIN="${CARGO_TARGET_DIR:-$HOME/.cache/bluelamp-target}/release/bluelamp"
[ -x "$BIN" ] || { echo "no release build at $BIN: run cargo leptos build --release" >&2; exit 1; }
TMP="$(mktemp -d)"
PORT=3299
"$BIN" --database-url "sqlite://$TMP/bench.db" --log-level error serve --demo --bind "127.0.0.1:$PORT" >/dev/null &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$TMP"' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done

# Median and 95th percentile, in milliseconds, of N timed requests.
measure() {
  local label="$1"; shift
  for _ in $(seq "$N"); do curl -s -o /dev/null -w '%{time_total}\n' "$@"; done |
    sort -n | awk -v label="$label" '{ t[NR] = $1 * 1000 } END {
      printf "%-34s median %6.2f ms   p95 %6.2f ms   (%d requests)\n", label, t[int(NR*0.5)], t[int(NR*0.95)], NR }'
}

JAR="$TMP/cookies"
curl -s -o /dev/null -c "$JAR" -H "Origin: http://127.0.0.1:$PORT" \
  --data-urlencode "email=admin@npto.example" --data-urlencode "password=bluelamp-demo-2026" \
  "http://127.0.0.1:$PORT/sign-in"

echo "Bluelamp benchmark ($(date -u +%FT%TZ), $(nproc) cores)"
measure "GET /sign-in (anonymous)" "http://127.0.0.1:$PORT/sign-in"
measure "GET / (national admin home)" -b "$JAR" "http://127.0.0.1:$PORT/"
measure "GET /admin/audit (first page)" -b "$JAR" "http://127.0.0.1:$PORT/admin/audit"
measure "GET /admin/forces (43 forces)" -b "$JAR" "http://127.0.0.1:$PORT/admin/forces"
echo "server resident memory after page views: $(awk '/VmRSS/ { printf "%.1f MiB", $2 / 1024 }' /proc/$PID/status)"
N=$(( N / 10 > 10 ? N / 10 : 10 )) measure "POST /api/v1/sign-in (argon2id)" \
  -H 'Content-Type: application/json' -d '{"email":"admin@npto.example","password":"bluelamp-demo-2026"}' \
  "http://127.0.0.1:$PORT/api/v1/sign-in"
echo "server resident memory after sign-ins: $(awk '/VmRSS/ { printf "%.1f MiB", $2 / 1024 }' /proc/$PID/status)"
for f in bluelamp.wasm bluelamp.js bluelamp.css; do
  p="target/site/pkg/$f"
  [ -f "$p" ] && printf "%-16s %8d bytes, %7d gzipped\n" "$f" "$(stat -c %s "$p")" "$(gzip -9c "$p" | wc -c)"
done
