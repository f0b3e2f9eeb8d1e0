#!/usr/bin/env bash
# Quick start: set up, build, migrate a SQLite database under data/, seed demo data and serve
# the app at http://127.0.0.1:3000 (override with BLUELAMP_BIND). Ctrl-C stops it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

export DATABASE_URL="${DATABASE_URL:-sqlite://data/bluelamp.db}"
say "Building Bluelamp"
cargo leptos build --release --precompress
say "Starting Bluelamp with demo data ($DATABASE_URL)"
exec "$CARGO_TARGET_DIR/release/bluelamp" serve --demo
