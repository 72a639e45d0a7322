// Two devices, no server (docs/SYNC.md): two real apps, two data folders, one shared
// folder (the folder dialog answered through the debug-only seam). Alex connects her
// device from Settings, Sam joins from the first screen of a new install; both compare
// the phrase. What each shares reaches the other's device after a sync, leaves it when
// taken back; moving on and "ready to rebuild together" cross too (the last phase waits
// for both); files the folder spoils are reported calmly and change nothing; after a
// disconnect nothing new crosses and what arrived stays readable. New screens: axe,
// keyboard only, 360 px.
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { start } from "./harness.mjs";
import { screen } from "./screen.mjs";
import { steadyWeek } from "./steady.mjs";

const P1 = "lanterns over the quiet bay";
const P2 = "a kettle singing at dawn";
const STAMP = Date.now().toString(36);
const NOTE_A = `alex's note for sam ${STAMP}`;
const ENTRY_A = `alex's entry for sam ${STAMP}`;
const ENTRY_B = `sam's entry for alex ${STAMP}`;
const AFTER_A = `alex after the disconnect ${STAMP}`;
const AFTER_B = `sam after the disconnect ${STAMP}`;

let a, b, out, shared;
before(async () => {
  out = mkdtempSync(path.join(tmpdir(), "healing-arc-sync-"));
  shared = path.join(out, "shared");
  mkdirSync(shared);
  a = await start({ env: { HEALING_ARC_TEST_FILE_CHOICE: shared } });
  b = await start({ env: { HEALING_ARC_TEST_FILE_CHOICE: shared } });
});
after(async () => {
  await a?.stop();
  await b?.stop();
  if (out) rmSync(out, { recursive: true, force: true });
});

const A = screen(() => a, "sync-a");
const B = screen(() => b, "sync-b");

