// "For my therapist" in the real app: two partners are set up through IPC; the partner
// who was hurt saves check-ins with items marked for the therapist and a private canary,
// opens the screen, and the preview lists what will be included and nothing private.
// The native save dialog can't be driven by WebDriver, so the report, the age packet
// and the own-data export are written through the same commands the screen calls, and
// the debug build's test seam (HEALING_ARC_TEST_FILE_CHOICE) answers the dialog the
// backend opens with one file in a temporary folder.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { accessibilityProblems, invokeErr, invokeOk, start } from "./harness.mjs";
import { pdfjsOpen } from "./pdfjs.mjs";
import { screen } from "./screen.mjs";

const P1 = "lantern light on water";
const P2 = "pine needles after rain";
const stamp = Date.now().toString(36);
const SHARED = `For my therapist: the evening walk helped ${stamp}`;
const CANARY = `CANARY private note ${stamp}`;
const CANARY_JOURNAL = `CANARY private journal ${stamp}`;

let app;
let out;
let chosen;
before(async () => {
  out = mkdtempSync(path.join(tmpdir(), "healing-arc-report-"));
  chosen = path.join(out, "chosen");
  app = await start({ env: { HEALING_ARC_TEST_FILE_CHOICE: chosen } });
});
after(async () => {
  await app?.stop();
  if (out) rmSync(out, { recursive: true, force: true });
});

const byName = (name) => app.browser.$(`aria/${name}`);
const { noOverflow, tabTo } = screen(() => app, "therapist");

const ok = (command, input) => invokeOk(app.browser, command, input);
const fails = (command, input) => invokeErr(app.browser, command, input);

async function click(name) {
  const el = await byName(name);
  await el.waitForClickable({ timeout: 15000 });
  await el.click();
}

async function see(text, timeout = 15000) {
  await app.browser.waitUntil(
    async () => (await app.browser.execute(() => document.body.innerText)).includes(text),
    { timeout, timeoutMsg: `never saw "${text}"` },
  );
}

