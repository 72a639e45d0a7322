// The release .rpm (HEALING_ARC_RPM), checked on this Debian machine with rpm's own
// tools: it declares what the binary links, as rpm names shared libraries
// ("libwebkit2gtk-4.1.so.0()(64bit)"), so dnf or zypper pull those libraries on a fresh
// system; it holds the same files as the .deb (HEALING_ARC_DEB), with the binary that
// installed.test.mjs drives (but for the package type Tauri's bundler writes into it);
// and it installs into an empty root and erases from it leaving nothing. No Fedora repository is reachable from here, so the libraries are
// not resolved against one: rpm's --nodeps stands in for that. Run by
// scripts/installed.sh after the .deb's test; not part of `make e2e`.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";

const RPM = process.env.HEALING_ARC_RPM;
const DEB = process.env.HEALING_ARC_DEB;
const PACKAGE = "healing-arc";
const BINARY = "/usr/bin/healing-arc";

const run = (cmd, args) =>
  execFileSync(cmd, args, { encoding: "utf8", stdio: "pipe" });
const lines = (s) =>
  s
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);

/** Every file (not folder) below `root`, as absolute paths inside it. */
function filesBelow(root, dir = root) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesBelow(root, p));
    else out.push(`/${path.relative(root, p)}`);
  }
  return out;
}

/**
 * Compares two builds of one binary: Tauri's bundler writes the package type ("deb",
 * "rpm") into a marker inside the binary, so the two may differ there and nowhere else.
 * Returns the differing bytes of each as text, or null when they differ elsewhere too.
 */
function bundleTypeMarks(rpmBinary, debBinary) {
  const a = readFileSync(rpmBinary);
  const b = readFileSync(debBinary);
  if (a.length !== b.length) return null;
  const at = [];
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) at.push(i);
  if (at.length === 0 || at.length > 3 || at[at.length - 1] - at[0] >= 3)
    return null;
  const first = at[0];
  return {
    rpm: a
      .subarray(first, first + 3)
      .toString("latin1")
      .toLowerCase(),
    deb: b
      .subarray(first, first + 3)
      .toString("latin1")
      .toLowerCase(),
  };
}

/** The binary's NEEDED entries, as rpm's dependency generator would name them. */
function neededAsRpm(binary) {
  const dynamic = run("readelf", ["--dynamic", "--wide", binary]);
  const sonames = [
    ...dynamic.matchAll(/\(NEEDED\)\s+Shared library: \[([^\]]+)\]/g),
  ].map((m) => m[1]);
  return sonames.map((so) => `${so}()(64bit)`);
}

test("the .rpm declares the libraries it links, holds what the .deb holds, and installs and erases cleanly", () => {
  assert.ok(
    RPM && existsSync(RPM),
    `HEALING_ARC_RPM must name the built .rpm (got ${RPM})`,
  );
  assert.ok(
    DEB && existsSync(DEB),
    `HEALING_ARC_DEB must name the built .deb (got ${DEB})`,
  );
  assert.equal(
    run("rpm", ["-qp", "--queryformat", "%{NAME}", RPM]).trim(),
    PACKAGE,
  );

  const root = mkdtempSync(path.join(tmpdir(), "healing-arc-rpm-root-"));
  const debRoot = mkdtempSync(path.join(tmpdir(), "healing-arc-deb-root-"));
  try {
    // An empty root, with rpm's database inside it (named: Debian's rpm keeps it in the
    // home folder by default), so nothing of this machine changes.
    const inRoot = ["--root", root, "--dbpath", "/var/lib/rpm"];
    run("rpm", [...inRoot, "--initdb"]);
    run("rpm", [...inRoot, "--nodeps", "-i", path.resolve(RPM)]);
    const installed = filesBelow(root).filter(
      (f) => !f.startsWith("/var/lib/rpm"),
    );
    assert.ok(
      installed.includes(BINARY),
      `the package installs ${BINARY}: ${installed}`,
    );

    // What the binary links, each named in Requires (a library every system has, such
    // as libc, is named too: rpm's own generator does the same).
    const requires = lines(run("rpm", ["-qp", "--requires", RPM]));
    const needed = neededAsRpm(path.join(root, BINARY));
    assert.ok(
      needed.includes("libwebkit2gtk-4.1.so.0()(64bit)"),
      `readelf found the binary's libraries: ${needed}`,
    );
    assert.deepEqual(
      needed.filter((lib) => !requires.includes(lib)),
      [],
      `libraries the binary links that Requires does not name (Requires: ${requires})`,
    );

    // The same files as the .deb, and the same binary (the one the .deb's test drives).
    run("dpkg-deb", ["-x", path.resolve(DEB), debRoot]);
    assert.deepEqual(
      installed.sort(),
      filesBelow(debRoot).sort(),
      "the .rpm holds what the .deb holds",
    );
    assert.deepEqual(
      bundleTypeMarks(path.join(root, BINARY), path.join(debRoot, BINARY)),
      { rpm: "rpm", deb: "deb" },
      "the same binary but for the package type Tauri's bundler writes into it",
    );
    const desktop = installed.filter((f) =>
      f.startsWith("/usr/share/applications/"),
    );
    assert.equal(desktop.length, 1, `one desktop entry: ${desktop}`);
    assert.match(
      readFileSync(path.join(root, desktop[0]), "utf8"),
      /^Exec=healing-arc$/m,
    );

    const names = () =>
      lines(run("rpm", [...inRoot, "-qa", "--queryformat", "%{NAME}\\n"]));
    assert.deepEqual(names(), [PACKAGE]);
    run("rpm", [...inRoot, "--nodeps", "-e", PACKAGE]);
    assert.deepEqual(
      filesBelow(root).filter((f) => !f.startsWith("/var/lib/rpm")),
      [],
      "left behind by the erase",
    );
    assert.deepEqual(names(), [], "rpm's database is empty again");
  } finally {
    rmSync(root, { recursive: true, force: true });
    rmSync(debRoot, { recursive: true, force: true });
  }
});
