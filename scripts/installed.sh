#!/usr/bin/env bash
# Part of `make test`: builds the release .deb and .rpm (one release build, reused by
# the next run when nothing changed), installs the .deb with apt, drives the installed
# app through tauri-driver, purges it and checks what is left
# (tests/e2e/installed.test.mjs); then checks the .rpm with rpm's own tools in an empty
# root (tests/e2e/installed-rpm.test.mjs).
# Installs and removes a system package, through sudo when not root.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
ensure_apt "${APP_PACKAGES[@]}" "${E2E_PACKAGES[@]}"
ensure_tauri_driver
build_bundles deb,rpm
debs=("$BUNDLE_DIR"/deb/healing-arc_*.deb)
rpms=("$BUNDLE_DIR"/rpm/healing-arc-*.rpm)
if [ ${#debs[@]} -ne 1 ] || [ ! -f "${debs[0]}" ] || [ ${#rpms[@]} -ne 1 ] || [ ! -f "${rpms[0]}" ]; then
  echo "expected one healing-arc_*.deb and one healing-arc-*.rpm in $BUNDLE_DIR, found: ${debs[*]} ${rpms[*]}" >&2
  exit 1
fi
if dpkg-query -W -f='${Status}' healing-arc 2>/dev/null | grep -q "install ok installed"; then
  say "Removing the installed healing-arc first (its users' data folders stay)"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get remove --purge -y -qq healing-arc
fi
mkdir -p target/e2e
say "Installing ${debs[0]#"$ROOT"/}, driving /usr/bin/healing-arc, purging it"
cd tests/e2e
HEALING_ARC_DEB="${debs[0]}" HEALING_ARC_RPM="${rpms[0]}" \
  node --test --test-concurrency=1 --test-reporter=spec installed.test.mjs installed-rpm.test.mjs
