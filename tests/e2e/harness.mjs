// End-to-end harness: one real app per test file, driven through tauri-driver.
//
// start() launches Xvfb on a free display, tauri-driver on free ports, and a
// WebDriver session that opens the real debug binary with a fresh data folder (and
// fresh XDG folders, so WebKit's own storage is isolated too). stop() ends every
// process it started, also when a test failed; an exit hook catches the rest.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { remote } from "webdriverio";

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, "../..");
export const screenshotDir = path.join(repoRoot, "target", "e2e");
export const appBinary =
  process.env.HEALING_ARC_BINARY ?? path.join(repoRoot, "target", "debug", "healing-arc");

const running = new Set();

function killAll() {
  for (const child of running) {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      /* already gone */
    }
  }
  running.clear();
}
process.on("exit", killAll);
for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, () => {
    killAll();
    process.exit(130);
  });
}

function launch(cmd, args, env) {
  // Own process group, so stop() can end the whole tree (WebKitWebDriver, the app, WebKit helpers).
  const child = spawn(cmd, args, { env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  running.add(child);
  let log = "";
  const keep = (chunk) => {
    log = (log + chunk.toString()).slice(-20000);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  child.on("exit", () => running.delete(child));
  return { child, log: () => log };
}

function stopProcess(proc) {
  if (!proc || proc.child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      try {
        process.kill(-proc.child.pid, "SIGKILL");
      } catch {
        /* gone */
      }
      resolve();
    }, 3000);
    proc.child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    try {
      process.kill(-proc.child.pid, "SIGTERM");
    } catch {
      clearTimeout(timer);
      resolve();
    }
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function freeDisplay() {
  for (let n = 90 + Math.floor(Math.random() * 100); n < 400; n++) {
    if (!existsSync(`/tmp/.X${n}-lock`) && !existsSync(`/tmp/.X11-unix/X${n}`)) return n;
  }
  throw new Error("no free X display number");
}

async function waitFor(check, what, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      /* not yet */
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Starts the real app and returns { browser, dataDir, home, stop, screenshot }.
 * `options.dataDir` reuses a data folder (to test what survives a restart);
 * `options.binary` runs another build (the bench's memory floor).
 */
export async function start(options = {}) {
  const binary = options.binary ?? appBinary;
  if (!existsSync(binary)) {
    throw new Error(`app binary missing at ${binary}: build it first (make e2e does)`);
  }
  const home = mkdtempSync(path.join(tmpdir(), "healing-arc-e2e-"));
  const dataDir = options.dataDir ?? path.join(home, "data");
  const xdg = (name) => {
    const dir = path.join(home, name);
    mkdirSync(dir, { recursive: true });
    return dir;
  };
  const procs = [];
  const stop = async () => {
    await browserStop();
    for (const p of procs.reverse()) await stopProcess(p);
    if (!options.keepHome) rmSync(home, { recursive: true, force: true });
  };
  let browser = null;
  const browserStop = async () => {
    if (browser) {
      try {
        await browser.deleteSession();
      } catch {
        /* the app may be gone already */
      }
      browser = null;
    }
  };

  try {
    const display = freeDisplay();
    const xvfb = launch(
      "Xvfb",
      [`:${display}`, "-screen", "0", "1280x900x24", "-nolisten", "tcp"],
      process.env,
    );
    procs.push(xvfb);
    await waitFor(() => existsSync(`/tmp/.X11-unix/X${display}`), "Xvfb");

    const port = await freePort();
    const nativePort = await freePort();
    const env = {
      ...process.env,
      DISPLAY: `:${display}`,
      HEALING_ARC_DATA_DIR: dataDir,
      XDG_DATA_HOME: xdg("xdg-data"),
      XDG_CONFIG_HOME: xdg("xdg-config"),
      XDG_CACHE_HOME: xdg("xdg-cache"),
      XDG_RUNTIME_DIR: xdg("xdg-runtime"),
      TMPDIR: xdg("tmp"),
      // The app turns WebKit's DMA-BUF renderer off to save memory; WebKitWebDriver's
      // screenshots hang without it under Xvfb, so the tests keep it on.
      WEBKIT_DISABLE_DMABUF_RENDERER: "0",
      ...options.env,
    };
    const driver = launch(
      "tauri-driver",
      ["--port", String(port), "--native-port", String(nativePort)],
      env,
    );
    procs.push(driver);
    await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/status`)).ok, "tauri-driver");

    // Creating the session launches the app.
    const launchedAt = performance.now();
    browser = await remote({
      hostname: "127.0.0.1",
      port,
      logLevel: "warn",
      connectionRetryCount: 0,
      capabilities: { "tauri:options": { application: binary } },
    });
    await browser.setTimeout({ implicit: 0, script: 30000 });
    mkdirSync(screenshotDir, { recursive: true });
    return {
      browser,
      dataDir,
      home,
      stop,
      driverLog: () => driver.log(),
      driverPid: driver.child.pid,
      launchedAt,
      screenshot: async (name) => {
        // Let the page paint what the test just waited for before the picture is taken.
        await browser.execute(
          () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(null)))),
        );
        await browser.saveScreenshot(path.join(screenshotDir, `${name}.png`));
      },
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Calls a backend command through the app's own IPC, as the UI does. */
export async function invoke(browser, command, args = {}) {
  const result = await browser.execute(
    async (cmd, a) => {
      try {
        return { ok: await window.__TAURI_INTERNALS__.invoke(cmd, a) };
      } catch (e) {
        return { err: e };
      }
    },
    command,
    args,
  );
  return result;
}

/** A command's `ok` value; fails the test, naming the error, if it answered `err`. */
export async function invokeOk(browser, command, input) {
  const res = await invoke(browser, command, input === undefined ? {} : { input });
  assert.ok(res && "ok" in res, `${command} failed: ${JSON.stringify(res?.err)}`);
  return res.ok;
}

/** A command's `err` value; fails the test if the command succeeded. */
export async function invokeErr(browser, command, input) {
  const res = await invoke(browser, command, input === undefined ? {} : { input });
  assert.ok(res && "err" in res, `${command} should have failed`);
  return res.err;
}

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** axe-core's serious and critical findings on the current screen, one line each. */
export async function accessibilityProblems(browser) {
  await browser.execute(AXE);
  return browser.execute(async () => {
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  });
}
