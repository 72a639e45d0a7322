// Help is never behind something, in the real app: "Get help now" opens from inside
// every dialog (on top of it; Escape returns to it), shows a phone line and a text
// line, and holds a Hide control; the hide screen offers help behind a plain word; the
// numbers are built into the app and show when the backend cannot answer (the debug
// build's seam HEALING_ARC_TEST_HELP_FAILS). The "who can see this" sentences in the
// step-back and rupture dialogs are checked from the partner's side. axe checks the
// help dialog, a dialog opened from a dialog, and the hide screen.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { invoke, start } from "./harness.mjs";
import { screen } from "./screen.mjs";

const P1 = "harbour bells at dusk";
const P2 = "willow shade by the mill";
const stamp = Date.now().toString(36);
const REASON = `my own reason ${stamp}`;

let app;

const { byName, bodyText, ok, click, see, heading, axe, dialog, dialogGone, clickIn, focusedText } = screen(
  () => app,
  "help",
);

/**
 * Opens help from inside the dialog titled `title`, checks it sits on top with a phone
 * line, a text line, the no-contact promise and Hide, then closes it with Escape: the
 * dialog under it is still open and has the focus back.
 */
async function helpInside(title, screen) {
  const d = await dialog(title);
  await clickIn(d, "Get help now");
  const help = await dialog("Help, right now");
  await (await help.$("select")).selectByVisibleText("United States");
  const text = await help.getText();
  assert.match(text, /Call 1-800-799-7233/, "a phone line");
  assert.match(text, /Text START to 88788/, "a text line");
  assert.match(text, /does not contact anyone and sends nothing/);
  assert.ok(await (await help.$(".//button[starts-with(normalize-space(), 'Hide')]")).isDisplayed(), "Hide is inside the help");
  if (screen) await axe(screen);
  await app.browser.keys("Escape");
  await dialogGone("Help, right now");
  assert.ok(await d.isDisplayed(), `"${title}" closed with the help`);
  assert.equal(await focusedText(), "Get help now", "focus returns to the dialog's help button");
  return d;
}

