#!/usr/bin/env bash
# `make dev`: the UI from Vite's dev server with hot reload, inside the real window (a
# debug build with tauri.dev.conf.json merged in: devUrl, beforeDevCommand, a dev-only
# CSP that lets Vite's reload socket through). Web inspector on (right-click, "Inspect
# Element"); edits under ui/src show at once, edits to the Rust code rebuild and restart.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
ensure_apt "${APP_PACKAGES[@]}"
ensure_npm
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "No display found (DISPLAY and WAYLAND_DISPLAY are empty): the app needs a desktop session." >&2
  exit 1
fi
say "Starting Vite and Healing Arc (dev; Ctrl+C stops both)"
HEALING_ARC_DEVTOOLS=1 exec npx --no-install tauri dev --config tauri.dev.conf.json
