#!/usr/bin/env bash
# Starts Bluelamp for the browser tests on a fresh, throw-away SQLite database with demo data.
# Used by playwright.config.ts (webServer). Env: BLUELAMP_BIN, E2E_PORT.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BIN="${BLUELAMP_BIN:-/root/.cache/bluelamp-target/release/bluelamp}"
PORT="${E2E_PORT:-3199}"
TMP="$(mktemp -d "${TMPDIR:-/tmp}/bluelamp-e2e.XXXXXX")"
cd "$ROOT"
"$BIN" --database-url "sqlite://$TMP/bl.db" --audit-key-file "$TMP/audit.key" serve --demo \
  --bind "127.0.0.1:$PORT" --trust-forwarded-for --site-root "$ROOT/target/site" &
pid=$!
cleanup() {
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -rf "$TMP"
}
trap cleanup EXIT INT TERM
wait "$pid"