function day(offset) {
  const d = new Date();
  d.setDate(d.getDate() - offset);
  const p = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

test("the preview shows what goes to the therapist, and never a private item", async () => {
  await ok("vault_create", { name: "Alex", role: "ap", colour: 2, passphrase: P1 });
  await ok("vault_add_partner", { name: "Sam", role: "op", colour: 5, passphrase: P2 });
  await ok("checkin_save", {
    date: day(2),
    stance: 1,
    safety: "no",
    note: SHARED,
    share: { numbers: "therapist", note: "therapist" },
  });
  await ok("checkin_save", { date: day(1), stance: -2, note: CANARY, share: { numbers: "private", note: "private" } });
  await ok("journal_create", { text: CANARY_JOURNAL, visibility: "private" });
  await ok("vault_lock");

  // Through the screens: unlock, open the section, ask for the preview.
  await app.browser.refresh();
  await (await app.browser.$("h1=Welcome back")).waitForDisplayed({ timeout: 20000 });
  await click("Partner 1");
  await (await byName("Your passphrase")).setValue(P1);
  await click("Open");
  await (await app.browser.$("h1=Today")).waitForDisplayed({ timeout: 20000 });
  await click("For my therapist");
  await (await app.browser.$("h1=For my therapist")).waitForDisplayed({ timeout: 10000 });
  await click("Show what will be included");
  await see("What the report will include");
  await see(SHARED);
  await see("Your check-in numbers from 1 day");
  const body = await app.browser.execute(() => document.body.innerText);
  assert.ok(!body.includes(CANARY), "a private note shows in the preview");
  assert.ok(!body.includes(CANARY_JOURNAL), "a private journal entry shows in the preview");
  assert.match(body, /Kept out because you didn't mark them for your therapist: the numbers of 1 check-in/);
  const problems = await accessibilityProblems(app.browser);
  assert.deepEqual(problems, [], "accessibility problems on the therapist screen");
  await app.screenshot("therapist-preview");
});

// A PDF reader's view of the saved file: poppler's pdftotext, qpdf, mupdf's mutool and
// pdf.js (the reader inside Firefox), four independent readers (make test installs them).
function pdfText(file, password) {
  const args = password === undefined ? [] : ["-upw", password];
  const r = spawnSync("pdftotext", [...args, "-enc", "UTF-8", file, "-"], { encoding: "utf8" });
  assert.ok(!r.error, `pdftotext could not run (${r.error}): install poppler-utils`);
  return { ok: r.status === 0, text: r.stdout.replace(/\s+/g, " ") };
}
function qpdfOpens(file, password) {
  const args = password === undefined ? [] : [`--password=${password}`];
  const r = spawnSync("qpdf", [...args, "--decrypt", file, `${file}.open`], { encoding: "utf8" });
  assert.ok(!r.error, `qpdf could not run (${r.error}): install qpdf`);
  rmSync(`${file}.open`, { force: true });
  return r.status === 0;
}
function mupdfText(file, password) {
  const args = password === undefined ? [] : ["-p", password];
  const r = spawnSync("mutool", ["draw", "-q", "-F", "txt", ...args, "-o", "-", file], { encoding: "utf8" });
  assert.ok(!r.error, `mutool could not run (${r.error}): install mupdf-tools`);
  return { ok: r.status === 0, text: r.stdout.replace(/\s+/g, " ") };
}

/** The element that has the keyboard focus, as `name=value` for inputs. */
const focusedInput = () =>
  app.browser.execute(() => {
    const el = document.activeElement;
    return el instanceof HTMLInputElement ? `${el.name || el.id}=${el.value}` : "";
  });

/** Presses Tab until an input of the group `name` has the focus (keyboard only). */
async function tabToGroup(name, limit = 60) {
  for (let i = 0; i < limit; i++) {
    if ((await focusedInput()).startsWith(`${name}=`)) return;
    await app.browser.keys("Tab");
  }
  assert.fail(`Tab never reached the ${name} choices`);
}

/** Chooses `value` in the radio group `name` with the keyboard: Tab in, arrows, Space
 * (WebKit's arrows stop at either end of a group, so they go toward the choice). */
async function chooseByKeys(name, value) {
  await tabToGroup(name);
  const order = await app.browser.execute(
    (n) => [...document.querySelectorAll(`input[name="${n}"]`)].map((r) => r.value),
    name,
  );
  for (let i = 0; i < order.length && (await focusedInput()) !== `${name}=${value}`; i++) {
    const here = order.indexOf((await focusedInput()).split("=")[1]);
    await app.browser.keys(here < order.indexOf(value) ? "ArrowRight" : "ArrowLeft");
  }
  assert.equal(await focusedInput(), `${name}=${value}`);
  await app.browser.keys("Space");
  const checked = await app.browser.execute(
    (n) => document.querySelector(`input[name="${n}"]:checked`)?.value ?? null,
    name,
  );
  assert.equal(checked, value, `${value} is chosen`);
}

const checkedIn = (name) =>
  app.browser.execute(
    (n) => [...document.querySelectorAll(`input[name="${n}"]:checked`)].map((r) => r.value),
    name,
  );

/** At 360 px: nothing wider than the window, and `selector` (if given) in view, whole. */
async function atPhoneWidth(name, selector) {
  await app.browser.setWindowSize(360, 740);
  await app.browser.pause(300);
  await noOverflow(name);
  if (selector) {
    const box = await app.browser.execute((sel) => {
      const el = document.querySelector(sel);
      el.scrollIntoView({ block: "center" });
      const r = el.getBoundingClientRect();
      return { left: r.left, right: r.right, width: window.innerWidth };
    }, selector);
    assert.ok(box.left >= 0 && box.right <= box.width, `${selector} leaves the window: ${JSON.stringify(box)}`);
  }
  await app.screenshot(`therapist-${name}-phone`);
  await app.browser.setWindowSize(1280, 900);
  await app.browser.pause(300);
}

test("nothing is chosen for the person on how to save; saving without a choice asks for one", async () => {
  // The screen still shows the preview from the test before.
  assert.deepEqual(await checkedIn("format"), [], "a format is preset");
  assert.deepEqual(await checkedIn("lock"), [], "a protection is preset");
  // What each protection means is said beside it, before anything is chosen.
  await see("Anyone who gets the file can open and read it");
  await see("attached to an email or forwarded is readable by whoever has it");
  await see("The file opens only with the passphrase");
  await see("Only the holder of that key can open it");
  const save = await byName("Save the report…");
  const why = async () =>
    app.browser.execute(
      (b) => document.getElementById(b.getAttribute("aria-describedby") ?? "")?.textContent?.trim() ?? "",
      save,
    );
  assert.equal(await why(), "Choose a format and a protection above before saving.");

  // Saving now writes nothing, says what is missing, and takes the focus to it.
  rmSync(chosen, { force: true });
  await click("Save the report…");
  const alert = await app.browser.$('p[role="alert"]=Choose a format and a protection above before saving.');
  await alert.waitForDisplayed({ timeout: 10000 });
  assert.match(await focusedInput(), /^format=/, "the focus goes to the format");
  assert.ok(!existsSync(chosen), "something was saved without a choice");

  await (await app.browser.$('input[name="format"][value="html"]')).click();
  await click("Save the report…");
  await see("Choose a protection above before saving, including whether to have none.");
  assert.match(await focusedInput(), /^lock=/, "the focus goes to the protection");
  assert.ok(!existsSync(chosen));

  // A passphrase on the PDF with the web page: said before any command runs.
  await (await app.browser.$('input[name="lock"][value="pdf"]')).click();
  await see("A passphrase on the PDF needs the PDF format");
  await click("Save the report…");
  assert.match(await focusedInput(), /^format=/);
  assert.ok(!existsSync(chosen));
  const problems = await accessibilityProblems(app.browser);
  assert.deepEqual(problems, [], "accessibility problems on the save choices");
  await atPhoneWidth("save-choices", "#save-needs");

  // "No protection", chosen, saves the plain file and says again what that means.
  await (await app.browser.$('input[name="lock"][value="none"]')).click();
  assert.equal(await why(), "", "nothing is missing once both are chosen");
  await click("Save the report…");
  await see("It is not protected: anyone who gets the file can read it.");
  assert.ok(readFileSync(chosen, "utf8").includes(SHARED), "the plain web page was saved");
});

test("a PDF with a passphrase, chosen by keyboard, opens with that passphrase only, in four readers", async () => {
  // The screen still shows the preview; from its button on, the keyboard alone.
  const start = await byName("Show what will be included");
  await app.browser.execute((el) => el.focus(), start);
  await chooseByKeys("format", "pdf");
  await chooseByKeys("lock", "pdf");
  const field = await byName("Passphrase for the PDF");
  await field.waitForDisplayed({ timeout: 10000 });
  // Six suggested words, shown in full, which the person may keep or replace.
  await app.browser.waitUntil(async () => (await field.getValue()).split(" ").length === 6, {
    timeout: 10000,
    timeoutMsg: "no words were suggested",
  });
  const first = await field.getValue();
  assert.equal(await field.getAttribute("type"), "text", "the suggestion is visible");
  await see("not in the email or message that carries the file");
  await see("Strength: ");
  await tabToGroup("pdf-passphrase");
  await tabTo("Suggest other words");
  await app.browser.keys("Enter");
  await app.browser.waitUntil(async () => (await field.getValue()) !== first, { timeout: 10000 });
  const problems = await accessibilityProblems(app.browser);
  assert.deepEqual(problems, [], "accessibility problems with the PDF passphrase");
  await app.screenshot("therapist-pdf-passphrase");
  await atPhoneWidth("pdf-passphrase", ".field:has(#pdf-passphrase)");

  // A weak passphrase of one's own, typed, is refused by name, before any dialog.
  rmSync(chosen, { force: true });
  // Back to the field with Shift+Tab, everything in it selected, deleted and typed anew.
  const typeOwn = async (text) => {
    for (let i = 0; i < 6 && !(await focusedInput()).startsWith("pdf-passphrase="); i++) {
      await app.browser.keys(["Shift", "Tab"]);
    }
    assert.match(await focusedInput(), /^pdf-passphrase=/, "Shift+Tab reaches the passphrase");
    await app.browser.keys(["Control", "a"]);
    await app.browser.keys("Backspace");
    assert.equal(await field.getValue(), "");
    // Typed into the focused field as keystrokes (one actions chain would merge "ss").
    await field.addValue(text);
    assert.equal(await field.getValue(), text);
  };
  await typeOwn("password1");
  await tabTo("Save the report…");
  await app.browser.keys("Enter");
  await see("Many people use this one");
  // The live strength hint says the same words before the save is tried: wait for the
  // refusal itself, which marks the field.
  await app.browser.waitUntil(async () => (await field.getAttribute("aria-invalid")) === "true", {
    timeout: 10000,
    timeoutMsg: "the weak passphrase was not refused at its field",
  });
  assert.ok(!existsSync(chosen), "nothing was saved with a weak passphrase");
  await atPhoneWidth("pdf-passphrase-refused", ".field:has(#pdf-passphrase)");

  const words = "harbor lantern maple otter quill";
  await typeOwn(words);
  await tabTo("Save the report…");
  await app.browser.keys("Enter");
  await see("It opens only with the passphrase above");
  const saved = readFileSync(chosen);
  assert.equal(saved.subarray(0, 5).toString(), "%PDF-");
  for (const word of ["Alex", "evening walk"]) {
    assert.ok(!saved.includes(Buffer.from(word)), `${word} in the protected bytes`);
  }

  const opened = pdfText(chosen, words);
  assert.ok(opened.ok, "poppler did not open it with the passphrase");
  assert.ok(opened.text.includes(SHARED), "the shared note is in the protected PDF");
  assert.ok(!opened.text.includes(CANARY));
  assert.ok(qpdfOpens(chosen, words), "qpdf did not open it with the passphrase");
  const mupdf = mupdfText(chosen, words);
  assert.ok(mupdf.ok, "mupdf did not open it with the passphrase");
  assert.ok(mupdf.text.includes(SHARED) && !mupdf.text.includes(CANARY), "the report's text in mupdf");
  // pdf.js, as Firefox opens it: every page, the report's words, its title.
  const firefox = await pdfjsOpen(chosen, words);
  assert.ok(firefox.ok, `pdf.js did not open it with the passphrase: ${firefox.reason}`);
  assert.ok(firefox.text.includes(SHARED), "the shared note in pdf.js");
  assert.ok(firefox.text.includes("Report for a therapist"), "the report's heading in pdf.js");
  assert.ok(!firefox.text.includes(CANARY));
  assert.match(firefox.title ?? "", /Alex/, "the title, decrypted");
  for (const wrong of [undefined, "", "harbor lantern maple otter"]) {
    assert.ok(!pdfText(chosen, wrong).ok, `poppler opened it with ${wrong}`);
    assert.ok(!qpdfOpens(chosen, wrong), `qpdf opened it with ${wrong}`);
    const m = mupdfText(chosen, wrong);
    assert.ok(!m.ok && !m.text.includes(SHARED), `mupdf opened it with ${wrong}`);
    const f = await pdfjsOpen(chosen, wrong);
    assert.ok(!f.ok, `pdf.js opened it with ${wrong}`);
    assert.equal(f.reason, wrong ? "wrong password" : "needs a password");
  }

  // The same through the command: an empty passphrase, or one beside a packet, is refused.
  const range = { from: day(30), to: day(0) };
  const empty = await fails("report_save", { ...range, format: "pdf", pdf_passphrase: "" });
  assert.deepEqual([empty.code, empty.field], ["validation", "pdf_passphrase"]);
  const both = await fails("report_save", {
    ...range,
    format: "pdf",
    pdf_passphrase: words,
    packet: { passphrase: "a phrase for the therapist" },
  });
  assert.equal(both.field, "pdf_passphrase");
  const html = await fails("report_save", { ...range, format: "html", pdf_passphrase: words });
  assert.equal(html.field, "format");
});

const modeOf = (file) => statSync(file).mode & 0o777;

test("the report, an age packet and the own-data export are written where the person chose", async () => {
  const range = { from: day(30), to: day(0) };
  const saved = await ok("report_save", { ...range, format: "html" });
  assert.deepEqual(saved, { outcome: "saved", path: chosen, bytes: saved.bytes });
  const page = readFileSync(chosen, "utf8");
  assert.ok(page.includes("For my therapist: the evening walk helped"));
  assert.ok(!page.includes(CANARY) && !page.includes("<script"));

  await ok("report_save", { ...range, format: "pdf" });
  assert.equal(readFileSync(chosen).subarray(0, 5).toString(), "%PDF-");

  await ok("report_save", { ...range, format: "pdf", packet: { passphrase: "a phrase for the therapist" } });
  assert.equal(readFileSync(chosen).subarray(0, 21).toString(), "age-encryption.org/v1");

  // Bad input answers a typed error naming the field, before any dialog.
  assert.equal((await fails("report_save", { ...range, format: "doc" })).field, "format");
  const bad = await fails("report_save", { ...range, format: "pdf", packet: { recipient: "age1nope" } });
  assert.equal(bad.field, "packet.recipient");
  assert.equal((await fails("report_preview", { from: day(0), to: day(5) })).field, "to");

  const exported = await ok("export_own_data", { format: "json" });
  assert.equal(exported.path, chosen);
  const data = JSON.parse(readFileSync(chosen, "utf8"));
  assert.equal(data.format, "healing-arc/own-data");
  assert.equal(data.checkins.length, 2, "the export holds all of Alex's own check-ins");
  // The dialog picks that export; this profile already holds data.
  assert.equal((await fails("import_own_data", {})).code, "not_allowed");
});

test("req_25: the page cannot name a path; a backup and an export land where the dialog chose, owner-only", async () => {
  const elsewhere = path.join(out, "named-by-the-page");
  const range = { from: day(30), to: day(0) };
  for (const [command, input] of [
    ["report_save", { ...range, format: "pdf", path: elsewhere }],
    ["export_own_data", { format: "json", path: elsewhere }],
    ["import_own_data", { path: elsewhere }],
    ["vault_backup", { path: elsewhere }],
    ["vault_restore", { slot: 1, passphrase: P1, path: elsewhere }],
  ]) {
    const err = await fails(command, input);
    assert.deepEqual([err.code, err.field], ["validation", "path"], `${command} took a path`);
  }
  assert.ok(!existsSync(elsewhere), "nothing was written where the page said");
  // Nor can the page open a dialog of its own: the window holds no dialog permission.
  const own = await fails("plugin:dialog|save", { options: {} });
  assert.match(JSON.stringify(own), /not allowed/i);

  rmSync(chosen, { force: true });
  const backup = await ok("vault_backup", { choose_file: true });
  assert.equal(backup.path, chosen);
  assert.equal(modeOf(chosen), 0o600, "a backup saved where the person chose");
  assert.ok(readFileSync(chosen).length === backup.bytes);

  rmSync(chosen, { force: true });
  await ok("export_own_data", { format: "csv" });
  assert.match(readFileSync(chosen, "utf8"), /^date,stance,/);
  assert.equal(modeOf(chosen), 0o600, "an export saved where the person chose");

  // A backup kept on this device is named from the app's own list, never a path.
  const kept = await ok("vault_backup", {});
  const status = await ok("vault_status");
  assert.ok(status.backups.every((b) => !b.includes("/")), "names, not paths");
  assert.ok(status.backups.includes(path.basename(kept.path)));
  assert.equal(path.basename(path.dirname(kept.path)), "backups");
  assert.equal(modeOf(kept.path), 0o600);
  assert.equal(modeOf(path.dirname(kept.path)), 0o700, "the backups folder");
  assert.equal(modeOf(app.dataDir), 0o700, "the data folder");
  const wrong = await fails("vault_restore", { slot: 1, passphrase: P1, kept: `../${path.basename(chosen)}` });
  assert.deepEqual([wrong.code, wrong.field], ["validation", "kept"]);
});
