#!/usr/bin/env bash
# `make e2e`: the end-to-end suite against the real debug binary.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
ensure_apt "${APP_PACKAGES[@]}" "${E2E_PACKAGES[@]}"
ensure_tauri_driver
build_ui
say "Building the app (debug)"
cargo build --bin healing-arc
ensure_npm
rm -rf target/e2e && mkdir -p target/e2e
say "Running the end-to-end suite (screenshots in target/e2e/)"
export HEALING_ARC_BINARY="${CARGO_TARGET_DIR:-$ROOT/target}/debug/healing-arc"
# installed*.test.mjs test the release packages; scripts/installed.sh runs them.
cd tests/e2e
tests=()
for f in ./*.test.mjs; do
  case "$f" in ./installed*.test.mjs) ;; *) tests+=("$f") ;; esac
done
node --test --test-concurrency=1 --test-reporter=spec "${tests[@]}"
