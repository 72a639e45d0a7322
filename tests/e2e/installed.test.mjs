// The app as a person gets it: the release .deb (HEALING_ARC_DEB) installed with apt,
// the installed binary driven through its first screens, then the package purged.
// Afterwards nothing the package brought may be left, and the person's data folder
// (the app never deletes it) must still be there. Run by scripts/installed.sh, which
// builds the .deb once; needs root or sudo, as the set-up's apt-get does. Not part of
// `make e2e` (the other files test the debug build).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { invoke, repoRoot, start } from "./harness.mjs";

const DEB = process.env.HEALING_ARC_DEB;
const PACKAGE = "healing-arc";
const BINARY = "/usr/bin/healing-arc";
const PASS = "quiet harbour lanterns";
const NOTE = `installed ${Date.now().toString(36)}`;
const identifier = JSON.parse(
  readFileSync(path.join(repoRoot, "tauri.conf.json"), "utf8"),
).identifier;

const asRoot = (cmd, args) =>
  process.getuid() === 0
    ? execFileSync(cmd, args, { stdio: "inherit" })
    : execFileSync("sudo", [cmd, ...args], { stdio: "inherit" });
const aptEnv = ["env", "DEBIAN_FRONTEND=noninteractive"];

function installed() {
  try {
    const s = execFileSync("dpkg-query", ["-W", "-f=${Status}", PACKAGE], {
      encoding: "utf8",
      stdio: "pipe",
    });
    return s.includes("install ok installed");
  } catch {
    return false; // unknown to dpkg
  }
}

/** Every path the package owns, as dpkg lists it. */
const owned = () =>
  execFileSync("dpkg", ["-L", PACKAGE], { encoding: "utf8" })
    .split("\n")
    .filter((p) => p.startsWith("/") && p !== "/.");

const exists = (p) => {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
};

/**
 * The packages the binary's shared libraries come from, as Debian's own tool computes
 * them, less those every Debian and Ubuntu system has (priority "required": libc6...).
 */
