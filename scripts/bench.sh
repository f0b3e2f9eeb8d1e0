#!/usr/bin/env bash
# Prints figures: page latency (median and 95th percentile over N requests), sign-in latency
# (argon2id), the server's memory, and the size of what the browser downloads. The shared
# procurement pages are timed with 1,000 procurements and 20,000 bids in the database. Uses the
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
# The shared procurement pages are measured over a full database: 1,000 published procurements
# with 20 bids each (the demo is seeded first).
"$BIN" --database-url "sqlite://$TMP/bench.db" --audit-key-file "$TMP/audit.key" --log-level error \
  generate --procurements 1000 --bids-each 20
# A budget for signed-out posts high enough for the sign-in loop below.
"$BIN" --database-url "sqlite://$TMP/bench.db" --audit-key-file "$TMP/audit.key" --log-level error \
  serve --demo --bind "127.0.0.1:$PORT" --anonymous-posts-per-minute 100000 >/dev/null &
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

# Signs EMAIL in with the demo password, setting up its authenticator app (every demo account
# sets one up at its first sign-in), into cookie jar JAR.
sign_in() {
  local email="$1" jar="$2"
  curl -s -o /dev/null -c "$jar" -H "Origin: http://127.0.0.1:$PORT" \
    --data-urlencode "email=$email" --data-urlencode "password=bluelamp-demo-2026" \
    "http://127.0.0.1:$PORT/sign-in"
  local secret code
  secret="$(curl -s -b "$jar" -c "$jar" "http://127.0.0.1:$PORT/sign-in/authenticator" | grep -oE 'data-secret="[A-Z2-7]+"' | cut -d'"' -f2 || true)"
  # Members without an admin role sign in with the password alone.
  if [ -n "$secret" ]; then
  code="$(python3 -c '
import base64, hmac, struct, sys, time
key = base64.b32decode(sys.argv[1] + "=" * (-len(sys.argv[1]) % 8))
mac = hmac.new(key, struct.pack(">Q", int(time.time()) // 30), "sha1").digest()
o = mac[-1] & 15
print("%06d" % ((struct.unpack(">I", mac[o:o + 4])[0] & 0x7fffffff) % 1000000))' "$secret")"
  curl -s -o /dev/null -b "$jar" -c "$jar" -H "Origin: http://127.0.0.1:$PORT" \
    --data-urlencode "code=$code" "http://127.0.0.1:$PORT/sign-in/authenticator"
  fi
  [ "$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" "http://127.0.0.1:$PORT/account")" = 200 ] ||
    { echo "bench: could not sign in as $email" >&2; exit 1; }
}
JAR="$TMP/cookies"
sign_in admin@npto.example "$JAR"

echo "Bluelamp benchmark ($(date -u +%FT%TZ), $(nproc) cores)"
measure "GET /sign-in (anonymous)" "http://127.0.0.1:$PORT/sign-in"
measure "GET / (national admin home)" -b "$JAR" "http://127.0.0.1:$PORT/"
measure "GET /admin/audit (first page)" -b "$JAR" "http://127.0.0.1:$PORT/admin/audit"
measure "GET /admin/forces (43 forces)" -b "$JAR" "http://127.0.0.1:$PORT/admin/forces"
BUYER="$TMP/buyer" SUPPLIER="$TMP/supplier"
sign_in buyer@kent.police.uk "$BUYER"
sign_in admin@cobalt-records-systems.example "$SUPPLIER"
# A generated procurement led by Kent (the forces lead in turn), past its deadline: its bids
# can be read.
LAST="$(sqlite3 "$TMP/bench.db" "SELECT p.id FROM procurement p JOIN organisation o ON o.id = p.lead_force_id
  WHERE o.name = 'Kent Police' AND p.state IN ('published', 'closed')
  AND p.bid_deadline < strftime('%Y-%m-%dT%H:%M:%S', 'now') ORDER BY p.id DESC LIMIT 1")"
OPEN="$(sqlite3 "$TMP/bench.db" "SELECT p.id FROM procurement p JOIN organisation o ON o.id = p.lead_force_id
  WHERE o.name = 'Kent Police' AND p.bid_deadline > strftime('%Y-%m-%dT%H:%M:%S', 'now') ORDER BY p.id DESC LIMIT 1")"
for page in "$BUYER /procurements/$OPEN" "$BUYER /procurements/$LAST/bids" "$SUPPLIER /opportunities/$OPEN/bid"; do
  set -- $page
  status="$(curl -s -o /dev/null -w '%{http_code}' -b "$1" "http://127.0.0.1:$PORT$2")"
  [ "$status" = 200 ] || { echo "bench: $2 answered $status" >&2; exit 1; }
done
echo "$(sqlite3 "$TMP/bench.db" 'SELECT COUNT(*) FROM procurement') procurements, $(sqlite3 "$TMP/bench.db" 'SELECT COUNT(*) FROM bid') bids:"
measure "GET /procurements (national: 500)" -b "$JAR" "http://127.0.0.1:$PORT/procurements"
measure "GET /procurements (Kent's lists)" -b "$BUYER" "http://127.0.0.1:$PORT/procurements"
measure "GET /procurements/{id} (open)" -b "$BUYER" "http://127.0.0.1:$PORT/procurements/$OPEN"
measure "GET /procurements/{id}/bids (20)" -b "$BUYER" "http://127.0.0.1:$PORT/procurements/$LAST/bids"
measure "GET /opportunities (supplier)" -b "$SUPPLIER" "http://127.0.0.1:$PORT/opportunities"
measure "GET /opportunities/{id}" -b "$SUPPLIER" "http://127.0.0.1:$PORT/opportunities/$OPEN"
measure "GET /opportunities/{id}/bid" -b "$SUPPLIER" "http://127.0.0.1:$PORT/opportunities/$OPEN/bid"
# Evaluation onwards, on the demo's procurements at those stages, over the same database.
EVALUATOR="$TMP/evaluator"
sign_in evaluator@kent.police.uk "$EVALUATOR"
id_of() { sqlite3 "$TMP/bench.db" "SELECT id FROM procurement WHERE title = '$1'"; }
EVALUATING="$(id_of 'Digital evidence sharing platform')"
AWARDED="$(id_of 'Automatic number plate recognition cameras')"
STANDSTILL="$(id_of 'Command and control replacement')"
BID="$(sqlite3 "$TMP/bench.db" "SELECT bid_id FROM evaluation_assignment a JOIN app_user u ON u.id = a.user_id
  WHERE a.procurement_id = $EVALUATING AND u.email = 'evaluator@kent.police.uk' LIMIT 1")"
OCID="$(sqlite3 "$TMP/bench.db" "SELECT ocid FROM ocds_release WHERE procurement_id = $AWARDED LIMIT 1")"
for page in "$BUYER /procurements/$EVALUATING/evaluation" "$EVALUATOR /procurements/$EVALUATING/evaluate/$BID" \
  "$BUYER /procurements/$AWARDED/moderation" "$BUYER /procurements/$STANDSTILL/award" \
  "$SUPPLIER /opportunities/$STANDSTILL/assessment" "$JAR /contracts"; do
  set -- $page
  status="$(curl -s -o /dev/null -w '%{http_code}' -b "$1" "http://127.0.0.1:$PORT$2")"
  [ "$status" = 200 ] || { echo "bench: $2 answered $status" >&2; exit 1; }
done
measure "GET /procurements (evaluator)" -b "$EVALUATOR" "http://127.0.0.1:$PORT/procurements"
measure "GET /procurements/{id}/evaluation" -b "$BUYER" "http://127.0.0.1:$PORT/procurements/$EVALUATING/evaluation"
measure "GET /procurements/{id}/evaluate/{bid}" -b "$EVALUATOR" "http://127.0.0.1:$PORT/procurements/$EVALUATING/evaluate/$BID"
measure "GET /procurements/{id}/moderation" -b "$BUYER" "http://127.0.0.1:$PORT/procurements/$AWARDED/moderation"
measure "GET /procurements/{id}/award" -b "$BUYER" "http://127.0.0.1:$PORT/procurements/$STANDSTILL/award"
measure "GET /opportunities/{id}/assessment" -b "$SUPPLIER" "http://127.0.0.1:$PORT/opportunities/$STANDSTILL/assessment"
measure "GET /contracts (national)" -b "$JAR" "http://127.0.0.1:$PORT/contracts"
measure "GET /contracts.csv (national)" -b "$JAR" "http://127.0.0.1:$PORT/contracts.csv"
measure "GET / (Kent buyer home)" -b "$BUYER" "http://127.0.0.1:$PORT/"
measure "GET /api/v1/ocds/releases" "http://127.0.0.1:$PORT/api/v1/ocds/releases"
measure "GET /api/v1/ocds/{ocid}/record" "http://127.0.0.1:$PORT/api/v1/ocds/$OCID/record"
echo "server resident memory after page views: $(awk '/VmRSS/ { printf "%.1f MiB", $2 / 1024 }' /proc/$PID/status)"
N=$(( N / 10 > 10 ? N / 10 : 10 )) measure "POST /api/v1/sign-in (argon2id)" \
  -H 'Content-Type: application/json' -d '{"email":"buyer@kent.police.uk","password":"bluelamp-demo-2026"}' \
  "http://127.0.0.1:$PORT/api/v1/sign-in"
echo "server resident memory after sign-ins: $(awk '/VmRSS/ { printf "%.1f MiB", $2 / 1024 }' /proc/$PID/status)"
# What the browser downloads. The files carry their content hash in their names.
for ext in wasm js css; do
  p="$(ls target/site/pkg/bluelamp.*."$ext" 2>/dev/null | head -1)"
  [ -n "$p" ] || continue
  printf "%-6s %8d bytes, %7d gzip, %7d brotli (as served: %s)\n" "$ext" "$(stat -c %s "$p")" \
    "$(curl -s -H 'Accept-Encoding: gzip' "http://127.0.0.1:$PORT/pkg/${p##*/}" | wc -c)" \
    "$(curl -s -H 'Accept-Encoding: br' "http://127.0.0.1:$PORT/pkg/${p##*/}" | wc -c)" "${p##*/}"
done
# A first visit downloads the page, its stylesheet, script and wasm, and the icon; a repeat
# visit only the page (the assets are cached for a year). Bytes as sent with brotli, headers included.
bytes() { curl -s -o /dev/null -w '%{size_download} %{size_header}\n' -H 'Accept-Encoding: br' "$@" | awk '{ print $1 + $2 }'; }
visit() {
  local label="$1" path="$2"; shift 2
  local html; html="$(bytes "$@" "http://127.0.0.1:$PORT$path")"
  local assets=0
  for a in $(curl -s "$@" "http://127.0.0.1:$PORT$path" | grep -oE '/pkg/bluelamp\.[^"]+\.(css|js|wasm)' | sort -u) /favicon.svg; do
    assets=$(( assets + $(bytes "http://127.0.0.1:$PORT$a") ))
  done
  printf "%-34s first visit %7d bytes   repeat visit %6d bytes (the page only)\n" "$label" $(( html + assets )) "$html"
}
visit "GET /sign-in" /sign-in
visit "GET / (national admin home)" / -b "$JAR"
