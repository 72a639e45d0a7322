// What happens around the daily use: the backend locks by itself after the idle
// minutes set in Settings, and a backup comes back on a fresh device through the
// "Restore from a backup" screen. The native file dialog can't be driven by WebDriver:
// the debug build's test seam (HEALING_ARC_TEST_FILE_CHOICE) answers it with a file.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { invoke, start } from "./harness.mjs";
import { screen } from "./screen.mjs";

const PASS = "lanterns over the bay";
const PASS2 = "orchard gate at noon";
const NOTE = `kept safe ${Date.now().toString(36)}`;
const spare = mkdtempSync(path.join(tmpdir(), "healing-arc-backup-"));
const backupFile = path.join(spare, "our.backup");
let app;

after(async () => {
  await app?.stop();
  rmSync(spare, { recursive: true, force: true });
});

async function ok(command, input) {
  const res = await invoke(app.browser, command, input === undefined ? {} : { input });
  assert.ok(res && "ok" in res, `${command} failed: ${JSON.stringify(res?.err)}`);
  return res.ok;
}

const choosing = (file) => ({ env: { HEALING_ARC_TEST_FILE_CHOICE: file } });

test("auto-lock: after the idle minutes set in Settings, the lock screen returns", async () => {
  app = await start(choosing(backupFile));
  const b = app.browser;
  await (await b.$("h1=Healing Arc")).waitForDisplayed({ timeout: 15000 });
  await ok("vault_create", { name: "Kit", role: "ap", colour: 3, passphrase: PASS });
  const journal = await ok("journal_create", { text: NOTE, visibility: "private" });
  assert.ok(journal.id);
  const saved = await ok("vault_backup", { choose_file: true });
  assert.equal(saved.outcome, "saved");
  assert.equal(saved.path, backupFile);
  assert.ok(existsSync(backupFile));
  assert.equal(statSync(backupFile).mode & 0o777, 0o600);
  await b.refresh();
  await (await b.$("h1=Today")).waitForDisplayed({ timeout: 15000 });

  await (await b.$("aria/Settings")).click();
  const minutes = await b.$("aria/Lock by itself after this many idle minutes");
  await minutes.waitForDisplayed({ timeout: 10000 });
  await minutes.clearValue();
  await minutes.setValue("1");
  await (await b.$("aria/Save")).click();
  await b.waitUntil(async () => (await b.execute(() => document.body.innerText)).includes("Saved"), {
    timeout: 5000,
  });
  const started = Date.now();
  // One idle minute, plus the backend's 5-second tick. Nothing in the page polls: the lock
  // screen shows because the backend pushes the lock as an event (src-tauri/lib.rs).
  await (await b.$("h1=Welcome back")).waitForDisplayed({ timeout: 90000, interval: 1000 });
  const waited = (Date.now() - started) / 1000;
  assert.ok(waited >= 50, `locked after only ${waited}s`);
  const res = await invoke(b, "journal_list");
  assert.equal(res.err.code, "locked");
  await app.screenshot("autolocked");
  await app.stop();
  app = null;
});

test("restore: a backup file chosen in the dialog opens on a fresh device with the passphrase", async () => {
  app = await start(choosing(backupFile));
  const b = app.browser;
  await (await b.$("h1=Healing Arc")).waitForDisplayed({ timeout: 15000 });
  await (await b.$("aria/Restore from a backup")).click();
  await (await b.$("h1=Restore from a backup")).waitForDisplayed({ timeout: 10000 });
  await (await b.$("aria/Partner 1")).click();
  await (await b.$("aria/Passphrase")).setValue("not it at all");
  await (await b.$("aria/Choose a backup file…")).click();
  await b.waitUntil(async () => (await b.execute(() => document.body.innerText)).includes("didn't open"), {
    timeout: 15000,
    timeoutMsg: "no message for a wrong passphrase",
  });
  await app.screenshot("restore-wrong");
  const field = await b.$("aria/Passphrase");
  await field.clearValue();
  await field.setValue(PASS);
  await (await b.$("aria/Choose a backup file…")).click();
  await (await b.$("h1=Today")).waitForDisplayed({ timeout: 20000 });
  const entries = await ok("journal_list");
  assert.deepEqual(
    entries.map((e) => e.text),
    [NOTE],
  );
});

test("a partner added from Settings sees their recovery code, though the first partner is locked at once", async () => {
  // The restore test leaves its app running; one app at a time.
  await app?.stop();
  app = await start();
  const s = screen(() => app, "lifecycle");
  await s.heading("Healing Arc", 15000);
  await s.ok("vault_create", { name: "Kit", role: "ap", colour: 3, passphrase: PASS });
  await app.browser.refresh();
  await s.heading("Today");
  await s.click("Settings");
  await s.click("Set up my partner's profile");
  await s.heading("Your partner's profile");
  await s.type("What should Healing Arc call you?", "Sam");
  await s.click("I am the partner who broke trust.");
  await s.type("Choose a passphrase", PASS2);
  await s.type("Type it again", PASS2);
  await s.click("Create my profile");
  await s.heading("Your recovery code", 30000);
  // Kit's keys are gone before Sam sees anything, and the lock this pushes to the page
  // waits until Sam has written the code down.
  assert.equal((await s.fails("vault_me")).code, "locked");
  const code = (await (await s.$(".code")).getText()).replace(/\s+/g, "-");
  assert.match(code, /^[0-9A-Z]{4}(-[0-9A-Z]{4}){7}$/);
  await s.axe("partner-code");
  await s.click("I have written it down");
  await s.click("Done");
  await s.heading("Welcome back");
  const sam = await s.ok("vault_recover", { slot: 2, recovery_code: code, new_passphrase: PASS2 + "!" });
  assert.equal(sam.me.name, "Sam");
  await app.stop();
  app = null;
});
