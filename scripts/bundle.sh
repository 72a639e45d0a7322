#!/usr/bin/env bash
# `make bundle`: the release packages for Linux, .deb and .rpm, in
# target/release/bundle/{deb,rpm}/ (the formats Tauri's bundler makes without
# downloading anything; an AppImage would fetch its tools).
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
ensure_apt "${APP_PACKAGES[@]}"
build_bundles deb,rpm
say "Packages:"
ls -1 "$BUNDLE_DIR"/deb/*.deb "$BUNDLE_DIR"/rpm/*.rpm
