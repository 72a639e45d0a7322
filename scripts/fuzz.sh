#!/usr/bin/env bash
# `make fuzz`: runs the import parser's fuzz target for a short while (FUZZ_SECONDS,
# default 30). Not part of `make test` or CI. Installs cargo-fuzz if missing; uses a
# nightly toolchain when rustup has one, else stable with RUSTC_BOOTSTRAP=1 (which
# cargo-fuzz's sanitizer flags need).
source "$(dirname "$0")/lib.sh"
cd "$ROOT/fuzz"
if ! command -v cargo-fuzz >/dev/null 2>&1; then
  say "Installing cargo-fuzz from crates.io"
  cargo install cargo-fuzz --locked
fi
toolchain=()
if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  toolchain=(+nightly)
else
  export RUSTC_BOOTSTRAP=1
fi
mkdir -p corpus/import
say "Fuzzing the own-data import parser for ${FUZZ_SECONDS:-30} s"
cargo "${toolchain[@]}" fuzz run import corpus/import seeds/import -- \
  -max_total_time="${FUZZ_SECONDS:-30}" -max_len=65536
