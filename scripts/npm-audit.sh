#!/usr/bin/env bash
# Part of `make test`: known advisories in the UI's runtime packages (what ships in the
# app), with `npm audit --omit=dev` against the npm registry. Exit 0: checked, nothing
# found; 1: advisories found (listed); 3: the registry refused to answer, so nothing
# was checked (said plainly; `NPM_AUDIT_REQUIRED=1` makes that a failure).
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
ensure_npm
out="$(npm audit --omit=dev --workspace ui --json 2>/dev/null)" && rc=0 || rc=$?
status="$(printf '%s' "$out" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{try{const j=JSON.parse(s);console.log(j.statusCode??(j.error?"error":"ok"))}catch{console.log("unreadable")}})')"
if [ "$status" = "ok" ]; then
  if [ "$rc" -eq 0 ]; then
    echo "npm audit: no known advisories in the UI's runtime packages."
    exit 0
  fi
  npm audit --omit=dev --workspace ui || true
  exit 1
fi
echo "npm audit: NOT CHECKED. The registry refused the audit request (answer: $status)," >&2
echo "so the UI's runtime packages were not checked for known advisories on this machine." >&2
echo "Run \`npm audit --omit=dev --workspace ui\` where the npm audit endpoint answers." >&2
if [ "${NPM_AUDIT_REQUIRED:-}" = 1 ]; then exit 1; fi
exit 3
