#!/usr/bin/env bash
# Puts the snapshot of the RustSec advisory database (../shared/advisory-db, plain files) where
# `cargo deny --offline` reads it: a git repository named after the database's URL under the
# db-path of deny.toml. Commits only when the snapshot changed. Prints the folder it used, or
# nothing when there is no snapshot beside the clone.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SNAPSHOT="${BLUELAMP_ADVISORY_SNAPSHOT:-$ROOT/../shared/advisory-db}"
# cargo-deny's folder name for https://github.com/rustsec/advisory-db.
DB="$HOME/.cache/bluelamp-advisory-db/advisory-db-3157b0e258782691"
[ -d "$SNAPSHOT/crates" ] || exit 0
mkdir -p "$DB"
git_() { git -C "$DB" -c user.name=bluelamp -c user.email=bluelamp@localhost -c commit.gpgsign=false "$@"; }
[ -d "$DB/.git" ] || git_ init -q
# Replace the working tree with the snapshot (the snapshot is read-only: copy without modes).
find "$DB" -mindepth 1 -maxdepth 1 ! -name .git -exec rm -rf {} +
cp -R --no-preserve=mode "$SNAPSHOT/." "$DB/"
git_ add -A
if ! git_ diff --cached --quiet 2>/dev/null || ! git_ rev-parse -q --verify HEAD >/dev/null; then
  git_ commit -q -m "RustSec advisory database snapshot"
fi
echo "$DB"