function linkedPackages(binary) {
  const dir = mkdtempSync(path.join(tmpdir(), "healing-arc-shlibs-"));
  try {
    mkdirSync(path.join(dir, "debian"));
    writeFileSync(
      path.join(dir, "debian", "control"),
      "Source: x\n\nPackage: x\nArchitecture: any\n",
    );
    const out = execFileSync("dpkg-shlibdeps", ["-O", binary], {
      cwd: dir,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    const list = out.trim().replace(/^shlibs:Depends=/, "");
    const names = list.split(",").map((d) => d.trim().split(/\s/)[0]);
    const priority = (pkg) =>
      execFileSync("dpkg-query", ["-W", "-f=${Priority}", pkg], { encoding: "utf8" }).trim();
    return names.filter((pkg) => priority(pkg) !== "required");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("the .deb installs with apt, its app runs, and a purge leaves only the person's data", async () => {
  assert.ok(DEB && existsSync(DEB), `HEALING_ARC_DEB must name the built .deb (got ${DEB})`);
  assert.equal(
    installed(),
    false,
    `${PACKAGE} is installed already; scripts/installed.sh removes it first`,
  );

  assert.equal(
    execFileSync("dpkg-deb", ["-f", DEB, "Package"], { encoding: "utf8" }).trim(),
    PACKAGE,
  );
  // What the package will own, and which of it is there before (/usr, the icon theme's folders...).
  const listed = execFileSync("dpkg-deb", ["--contents", DEB], { encoding: "utf8" })
    .split("\n")
    .map((l) => l.match(/^\S+\s+\S+\s+\d+\s+\S+\s+\S+\s+(?:\.\/|\/)?(.*?)\/?$/)?.[1])
    .filter((p) => p)
    .map((p) => `/${p}`);
  assert.ok(listed.includes(BINARY), `the package holds ${BINARY}`);
  const before = new Set(listed.filter(exists));
  asRoot(aptEnv[0], [
    ...aptEnv.slice(1),
    "apt-get",
    "install",
    "-y",
    "-q",
    "--no-install-recommends",
    path.resolve(DEB),
  ]);
  assert.ok(installed(), "apt installed the package");
  const purge = () =>
    asRoot(aptEnv[0], [...aptEnv.slice(1), "apt-get", "remove", "--purge", "-y", "-q", PACKAGE]);
  const files = owned();
  let dataDir, home;
  try {
    assert.deepEqual([...files].sort(), [...listed].sort(), "dpkg lists what the .deb holds");
    assert.ok(existsSync(BINARY), `the package installs ${BINARY}`);
    assert.deepEqual(
      files.filter((f) => f.startsWith("/usr/bin/")),
      [BINARY],
      "the app is the only program it installs (the developers' `arc` tool stays out)",
    );
    // apt pulls what the binary needs on a fresh system only if Depends names it.
    const depends = execFileSync("dpkg-deb", ["-f", DEB, "Depends"], { encoding: "utf8" })
      .split(",")
      .map((d) => d.trim().split(/\s/)[0]);
    const linked = linkedPackages(BINARY);
    assert.ok(linked.includes("libwebkit2gtk-4.1-0"), `dpkg-shlibdeps found ${linked}`);
    assert.deepEqual(
      linked.filter((pkg) => !depends.includes(pkg)),
      [],
      `libraries the binary links whose packages Depends does not name (Depends: ${depends})`,
    );
    const desktop = files.filter(
      (f) => f.startsWith("/usr/share/applications/") && f.endsWith(".desktop"),
    );
    assert.equal(desktop.length, 1, `one desktop entry: ${desktop}`);
    const entry = readFileSync(desktop[0], "utf8");
    assert.match(entry, /^Name=Healing Arc$/m);
    assert.match(entry, /^Exec=healing-arc$/m);
    assert.match(entry, /^Comment=A private companion for couples healing after a betrayal$/m);
    assert.match(entry, /^Icon=healing-arc$/m);
    assert.ok(
      files.some((f) => /^\/usr\/share\/icons\/hicolor\/\d+x\d+\/apps\/healing-arc\.png$/.test(f)),
      "the icon in the hicolor theme",
    );

    // The installed binary, with the platform's data folder (no HEALING_ARC_DATA_DIR):
    // XDG_DATA_HOME is the harness's fresh folder, so the data lands in <it>/<identifier>.
    const app = await start({ binary: BINARY, keepHome: true, env: { HEALING_ARC_DATA_DIR: "" } });
    home = app.home;
    dataDir = path.join(home, "xdg-data", identifier);
    const b = app.browser;
    const byName = (name) => b.$(`aria/${name}`);
    const click = async (name) => {
      const el = await byName(name);
      await el.waitForClickable({ timeout: 15000 });
      await el.click();
    };
    const type = async (label, text) => {
      const el = await byName(label);
      await el.waitForDisplayed({ timeout: 10000 });
      await el.setValue(text);
    };
    const heading = async (text, timeout = 20000) =>
      (await b.$(`h1=${text}`)).waitForDisplayed({ timeout });
    const unlock = async () => {
      await heading("Welcome back");
      await click("Partner 1");
      await type("Your passphrase", PASS);
      await click("Open");
      await heading("Today");
    };
    const see = (text) =>
      b.waitUntil(async () => (await b.execute(() => document.body.innerText)).includes(text), {
        timeout: 10000,
        timeoutMsg: `never saw "${text}"`,
      });
    try {
      await heading("Healing Arc");
      await app.screenshot("installed-welcome");
      await click("Create our private space");
      await heading("Before you begin");
      await click("I understand, let's begin");
      await heading("Your profile");
      await type("What should Healing Arc call you?", "Robin");
      await click("I am the partner who was hurt.");
      await type("Choose a passphrase", PASS);
      await type("Type it again", PASS);
      await click("Create my profile");
      await heading("Your recovery code", 30000);
      await click("I have written it down");
      await click("Continue");
      // The private safety check is offered next; skipping it never blocks.
      await heading("A private check, for you");
      await click("Skip");
      await heading("A second profile is optional");
      await click("Continue on my own");
      await unlock();

      await click("Unsure");
      await type("A note for today (optional)", NOTE);
      await click("Save check-in");
      await see("Saved");
      await app.screenshot("installed-today");

      await click("Lock");
      await unlock();
      const date = await b.execute(() => {
        const d = new Date();
        const p = (n) => String(n).padStart(2, "0");
        return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
      });
      const saved = await invoke(b, "checkin_get", { input: { date } });
      assert.equal(saved.ok?.stance, 0, JSON.stringify(saved));
      assert.equal(saved.ok.note, NOTE);
    } finally {
      await app.stop();
    }
    assert.ok(readdirSync(dataDir).length > 0, `the data folder ${dataDir} holds the vault`);
  } catch (err) {
    // A check failed with the package installed: take it off again, then report.
    if (installed()) purge();
    throw err;
  }

  purge();
  assert.equal(installed(), false, "the package is gone from dpkg");
  const left = files.filter((f) => !before.has(f) && exists(f));
  assert.deepEqual(left, [], "left behind by the purge");
  assert.ok(readdirSync(dataDir).length > 0, "the person's data folder stays");
  rmSync(home, { recursive: true, force: true });
});