function today() {
  const d = new Date();
  const p = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

async function phone(app, s, what) {
  await app.browser.setWindowSize(360, 740);
  await app.browser.pause(300);
  await app.screenshot(`sync-${what}-phone`);
  await s.noOverflow(what);
  await app.browser.setWindowSize(1280, 900);
  await app.browser.pause(200);
}

async function section(s, name) {
  await s.click(name);
  await s.heading(name);
}

/** Sync now on the screen shown, and the words it answered. */
async function syncNow(s) {
  await s.click("Sync now");
  const status = await s.$(`//div[@role="status"][starts-with(normalize-space(), "Synced.")]`);
  await status.waitForDisplayed({ timeout: 20000 });
  return status.getText();
}

async function textOf(s, testid) {
  const el = await s.$(`[data-testid="${testid}"]`);
  await el.waitForDisplayed({ timeout: 30000 });
  return el.getText();
}

test("Alex connects her device from Settings; Sam joins from a new install; both confirm the phrase", async () => {
  await A.ok("vault_create", { name: "Alex", role: "ap", colour: 2, passphrase: P1 });
  await a.browser.refresh();
  await A.heading("Today");
  await section(A, "Settings");
  await A.see("My partner uses their own device");
  await A.axe("settings-offer");
  await A.click("Connect my partner's device…");
  const d = await A.dialog("Connect my partner's device");
  const words = await d.getText();
  assert.match(words, /Nothing private leaves this device/);
  assert.match(words, /Only what each of you chooses to share with the other\s+travels through the folder/);
  assert.ok(await (await d.$(`.//button[normalize-space()="Get help now"]`)).isDisplayed());
  await A.axe("connect-explain");
  await phone(a, A, "connect-explain");
  await A.clickIn(d, "Choose the folder…");
  const code = await textOf(A, "pair-code");
  assert.match(code, /^\d{4} \d{4}$/);
  assert.ok(readdirSync(shared).some((n) => n.endsWith(".pair")), "the invitation is in the folder");
  await A.see("Waiting for your partner's device to answer");
  await A.axe("connect-code");

  // Sam, on a new install: beside the normal set-up.
  await B.heading("Healing Arc");
  await B.click("Join my partner's device");
  await B.heading("Join my partner's device");
  await B.axe("join-explain");
  await phone(b, B, "join-explain");
  await B.click("I have the code");
  await B.heading("The code and the folder");
  // A mistyped code is said, at its field, before any folder is chosen.
  const field = await B.byName("The code on your partner's screen");
  await field.setValue("12 34");
  await b.browser.keys("Enter");
  await B.see("The code has 8 digits.");
  await B.axe("join-code");
  await phone(b, B, "join-code");
  // Keyboard only: the code typed, Enter chooses the folder.
  await field.clearValue();
  await b.browser.execute((el) => el.focus(), field);
  // One key per actions chain: in one chain WebKitWebDriver can drop a key that comes
  // again (a code like "4078 8073" arrived as "4078 073").
  for (const key of code) await b.browser.keys(key);
  assert.equal(await field.getValue(), code, "the code as typed");
  await b.browser.keys("Enter");
  await B.heading("Compare the six digits");
  const phraseB = await textOf(B, "pair-phrase");
  assert.match(phraseB, /^\d{3} \d{3}$/);
  await B.axe("join-phrase");

  // Alex's screen waited calmly and shows the same phrase; nothing is preset.
  const phraseA = await textOf(A, "pair-phrase");
  assert.equal(phraseA, phraseB);
  await A.axe("connect-phrase");
  await phone(a, A, "connect-phrase");
  await A.tabTo("Yes, they are the same");
  await a.browser.keys("Enter");
  await A.see("The two devices are connected.");

  await B.tabTo("Yes, they are the same");
  await b.browser.keys("Enter");
  await B.heading("Your profile");
  await B.axe("join-profile");
  await phone(b, B, "join-profile");
  await B.type("What should Healing Arc call you?", "Sam");
  // Alex's role came with the welcome: the same one is refused at its field, and
  // choosing the other needs no new pairing.
  await (await B.$(`input[type=radio][name=role][value="ap"]`)).click();
  await (await B.$("#passphrase")).setValue(P2);
  await (await B.$("#confirm")).setValue(P2);
  await B.click("Create my profile");
  await B.see("You both chose the same role.");
  await B.axe("join-same-role");
  await (await B.$(`input[type=radio][name=role][value="op"]`)).click();
  await B.click("Create my profile");
  await B.heading("Your recovery code", 60000);
  await B.axe("join-recovery");
  const done = await B.byName("Done");
  assert.equal(await done.isEnabled(), false, "the code is written down first");
  await (await B.$(`//label[contains(., "I have written it down")]/input`)).click();
  await done.click();
  await B.heading("Today");

  // Each device brings the other's card with a sync.
  const dd = await A.dialog("Connect my partner's device");
  await A.clickIn(dd, "Done");
  await A.see("Nothing has arrived from your partner's device yet.");
  await syncNow(A);
  await A.heading("Sam's device", 20000, "h2");
  await section(B, "Settings");
  await syncNow(B);
  await B.heading("Alex's device", 20000, "h2");
  await B.axe("settings-connected");
  await phone(b, B, "settings-connected");
  const meB = await B.ok("vault_me");
  assert.equal(meB.partner?.name, "Alex");
  // Sam's profile is not offered on Alex's device too, nor a second connection.
  await section(A, "Settings");
  assert.ok(!(await A.bodyText()).includes("Set up my partner's profile"));
  assert.ok(!(await A.bodyText()).includes("Connect my partner's device"));
});

test("what each shares reaches the other's device after a sync, and leaves it when taken back", async () => {
  const arc = await A.ok("arc_view");
  const task = arc.tasks.find((t) => t.phase === "stabilize");
  await A.ok("checkin_save", {
    date: today(),
    stance: 1,
    note: NOTE_A,
    share: { numbers: "partner", note: "partner" },
  });
  const entry = await A.ok("journal_create", { text: ENTRY_A, visibility: "partner" });
  await A.ok("task_set", { task: task.id, done: true, visibility: "partner" });
  await A.ok("journal_create", { text: `alex private ${STAMP}`, visibility: "private" });
  await section(A, "Together");
  await syncNow(A);

  await section(B, "Together");
  const got = await syncNow(B);
  assert.match(got, /What is new from Alex's device is here now/);
  await B.see(ENTRY_A);
  await B.see(NOTE_A);
  await B.see(task.title);
  assert.ok(!(await B.bodyText()).includes(`alex private ${STAMP}`), "private stays on Alex's device");
  assert.match(await textOf(B, "last-arrival"), /^Last arrived from Alex's device: .+\.$/);
  await B.axe("together");
  await phone(b, B, "together");

  // The other way.
  await B.ok("journal_create", { text: ENTRY_B, visibility: "partner" });
  await syncNow(B);
  await syncNow(A);
  await A.see(ENTRY_B);

  // Taken back on Alex's device: gone from Sam's after a sync.
  await A.ok("journal_update", { id: entry.id, text: ENTRY_A, visibility: "private" });
  await syncNow(A);
  await syncNow(B);
  await b.browser.waitUntil(async () => !(await B.bodyText()).includes(ENTRY_A), {
    timeout: 10000,
    timeoutMsg: "the entry taken back stayed",
  });
  assert.ok(!(await B.ok("journal_partner_list")).some((e) => e.text === ENTRY_A));
});

test("files the folder spoils are said calmly and change nothing", async () => {
  const bundles = readdirSync(shared).filter((n) => n.endsWith(".bundle"));
  assert.ok(bundles.length > 0);
  // A sync tool's conflict copy of a good file, and a file with one byte changed.
  const [first] = bundles;
  copyFileSync(path.join(shared, first), path.join(shared, `${first.slice(0, -7)} (conflicted copy).bundle`));
  const bytes = readFileSync(path.join(shared, first));
  bytes[bytes.length >> 1] ^= 0x01;
  writeFileSync(path.join(shared, `0123456789abcdef0123456789abcdef.bundle`), bytes);
  const said = await syncNow(A);
  assert.match(said, /file in the shared folder could not be opened: still arriving, damaged, or not from Sam's device/);
  assert.doesNotMatch(said, /attack|danger|error|corrupt/i);
  await A.see(ENTRY_B);
  await A.axe("together-fault");
  rmSync(path.join(shared, "0123456789abcdef0123456789abcdef.bundle"));
});

/** On `s`'s device: a steady, private week, then moving on to phase 3. */
async function toPhaseThree(s) {
  await steadyWeek(s.ok);
  await s.ok("arc_advance");
  assert.equal(await s.ok("arc_advance"), "process");
}

test("moving on and 'ready to rebuild together' cross devices: the last phase waits for both", async () => {
  await toPhaseThree(A);
  await toPhaseThree(B);
  // Sam is ready, but Alex has said nothing: the last phase stays closed on his device.
  assert.equal((await B.ok("arc_view")).can_advance, false);
  assert.equal((await B.fails("arc_advance")).code, "not_allowed");

  await A.ok("arc_declare_ready");
  await A.ok("sync_now");
  await B.ok("sync_now");
  const sam = await B.ok("arc_view");
  assert.equal(sam.can_advance, true, "Alex's declaration, from her device, opens the last phase");
  assert.ok(sam.events.every((e) => !/ready/i.test(e.words)), "Sam is not told in words");
  assert.equal(await B.ok("arc_advance"), "renew");

  // Sam's move arrives on Alex's device: her arc shows his phase.
  await B.ok("sync_now");
  await A.ok("sync_now");
  assert.equal((await A.ok("arc_view")).partner_phase, "renew", "Sam's move is on Alex's device");
  // Taken back on Alex's device before a new sync: Sam's device learns it too.
  await A.ok("arc_withdraw_ready");
  await A.ok("sync_now");
  await B.ok("sync_now");
  assert.equal((await B.ok("arc_view")).phase, "renew", "a move already made stays");
});

test("disconnect says what happens; afterwards nothing new crosses and what arrived stays readable", async () => {
  await section(A, "Settings");
  await A.click("Disconnect…");
  const d = await A.dialog("Disconnect from the other device?");
  const words = await d.getText();
  assert.match(words, /stops writing to the shared folder and stops reading from it/);
  assert.match(words, /What Sam's device already received stays there: Healing Arc cannot take anything back from another\s+device/);
  assert.ok(await (await d.$(`.//button[normalize-space()="Get help now"]`)).isDisplayed());
  await A.axe("disconnect");
  await phone(a, A, "disconnect");
  await A.clickIn(d, "Disconnect");
  await A.see("This device no longer syncs with Sam's device.");
  assert.equal((await A.fails("sync_now")).code, "not_allowed");

  await A.ok("journal_create", { text: AFTER_A, visibility: "partner" });
  await B.ok("journal_create", { text: AFTER_B, visibility: "partner" });
  await section(B, "Together");
  await syncNow(B);
  assert.ok(!(await B.bodyText()).includes(AFTER_A), "nothing new reached Sam");

  // At Alex's next unlock Sam (on his own device) is no deleted profile: his shares stay.
  await A.lock();
  await A.unlockAs("Partner 1", P1);
  await section(A, "Together");
  await A.see("This device no longer syncs with Sam's device.");
  await A.see(ENTRY_B);
  const page = await A.bodyText();
  assert.ok(!page.includes(AFTER_B), "nothing new reached Alex");
  assert.ok(!page.includes("changed outside Healing Arc"), "what arrived reads as it was");
  assert.equal((await A.ok("vault_me")).partner?.name, "Sam");
  await A.axe("together-stopped");
});
