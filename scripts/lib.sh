# Shared helpers for the Makefile's scripts: install only what is missing, and say so.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$PATH"

# Debian packages the app needs to build and run (Tauri on Linux).
APP_PACKAGES=(build-essential pkg-config libssl-dev libwebkit2gtk-4.1-dev librsvg2-dev
  libayatana-appindicator3-dev libsoup-3.0-dev libxdo-dev)
# What the tests add: a virtual display and WebKit's WebDriver for the end-to-end
# suite, and a D-Bus daemon for the desktop-lock test (a private bus).
E2E_PACKAGES=(xvfb webkit2gtk-driver dbus)

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

# `npm ci` in a folder, only when its lock file changed since the last install.
ensure_npm() {
  local dir="$1" stamp sum
  stamp="$dir/node_modules/.installed-lock-sha"
  sum="$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$sum" ]; then
    say "Installing npm packages in ${dir#"$ROOT"/}"
    (cd "$dir" && npm ci --no-audit --no-fund)
    echo "$sum" >"$stamp"
  fi
}

ensure_tauri_driver() {
  if ! command -v tauri-driver >/dev/null 2>&1; then
    say "Installing tauri-driver 2.x from crates.io"
    cargo install tauri-driver --version '^2' --locked
  fi
}

# cargo-deny for the supply-chain checks (deny.toml), pinned.
ensure_cargo_deny() {
  if ! cargo deny --version 2>/dev/null | grep -q "0.20.2"; then
    say "Installing cargo-deny 0.20.2 from crates.io"
    cargo install cargo-deny --version 0.20.2 --locked
  fi
}

# Builds the web UI into ui/dist, which the Rust build embeds.
build_ui() {
  ensure_npm "$ROOT/ui"
  say "Building the UI"
  (cd "$ROOT/ui" && npm run --silent build -- --logLevel warn)
}
