#!/usr/bin/env bash
# Installs whatever Bluelamp needs that this machine lacks, then stops. Idempotent: a second
# run checks versions and installs nothing. Sourced by start.sh and test.sh.
#
# Needs only Debian with Rust (rustup) and network access to crates.io, npm and Debian's
# package archive.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

CARGO_LEPTOS_VERSION=0.3.10
LEPTOSFMT_VERSION=0.1.33
CARGO_DENY_VERSION=0.20.2
# Reuse one cargo target directory outside the clone, so a fresh clone (CI) builds warm.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/bluelamp-target}"
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    say "Installing Debian packages: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# Browser tests need Chromium; the test command needs PostgreSQL.
apt_install chromium chromium-driver postgresql sqlite3 ca-certificates
# Node runs Sass and Playwright. Machines may carry a Node.js of their own (not Debian's):
# use it when it is there, and install Debian's only when there is none.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  apt_install nodejs npm
fi

if ! rustup target list --installed | grep -q '^wasm32-unknown-unknown$'; then
  say "Adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
  say "Installing cargo-leptos $CARGO_LEPTOS_VERSION (about 15 minutes, once per machine)"
  cargo install "cargo-leptos@$CARGO_LEPTOS_VERSION" --locked --features no_downloads
fi

# wasm-bindgen-cli must be exactly the wasm-bindgen version in Cargo.lock.
WB_VERSION="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)"
if ! wasm-bindgen --version 2>/dev/null | grep -q " $WB_VERSION\$"; then
  say "Installing wasm-bindgen-cli $WB_VERSION"
  cargo install "wasm-bindgen-cli@$WB_VERSION"
fi

# leptosfmt formats the view! macros; the test command checks them.
if ! leptosfmt --version 2>/dev/null | grep -q " $LEPTOSFMT_VERSION\$"; then
  say "Installing leptosfmt $LEPTOSFMT_VERSION"
  cargo install "leptosfmt@$LEPTOSFMT_VERSION" --locked
fi

# cargo-deny checks licences, banned and duplicate crates, sources and advisories.
if ! cargo deny --version 2>/dev/null | grep -q " $CARGO_DENY_VERSION\$"; then
  say "Installing cargo-deny $CARGO_DENY_VERSION"
  cargo install "cargo-deny@$CARGO_DENY_VERSION" --locked
fi

# npm packages: Sass (GOV.UK Frontend), binaryen (wasm-opt), Playwright and axe.
STAMP="node_modules/.bluelamp-lock"
if [ ! -f "$STAMP" ] || ! cmp -s package-lock.json "$STAMP"; then
  say "Installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$STAMP"
fi
