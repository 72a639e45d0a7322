// `make bench` (the app part): a release build under Xvfb, driven like the tests.
// Prints a table of medians: launch to the first screen, unlock to Today against the
// unlock command alone (the KDF), the Together chart with 10 years of shared data, and
// the memory (PSS) of all the app's processes at the first screen and at idle after
// unlock, beside the floor: the same app built with a static page and no script
// (HEALING_ARC_FLOOR_BINARY, built by scripts/bench.sh from tests/e2e/floor/). Each run
// opens a vault made by an earlier app, as a person opening the app does; the memory of
// the app that made the vault is printed too.
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { invokeOk, start } from "./harness.mjs";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const FLOOR = process.env.HEALING_ARC_FLOOR_BINARY;
// Idle long enough for the page's own start-up garbage to be collected.
const IDLE_MS = 5000;
const PASS = "bench passphrase of some length";
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const call = invokeOk;

/** PSS in kB of a process and all its descendants (the app and its WebKit processes). */
function treePss(rootPid) {
  const pids = [rootPid];
  for (let i = 0; i < pids.length; i++) {
    try {
      const kids = execFileSync("ps", ["-o", "pid=", "--ppid", String(pids[i])], { encoding: "utf8" });
      pids.push(...kids.split(/\s+/).filter(Boolean).map(Number));
    } catch {
      /* no children */
    }
  }
  let total = 0;
  const names = [];
  for (const pid of pids) {
    try {
      const comm = readFileSync(`/proc/${pid}/comm`, "utf8").trim();
      if (comm === "tauri-driver" || comm === "WebKitWebDriver") continue;
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
      const kb = Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
      total += kb;
      names.push(`${comm}=${Math.round(kb / 1024)}MB`);
    } catch {
      /* gone */
    }
  }
  return { total, names };
}

const rows = [];
const launch = [];
const unlockIpc = [];
const unlockUi = [];
let pss = null;
let pssFirst = null;
let pssMade = null;

// A person opens the app to a vault made on an earlier day: one app makes it, and every
// run starts a fresh app on a copy of its folder.
const maker = await start({ keepHome: true, env: { WEBKIT_DISABLE_DMABUF_RENDERER: "" } });
await (await maker.browser.$("h1")).waitForDisplayed({ timeout: 30000 });
await call(maker.browser, "vault_create", { name: "Bench", role: "ap", colour: 0, passphrase: PASS });
await call(maker.browser, "vault_lock");
await maker.stop();
const made = maker.dataDir;

for (let run = 0; run < RUNS; run++) {
  const home = mkdtempSync(path.join(tmpdir(), "healing-arc-bench-"));
  cpSync(made, path.join(home, "data"), { recursive: true });
  // The app's own rendering settings (the harness keeps DMA-BUF on for screenshots).
  const app = await start({
    dataDir: path.join(home, "data"),
    env: { WEBKIT_DISABLE_DMABUF_RENDERER: "" },
  });
  const b = app.browser;
  await (await b.$("h1=Welcome back")).waitForDisplayed({ timeout: 30000, interval: 10 });
  launch.push(performance.now() - app.launchedAt);
  if (run === RUNS - 1) {
    await b.pause(IDLE_MS);
    pssFirst = treePss(app.driverPid);
  }
  await (await b.$("aria/Your passphrase")).setValue(PASS);
  const open = await b.$("aria/Open");
  let u0 = performance.now();
  await open.click();
  await (await b.$("h1=Today")).waitForDisplayed({ timeout: 15000, interval: 10 });
  unlockUi.push(performance.now() - u0);
  if (run === RUNS - 1) {
    await b.pause(IDLE_MS);
    pss = treePss(app.driverPid);
  }
  await call(b, "vault_lock");
  u0 = performance.now();
  await call(b, "vault_unlock", { slot: 1, passphrase: PASS });
  unlockIpc.push(performance.now() - u0);
  await app.stop();
  rmSync(home, { recursive: true, force: true });
}
rmSync(maker.home, { recursive: true, force: true });

// As the bench measured before: the app that has just made the vault (which keeps the
// passphrase checker's word lists), unlocked again after the page reloads.
{
  const app = await start({ env: { WEBKIT_DISABLE_DMABUF_RENDERER: "" } });
  const b = app.browser;
  await (await b.$("h1")).waitForDisplayed({ timeout: 30000 });
  await call(b, "vault_create", { name: "Bench", role: "ap", colour: 0, passphrase: PASS });
  await call(b, "vault_lock");
  await call(b, "vault_unlock", { slot: 1, passphrase: PASS });
  await call(b, "vault_lock");
  await b.refresh();
  await (await b.$("h1=Welcome back")).waitForDisplayed({ timeout: 15000 });
  await (await b.$("aria/Your passphrase")).setValue(PASS);
  await (await b.$("aria/Open")).click();
  await (await b.$("h1=Today")).waitForDisplayed({ timeout: 15000, interval: 10 });
  await b.pause(IDLE_MS);
  pssMade = treePss(app.driverPid);
  await app.stop();
}

