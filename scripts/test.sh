#!/usr/bin/env bash
# `make test`: every check, in order, then a summary. Stops at the first failure so
# the cause is the last thing on screen.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

ensure_apt "${APP_PACKAGES[@]}" "${E2E_PACKAGES[@]}"
ensure_tauri_driver
ensure_cargo_deny
build_ui

declare -a RESULTS=()
step() {
  local name="$1"
  shift
  say "$name"
  local t0=$SECONDS
  local rc=0
  "$@" || rc=$?
  if [ "$rc" -eq 0 ]; then
    RESULTS+=("ok    $name ($((SECONDS - t0))s)")
  elif [ "$rc" -eq 3 ]; then
    # The check could not be made here (scripts/npm-audit.sh says why): not a pass.
    RESULTS+=("NOT CHECKED  $name ($((SECONDS - t0))s; see its output above)")
  else
    RESULTS+=("FAIL  $name ($((SECONDS - t0))s)")
    summary
    exit 1
  fi
}
summary() {
  echo
  say "Summary"
  printf '  %s\n' "${RESULTS[@]}"
}

rust_tests() {
  if command -v cargo-nextest >/dev/null 2>&1; then
    cargo nextest run --workspace --lib --bins --tests --no-fail-fast
  else
    cargo test --workspace --lib --bins --tests --no-fail-fast
  fi
}

step "Rust formatting (cargo fmt --check)" cargo fmt --all --check
step "Rust lints (cargo clippy -D warnings)" cargo clippy --workspace --all-targets --locked -- -D warnings
# The model, vault and report built as they are without the app (no TypeScript derives):
# what the fuzz target and any other user of the crates gets.
step "The layer crates on their own (cargo clippy -p)" \
  cargo clippy -p healing-arc-model -p healing-arc-vault -p healing-arc-report --all-targets --locked -- -D warnings
# Advisories need the RustSec database from GitHub: their own step, NOT CHECKED where it
# cannot be fetched (scripts/deny-advisories.sh).
step "Supply chain (cargo deny: licences, bans, sources)" cargo deny --log-level error check licenses bans sources
step "Rust advisories (cargo deny check advisories, RustSec)" scripts/deny-advisories.sh
step "UI runtime packages (npm audit --omit=dev)" scripts/npm-audit.sh
step "Rust unit, integration, property and golden tests; TypeScript bindings up to date" rust_tests
step "UI type check (svelte-check)" bash -c "cd ui && npm run --silent check"
step "UI unit tests (Vitest)" bash -c "cd ui && npm run --silent test"
step "End-to-end suite (tauri-driver, Xvfb)" scripts/e2e.sh
step "The release .deb: installed with apt, driven, purged" scripts/installed.sh
step "UI formatting and lints (prettier --check, eslint)" bash -c "cd ui && npx prettier --check src && npx eslint src"
summary
