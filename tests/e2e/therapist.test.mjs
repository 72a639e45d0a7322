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

// A PDF reader's view of the saved file: poppler's pdftotext and qpdf, the second,
// independent reader (make test installs both).
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

test("a PDF with a passphrase, chosen on the screen, opens with that passphrase only", async () => {
  // The screen still shows the preview from the test before.
  await (await app.browser.$('input[name="lock"][value="pdf"]')).click();
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
  await click("Suggest other words");
  await app.browser.waitUntil(async () => (await field.getValue()) !== first, { timeout: 10000 });
  const problems = await accessibilityProblems(app.browser);
  assert.deepEqual(problems, [], "accessibility problems with the PDF passphrase");
  await app.screenshot("therapist-pdf-passphrase");

  // A weak passphrase of one's own is refused by name, before any dialog.
  rmSync(chosen, { force: true });
  await field.setValue("password1");
  await click("Save the report…");
  await see("Many people use this one");
  assert.equal(await field.getAttribute("aria-invalid"), "true");
  assert.ok(!existsSync(chosen), "nothing was saved with a weak passphrase");

  const words = "harbor lantern maple otter quill";
  await field.setValue(words);
  await click("Save the report…");
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
  for (const wrong of [undefined, "", "harbor lantern maple otter"]) {
    assert.ok(!pdfText(chosen, wrong).ok, `poppler opened it with ${wrong}`);
    assert.ok(!qpdfOpens(chosen, wrong), `qpdf opened it with ${wrong}`);
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
