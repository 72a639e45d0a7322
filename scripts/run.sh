#!/usr/bin/env bash
# `make run`: install what is missing, build the UI, launch the app.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
ensure_apt "${APP_PACKAGES[@]}"
build_ui
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "No display found (DISPLAY and WAYLAND_DISPLAY are empty): the app needs a desktop session." >&2
  exit 1
fi
say "Building and starting Healing Arc"
exec cargo run --bin healing-arc
