#!/usr/bin/env bash
# Runs every test: formatting, clippy, unit and service tests on SQLite and PostgreSQL, HTTP
# tests, and browser tests (Playwright on Debian's Chromium, with axe). Starts a local
# PostgreSQL when TEST_DATABASE_URL is not set.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

# No incremental caches: they run to tens of GB in a warm target directory (a debug libapp
# alone is 2.5 GB) and a clean CI clone does not reuse them.
export CARGO_INCREMENTAL=0

started=$(date +%s)
step() { say "$* ($(( $(date +%s) - started ))s)"; }

step "cargo fmt --check and leptosfmt --check"
cargo fmt --all -- --check
leptosfmt --quiet --check app/src server/src frontend/src

step "cargo clippy (server side, all targets)"
cargo clippy --all-targets -- -D warnings
step "cargo clippy (browser side, wasm32)"
cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings

step "cargo deny (licences, bans, sources, advisories)"
# cargo deny reads the whole dependency graph, every platform's crates included: fetch them
# (clippy only downloads this machine's), so --offline finds them all.
cargo fetch --locked
if [ -n "$(bash "$ROOT/scripts/advisory-db.sh")" ]; then
  cargo deny --offline check
else
  # No snapshot beside this clone: the advisories come from the live database instead.
  cargo deny check
fi

if [ -z "${TEST_DATABASE_URL:-}" ]; then
  step "Starting a local PostgreSQL"
  source "$ROOT/scripts/postgres.sh"
fi
echo "PostgreSQL for tests: ${TEST_DATABASE_URL%%:*}://…@${TEST_DATABASE_URL##*@}"

step "Unit, service and HTTP tests (SQLite and PostgreSQL)"
cargo test --all-targets 2>&1 | tee "$CARGO_TARGET_DIR/cargo-test.log"

# The release build, as people get it: the page-weight and Web Vitals budgets are about what
# the browser really downloads (the debug wasm is ten times larger).
step "Building the app for the browser tests (release, precompressed)"
cargo leptos build --release --precompress

step "Browser tests (Playwright + axe)"
export BLUELAMP_BIN="$CARGO_TARGET_DIR/release/bluelamp"
npx playwright test --config tests/e2e/playwright.config.ts

step "Done"
# One closing line that counts every test that ran.
rust_passed=$(grep -Eo '^test result: ok\. [0-9]+ passed' "$CARGO_TARGET_DIR/cargo-test.log" | awk '{s+=$4} END {print s+0}')
e2e_passed=$(grep -Eo '"expected": [0-9]+' test-results/e2e-results.json 2>/dev/null | head -1 | grep -Eo '[0-9]+' || echo 0)
echo "all tests: $((rust_passed + e2e_passed)) passed, 0 failed"