function day(offset) {
  const d = new Date();
  d.setDate(d.getDate() - offset);
  const p = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

describe("with the backend answering", () => {
  before(async () => {
    app = await start();
  });
  after(async () => {
    await app?.stop();
  });

  test("help opens from inside every dialog, on top of it, and Escape goes back one", async () => {
    // Partner 1 broke trust and looks ready to leave phase 1; partner 2 was hurt.
    await ok("vault_create", { name: "Sam", role: "op", colour: 5, passphrase: P1 });
    await ok("vault_add_partner", { name: "Alex", role: "ap", colour: 2, passphrase: P2 });
    for (let i = 0; i < 4; i++) {
      await ok("checkin_save", { date: day(i), stance: 2, share: { numbers: "private", note: "private" } });
    }
    const arc = await ok("arc_view");
    for (const t of arc.tasks.filter((t) => t.phase === "stabilize" && t.required)) {
      await ok("task_set", { task: t.id, done: true });
    }
    await ok("journal_create", { text: `an entry ${stamp}`, visibility: "private" });
    await ok("vault_lock");
    await app.browser.refresh();
    await heading("Welcome back");
    await click("Partner 1");
    await (await byName("Your passphrase")).setValue(P1);
    await click("Open");
    await heading("Today");

    await click("My arc");
    await heading("My arc");

    // Move on: help from inside, Escape back, then Escape closes the dialog itself.
    await click("Think about moving on");
    let d = await helpInside("Move on to the next phase?", "nested-dialog");
    assert.match(await d.getText(), /Your partner will see your new phase/);
    await app.browser.keys("Escape");
    await dialogGone("Move on to the next phase?");
    assert.equal(await focusedText(), "Think about moving on", "focus returns to what opened the dialog");
    await click("Think about moving on");
    await clickIn(await dialog("Move on to the next phase?"), "Yes, move on");
    await see("You moved on to the next phase");

    // Step back: the dialog says the partner sees it, and the reason stays private.
    await click("Step back");
    d = await helpInside("Step back");
    assert.match(
      await d.getText(),
      /Your partner will see that you stepped back, and to which phase.*Your reason never does: only you see it\./s,
    );
    await (await d.$("#back-reason")).setValue(REASON);
    await clickIn(d, "Step back");
    await see("You stepped back");

    await click("Record a rupture");
    d = await helpInside("Record a rupture");
    assert.match(await d.getText(), /Your partner will see that a rupture was recorded, and when/);
    await clickIn(d, "Record it");
    await see("The rupture was recorded");

    await click("Journal");
    await heading("Journal");
    const del = await app.browser.$("//article//button[starts-with(normalize-space(), 'Delete')]");
    await del.waitForClickable({ timeout: 10000 });
    await del.click();
    d = await helpInside("Delete this entry?");
    assert.match(await d.getText(), /Backups and reports saved before now still hold it\./);
    await clickIn(d, "Keep it");
    await dialogGone("Delete this entry?");
  });

  test("the partner sees the step back and the rupture, never the reason; the partner's report only once allowed", async () => {
    await click("Lock");
    await heading("Welcome back");
    await ok("vault_unlock", { slot: 2, passphrase: P2 });
    const arc = await ok("arc_view");
    const words = arc.events.map((e) => e.words);
    assert.ok(words.includes("Your partner moved on to a new phase"), words.join(" | "));
    assert.ok(words.some((w) => w.startsWith("Your partner stepped back to phase 1")), words.join(" | "));
    assert.ok(words.includes("Your partner recorded a rupture"), words.join(" | "));
    const together = await ok("together_view");
    assert.deepEqual(together.chart.ruptures, [day(0)]);
    // "… and in your partner's reports only if you allow it": not allowed yet.
    const before = await ok("report_preview", { from: day(7), to: day(0) });
    assert.equal(before.partner.state, "not_allowed");
    assert.equal(before.partner.phase_changes, 0, "partner 1 has not allowed it");
    assert.equal(before.partner.ruptures, 0);
    for (const answer of [arc, together, before]) assert.ok(!JSON.stringify(answer).includes(REASON), "the reason crossed");
    await app.browser.refresh();
    await heading("Today");
    await click("My arc");
    await see("Your partner stepped back to phase 1");
    assert.ok(!(await bodyText()).includes(REASON));
    await ok("vault_lock");

    // The maker's own path keeps the reason; only they see it.
    await ok("vault_unlock", { slot: 1, passphrase: P1 });
    const mine = await ok("arc_view");
    assert.ok(mine.events.some((e) => e.words.includes(REASON)));
    const own = await ok("report_preview", { from: day(7), to: day(0) });
    assert.equal(own.phase_changes, 2);
    assert.equal(own.ruptures, 1);
    // Once partner 1 allows it, partner 2's next report holds them, still without the reason.
    await ok("report_consent_set", { partner_reports_include_me: true });
    await ok("vault_lock");
    await ok("vault_unlock", { slot: 2, passphrase: P2 });
    const allowed = await ok("report_preview", { from: day(7), to: day(0) });
    assert.equal(allowed.partner.state, "included");
    assert.equal(allowed.partner.phase_changes, 2, "the advance and the step back");
    assert.equal(allowed.partner.ruptures, 1);
    assert.ok(!JSON.stringify(allowed).includes(REASON), "the reason crossed");
    await ok("vault_lock");
    await ok("vault_unlock", { slot: 1, passphrase: P1 });
  });

  test("a 'did not feel safe' answer opens help with its reason, and the reason goes when help closes", async () => {
    await app.browser.refresh();
    await heading("Today");
    const slider = await byName("Today, how do you lean toward the relationship?");
    await slider.click();
    await app.browser.keys("ArrowRight");
    await (await app.browser.$('input[name="safety"][value="no"]')).click();
    await (await app.browser.$('//form//button[@type="submit"]')).click();
    const help = await dialog("Help, right now");
    assert.match(await help.getText(), /You said you did not feel safe today/);
    await app.browser.keys("Escape");
    await dialogGone("Help, right now");
    await click("Get help now");
    const again = await dialog("Help, right now");
    assert.doesNotMatch(await again.getText(), /did not feel safe/);
    await app.browser.keys("Escape");
    await dialogGone("Help, right now");
  });

  test("Hide is inside the help; the hide screen offers help behind a plain word", async () => {
    await click("Get help now");
    const help = await dialog("Help, right now");
    await axe("dialog");
    await clickIn(help, "Hide the app now");
    const blank = await app.browser.$('[aria-label="Blank page"]');
    await blank.waitForDisplayed({ timeout: 5000 });
    await app.browser.waitUntil(async () => (await invoke(app.browser, "vault_status")).ok.state === "locked", {
      timeout: 5000,
      timeoutMsg: "Hide inside the help did not lock",
    });
    // Innocuous: two plain words, nothing about the app or help lines.
    assert.equal((await bodyText()).replace(/\s+/g, " ").trim(), "Help Continue");
    await axe("hidden");

    await click("Help");
    const again = await dialog("Help, right now");
    await (await again.$("select")).selectByVisibleText("Australia");
    const text = await again.getText();
    assert.match(text, /Call 13 11 14/);
    assert.match(text, /Text 0477 13 11 14/);
    await axe("from-hidden");
    // Hide from here closes the help and leaves the blank page.
    await clickIn(again, "Hide the app now");
    await dialogGone("Help, right now");
    assert.equal((await bodyText()).replace(/\s+/g, " ").trim(), "Help Continue");
    await click("Continue");
    await heading("Welcome back");
  });
});

describe("with the backend unable to answer", () => {
  before(async () => {
    app = await start({ env: { HEALING_ARC_TEST_HELP_FAILS: "1" } });
  });
  after(async () => {
    await app?.stop();
  });

  test("the numbers built into the app still show", async () => {
    await heading("Healing Arc");
    const res = await invoke(app.browser, "safety_resources");
    assert.ok(res.err, "the seam makes the backend fail");
    await click("Get help now");
    const help = await dialog("Help, right now");
    for (const [region, lines] of [
      ["United States", ["Call or text 988", "Call 1-800-799-7233", "Text START to 88788"]],
      ["United Kingdom", ["Call 116 123", "Call 0808 2000 247", "Call 0808 801 0327"]],
      ["Canada", ["Call or text 9-8-8", "ShelterSafe.ca"]],
      ["Australia", ["Call 13 11 14", "Text 0477 13 11 14", "Call 1800 737 732"]],
      ["Anywhere else", ["findahelpline.com"]],
    ]) {
      await (await help.$("select")).selectByVisibleText(region);
      const text = await help.getText();
      for (const line of lines) assert.ok(text.includes(line), `${region}: ${line} missing`);
    }
    assert.match(await help.getText(), /does not contact anyone and sends nothing/);
    await axe("built-in");
  });
});
