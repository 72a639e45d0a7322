#!/usr/bin/env bash
# Part of `make test`: known advisories in the Rust dependencies (`cargo deny check
# advisories`), against the RustSec database, which cargo-deny fetches from GitHub.
# Exit 0: checked, nothing found; 1: advisories found (listed); 3: the database could
# not be fetched, so nothing was checked (said plainly; `DENY_ADVISORIES_REQUIRED=1`
# makes that a failure). The other cargo-deny checks need no network and always run.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
if timeout 120 cargo deny --log-level error fetch db >/dev/null 2>&1; then
  exec cargo deny --log-level error check advisories
fi
echo "cargo deny advisories: NOT CHECKED. The RustSec advisory database could not be fetched" >&2
echo "(github.com is out of reach from this machine), so the Rust dependencies were not" >&2
echo "checked for known advisories. Run \`cargo deny check advisories\` where it can be reached." >&2
if [ "${DENY_ADVISORIES_REQUIRED:-}" = 1 ]; then exit 1; fi
exit 3
