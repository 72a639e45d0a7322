#!/usr/bin/env bash
# `make bench`: every benchmark, each printing a table of medians measured side by side
# in one run. Numbers go into docs/PERFORMANCE.md by hand, with the machine and date.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
ensure_apt "${APP_PACKAGES[@]}" "${E2E_PACKAGES[@]}"
build_ui
say "Model: replaying scenarios (release)"
cargo bench --bench model
say "Vault: against SQLCipher (release; compiles SQLCipher once)"
cargo bench --features bench-sqlcipher --bench vault
if grep -q 'name = "report"' Cargo.toml; then
  say "Therapist report and exports (release)"
  cargo bench --bench report
fi
say "Sync between two devices (release)"
cargo bench --bench sync
if [ -f tests/e2e/bench-ui.mjs ]; then
  ensure_tauri_driver
  ensure_npm
  release="${CARGO_TARGET_DIR:-$ROOT/target}/release"
  say "The memory floor: the app built with a static page instead of the UI (release)"
  TAURI_CONFIG='{"build":{"frontendDist":"tests/e2e/floor"}}' \
    cargo build --release --bin healing-arc
  cp "$release/healing-arc" "$release/healing-arc-floor"
  say "The app under Xvfb (release build)"
  cargo build --release --bin healing-arc
  (cd tests/e2e && HEALING_ARC_BINARY="$release/healing-arc" \
    HEALING_ARC_FLOOR_BINARY="$release/healing-arc-floor" node bench-ui.mjs)
fi