// The floor: what WebKitGTK and the app's Rust side cost with a page of plain text.
let pssFloor = null;
if (FLOOR) {
  const floors = [];
  for (let run = 0; run < 3; run++) {
    const app = await start({ binary: FLOOR, env: { WEBKIT_DISABLE_DMABUF_RENDERER: "" } });
    await (await app.browser.$("h1")).waitForDisplayed({ timeout: 30000 });
    await app.browser.pause(IDLE_MS);
    floors.push(treePss(app.driverPid));
    await app.stop();
  }
  pssFloor = floors.sort((x, y) => x.total - y.total)[1];
}

// The Together chart with 10 years of daily shared check-ins for both partners.
const app = await start({ env: { WEBKIT_DISABLE_DMABUF_RENDERER: "" } });
const b = app.browser;
await (await b.$("h1")).waitForDisplayed({ timeout: 30000 });
await call(b, "vault_create", { name: "Ten", role: "ap", colour: 0, passphrase: PASS });
await call(b, "vault_add_partner", { name: "Years", role: "op", colour: 1, passphrase: PASS + "!" });
const seed = async (slot, pass) => {
  await call(b, "vault_lock");
  await call(b, "vault_unlock", { slot, passphrase: pass });
  await b.execute(async (slotNo) => {
    const today = new Date();
    const jobs = [];
    for (let i = 0; i < 3650; i++) {
      const d = new Date(today.getFullYear(), today.getMonth(), today.getDate() - i);
      const p = (n) => String(n).padStart(2, "0");
      const date = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
      const stance = Math.round(2.5 * Math.sin(i / (20 + slotNo * 7)));
      jobs.push(() =>
        window.__TAURI_INTERNALS__.invoke("checkin_save", {
          input: { date, stance, share: { numbers: "partner", note: "private" } },
        }),
      );
    }
    for (const job of jobs) await job();
  }, slot);
};
const s0 = performance.now();
await seed(2, PASS + "!");
await seed(1, PASS);
const seedSecs = (performance.now() - s0) / 1000;
await b.refresh();
await (await b.$("h1=Today")).waitForDisplayed({ timeout: 15000 });
const chart = [];
const viewIpc = [];
for (let i = 0; i < RUNS; i++) {
  let c0 = performance.now();
  await call(b, "together_view");
  viewIpc.push(performance.now() - c0);
  await (await b.$("aria/Today")).click();
  await (await b.$("h1=Today")).waitForDisplayed({ timeout: 15000 });
  c0 = performance.now();
  await (await b.$("aria/Together")).click();
  await (await b.$("canvas")).waitForDisplayed({ timeout: 30000, interval: 10 });
  chart.push(performance.now() - c0);
}
await app.stop();

const ms = (x) => `${x.toFixed(0)} ms`;
rows.push(["launch to the first screen", ms(median(launch)), "≤ 1000 ms"]);
rows.push(["unlock command alone (Argon2id m=64 MiB, t=3)", ms(median(unlockIpc)), ""]);
rows.push(["click Open → Today shown", ms(median(unlockUi)), ""]);
rows.push([
  "  beyond the unlock command",
  ms(median(unlockUi) - median(unlockIpc)),
  "≤ 300 ms",
]);
rows.push(["together_view, 10 years × 2 partners (IPC)", ms(median(viewIpc)), ""]);
rows.push(["click Together → chart drawn, 10 years", ms(median(chart)), "≤ 300 ms"]);
const mb = (p) => (p ? `${Math.round(p.total / 1024)} MB` : "not run");
if (pssFloor) rows.push(["memory (PSS), floor: same app, static page, no script", mb(pssFloor), ""]);
rows.push(["memory (PSS) of the app's processes, first screen (lock)", mb(pssFirst), ""]);
rows.push(["memory (PSS) of the app's processes, idle after unlock", mb(pss), "≤ 200 MB"]);
const above = (p) => `${Math.round((p.total - pssFloor.total) / 1024)} MB`;
if (pssFloor && pss) rows.push(["  above the floor", above(pss), "≤ 20 MB"]);
rows.push(["idle after unlock, in the app that made the vault", mb(pssMade), ""]);
if (pssFloor && pssMade) rows.push(["  above the floor", above(pssMade), ""]);
console.log(`\nHealing Arc UI bench: ${RUNS} runs each, medians (${new Date().toISOString().slice(0, 10)})`);
console.log(`(seeding 7,300 check-ins through IPC took ${seedSecs.toFixed(1)} s)`);
for (const [what, value, target] of rows) console.log(`| ${what.padEnd(55)} | ${value.padStart(8)} | ${target.padEnd(10)} |`);
if (pssFloor) console.log(`floor:        ${pssFloor.names.join(", ")}`);
console.log(`first screen: ${pssFirst?.names.join(", ")}`);
console.log(`after unlock: ${pss?.names.join(", ")}`);
console.log(`made, after unlock: ${pssMade?.names.join(", ")}`);
process.exit(0);
