# Shared helpers for the Makefile's scripts: install only what is missing, and say so.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$PATH"

# Debian packages the app needs to build and run (Tauri on Linux).
APP_PACKAGES=(build-essential pkg-config libssl-dev libwebkit2gtk-4.1-dev librsvg2-dev
  libayatana-appindicator3-dev libsoup-3.0-dev libxdo-dev)
# What the tests add: a virtual display and WebKit's WebDriver for the end-to-end
# suite, a D-Bus daemon for the desktop-lock test (a private bus), poppler's
# pdftotext, with which the report tests read a PDF as a reader would, and qpdf and
# mupdf's mutool, more independent readers that open a password-protected report;
# rpm, whose own tools check the release .rpm (scripts/installed.sh).
E2E_PACKAGES=(xvfb webkit2gtk-driver dbus poppler-utils qpdf mupdf-tools rpm)

say() {
  if [ -t 1 ] && [ -z "${NO_COLOR:-}" ]; then printf '\033[1m==> %s\033[0m\n' "$*"; else printf '==> %s\n' "$*"; fi
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Installs the named Debian packages that are not installed yet.
ensure_apt() {
  local missing=()
  for pkg in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$pkg")
    fi
  done
  if [ ${#missing[@]} -gt 0 ]; then
    say "Installing Debian packages: ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

# `npm ci` at the repository root (its workspaces are ui/ and tests/e2e/), only when
# the lock file changed since the last install.
ensure_npm() {
  local stamp sum
  stamp="$ROOT/node_modules/.installed-lock-sha"
  sum="$(sha256sum "$ROOT/package-lock.json" | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$sum" ]; then
    say "Installing npm packages (root, ui/, tests/e2e/)"
    (cd "$ROOT" && npm ci --no-audit --no-fund)
    echo "$sum" >"$stamp"
  fi
}

# tauri-driver, pinned: the end-to-end suite is tested against this version.
TAURI_DRIVER_VERSION=2.1.0
ensure_tauri_driver() {
  if ! cargo install --list | grep -qx "tauri-driver v$TAURI_DRIVER_VERSION:"; then
    say "Installing tauri-driver $TAURI_DRIVER_VERSION from crates.io"
    cargo install tauri-driver --version "=$TAURI_DRIVER_VERSION" --locked --force
  fi
}

# cargo-deny for the supply-chain checks (deny.toml), pinned.
ensure_cargo_deny() {
  if ! cargo deny --version 2>/dev/null | grep -q "0.20.2"; then
    say "Installing cargo-deny 0.20.2 from crates.io"
    cargo install cargo-deny --version 0.20.2 --locked
  fi
}

# Builds the web UI into ui/dist, which the Rust build embeds: into a staging folder
# first, then only what changed is copied (scripts/build-ui.mjs), so an unchanged UI
# does not make cargo rebuild the app.
build_ui() {
  ensure_npm
  say "Building the UI"
  node "$ROOT/scripts/build-ui.mjs"
}

# The release packages (`build_bundles deb,rpm`) with the Tauri CLI from the root
# package.json: the UI, then the app with custom-protocol, then the packages. Tauri names the files after the product name, "Healing Arc_…";
# they are renamed to the package's name, as Debian and Fedora name theirs.
BUNDLE_DIR="${CARGO_TARGET_DIR:-$ROOT/target}/release/bundle"
build_bundles() {
  ensure_npm
  rm -f "$BUNDLE_DIR"/deb/*.deb "$BUNDLE_DIR"/rpm/*.rpm
  say "Building the release packages ($1)"
  # The UI comes from tauri.conf.json's beforeBuildCommand (scripts/build-ui.mjs).
  (cd "$ROOT" && npx --no-install tauri build --ci --bundles "$1")
  local f
  for f in "$BUNDLE_DIR"/deb/*.deb "$BUNDLE_DIR"/rpm/*.rpm; do
    [ -e "$f" ] || continue
    mv "$f" "$(dirname "$f")/$(basename "$f" | sed 's/^Healing Arc/healing-arc/')"
  done
}
