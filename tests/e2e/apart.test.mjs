// Together or apart (issue 13.3), with two profiles and from both sides: the reflection
// stays private (partner 2 finds nothing of it), the decision says word for word what
// the partner will see before it is recorded, and after it the patterns stop, the
// guidance turns to ending well for both, nothing new crosses, each can save their own
// data, and a partner deletes their own profile while the other keeps working. Every new
// screen: axe, keyboard, 360 px.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { start } from "./harness.mjs";
import { screen } from "./screen.mjs";

const P1 = "lanterns over the quiet bay";
const P2 = "a kettle singing at dawn";
const STAMP = Date.now().toString(36);
const REFLECTION = `robin thinks it over ${STAMP}`;
const BEFORE = `sam shared before ${STAMP}`;
const AFTER = `robin after the decision ${STAMP}`;

let app, out, chosen;
before(async () => {
  out = mkdtempSync(path.join(tmpdir(), "healing-arc-apart-"));
  chosen = path.join(out, "chosen");
  app = await start({ env: { HEALING_ARC_TEST_FILE_CHOICE: chosen } });
});
after(async () => {
  await app?.stop();
  if (out) rmSync(out, { recursive: true, force: true });
});

const { $, ok, fails, click, heading, axe, bodyText, see } = screen(() => app, "apart");

function day(offset) {
  const d = new Date();
  d.setDate(d.getDate() - offset);
  const p = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

async function openAs(label, passphrase) {
  await ok("vault_lock");
  await app.browser.refresh();
  await heading("Welcome back");
  await click(label);
  await (await $("#unlock-passphrase")).setValue(passphrase);
  await click("Open");
  await heading("Today");
  const notNow = await $("aria/Not now");
  if (await notNow.isExisting()) await notNow.click();
}

async function noOverflow(what) {
  await app.browser.setWindowSize(360, 740);
  await app.browser.pause(300);
  const overflow = await app.browser.execute(() => document.documentElement.scrollWidth - window.innerWidth);
  await app.screenshot(`apart-${what}-phone`);
  await app.browser.setWindowSize(1280, 900);
  await app.browser.pause(200);
  assert.ok(overflow <= 1, `${what} is ${overflow}px wider than the window`);
}

async function dialog(title) {
  const d = await $(`//dialog[@open][.//h2[normalize-space()="${title}"]]`);
  await d.waitForDisplayed({ timeout: 10000 });
  return d;
}

async function section(name) {
  await click(name);
  await heading(name);
}

let sentenceRobinSaw;

test("the reflection is private, and the decision says word for word what the partner sees", async () => {
  await ok("vault_create", { name: "Robin", role: "ap", colour: 2, passphrase: P1 });
  await ok("vault_add_partner", { name: "Sam", role: "op", colour: 5, passphrase: P2 });
  // Both share four days of leaning out: the couple's pattern shows.
  await ok("vault_lock");
  await ok("vault_unlock", { slot: 2, passphrase: P2 });
  for (let n = 1; n <= 4; n++) {
    await ok("checkin_save", { date: day(n), stance: -2, share: { numbers: "partner", note: "private" } });
  }
  await ok("journal_create", { text: BEFORE, visibility: "partner" });
  // Sam's check-in today shares its numbers (not its note) before the parting.
  await ok("checkin_save", { date: day(0), stance: 1, share: { numbers: "partner", note: "private" } });
  await openAs("Partner 1", P1);
  for (let n = 1; n <= 4; n++) {
    await ok("checkin_save", { date: day(n), stance: -2, share: { numbers: "partner", note: "private" } });
  }
  assert.ok((await ok("together_view")).dynamics.some((d) => d.kind === "mutual_withdrawal"));
  assert.ok((await ok("guidance_view")).phase_prompts.length > 0);

  // Robin writes to one question and saves it by keyboard.
  await section("Together or apart");
  await axe("page");
  const box = await $("#reflect-hope");
  await box.setValue(REFLECTION);
  await app.browser.execute((el) => el.focus(), box);
  await app.browser.keys("Tab");
  await app.browser.keys("Enter");
  await see("Saved, just for you.");
  await noOverflow("page");

  // The decision: nothing is preset; the dialog names what Sam will see, with help.
  const recordButton = await $("aria/Record this decision…");
  assert.equal(await recordButton.isEnabled(), false, "no decision is preset");
  const radio = await $(`input[type=radio][value="i_have_decided_to_leave"]`);
  await app.browser.execute((el) => el.focus(), radio);
  await app.browser.keys("Space");
  await click("Record this decision…");
  const d = await dialog("Record this decision?");
  const text = await d.getText();
  assert.match(text, /Sam will see this, under "Together or apart", the next time they open Healing Arc/);
  sentenceRobinSaw = await (await d.$("p.sentence")).getText();
  assert.match(sentenceRobinSaw, /Robin recorded: "I have decided to leave\."$/);
  assert.match(text, /says only that a decision to part was recorded on this day, not who recorded it or these words/);
  assert.ok(await (await d.$(`.//button[normalize-space()="Get help now"]`)).isDisplayed());
  await axe("confirm");
  await noOverflow("confirm");
  await (await d.$(`.//button[normalize-space()="Record it"]`)).click();
  await see("A parting is recorded");
  await axe("parted");

  // Patterns and readiness stop; the guidance turns to ending well.
  assert.deepEqual((await ok("together_view")).dynamics, []);
  const arc = await ok("arc_view");
  assert.ok(arc.parted && !arc.can_advance && !arc.can_declare);
  const g = await ok("guidance_view");
  assert.deepEqual(g.phase_prompts, []);
  assert.deepEqual(g.ending.map((t) => t.id).slice(0, 3), ["children", "safety", "therapist"]);
  await section("Guidance");
  await see("Telling children and family");
  await axe("guidance-ending");

  // A share after the decision is refused (no record may say it went to Sam), and the
  // screen no longer offers one.
  const refused = await fails("journal_create", { text: AFTER, visibility: "partner" });
  assert.deepEqual([refused.code, refused.field], ["validation", "visibility"]);
  await ok("journal_create", { text: AFTER, visibility: "private" });
  await section("Journal");
  await click("New entry");
  await see("Since the parting, nothing new is shared with your partner.");
  await noPartnerOffered("a new journal entry");

  // A new check-in: the backend refuses a share with Sam, the screen offers none and
  // presets nothing, and "who can see this" names no partner.
  const checkin = { date: day(0), stance: 1, share: { numbers: "partner", note: "private" } };
  assert.equal((await fails("checkin_save", checkin)).field, "share.numbers");
  await section("Today");
  await see("Since the parting, nothing new is shared with your partner.");
  await noPartnerOffered("a new check-in");
  assert.deepEqual(await whoLines(), ["Only you, and no report holds these numbers.", "Only you, and no report holds it."]);
  await axe("today-parted");

  // My arc offers no step back and no rupture (the phases no longer move).
  await section("My arc");
  await see("After the parting");
  await noPhaseMoves("partner 1");
  await axe("arc-parted");
});

/** No checkbox in a share group names the partner (none offered, none preset). */
async function noPartnerOffered(what) {
  const box = await $(`//div[@role="group"][contains(@class, "share")]//label[contains(., "partner")]/input`);
  assert.equal(await box.isExisting(), false, `${what}: no share with the partner is offered`);
}

/** The "Who can see this" sentences of the screen's share groups, in order. */
async function whoLines() {
  return app.browser.execute(() =>
    [...document.querySelectorAll('.share[role="group"] p.who[id]')].map((p) =>
      p.textContent.replace(/\s+/g, " ").replace(/^Who can see this: /, "").trim(),
    ),
  );
}

/** Neither "Step back" nor "Record a rupture" is on My arc (outside the closed dialogs). */
async function noPhaseMoves(who) {
  for (const name of ["Step back", "Record a rupture"]) {
    const b = await $(`//main//button[normalize-space()="${name}"][not(ancestor::dialog)]`);
    assert.equal(await b.isExisting(), false, `${who}: "${name}" is not offered`);
  }
}

test("partner 2 sees the decision as it was shown, nothing of the reflection, and nothing new", async () => {
  await openAs("Partner 2", P2);
  const view = await ok("apart_view");
  assert.ok(view.prompts.every((p) => p.text === "" && p.date === null), "Robin's answers stay Robin's");
  await section("Together or apart");
  const page = await bodyText();
  assert.ok(!page.includes(REFLECTION));
  assert.equal(await (await $("p.sentence")).getText(), sentenceRobinSaw);
  await axe("partner-sees");
  await noOverflow("partner-sees");

  assert.deepEqual((await ok("together_view")).dynamics, []);
  assert.ok((await ok("guidance_view")).ending.length > 0);
  const fromRobin = (await ok("journal_partner_list")).map((e) => e.text);
  assert.ok(!fromRobin.includes(AFTER), "nothing new crossed");
  await section("Together");
  await see("A parting is recorded. Nothing new is shared between you");
  assert.ok((await bodyText()).includes(BEFORE), "what was shared before stays");

  // Sam's check-in today was shared before the parting: its label says so, true for
  // it; its note, never shared, offers no share with Robin.
  await section("Today");
  const numbersBox = await $(
    `//label[contains(., "Shared with my partner before the parting (untick to take it back)")]/input`,
  );
  assert.equal(await numbersBox.isSelected(), true, "the numbers were shared before");
  const boxes = await app.browser.execute(
    () => [...document.querySelectorAll('.share[role="group"] label')].filter((l) => l.textContent.includes("partner")).length,
  );
  assert.equal(boxes, 1, "only the numbers, shared before, keep a partner box");
  const who = await whoLines();
  assert.match(who[0], /your partner as you shared these numbers before the parting/);
  assert.equal(who[1], "Only you, and no report holds it.");
  await axe("today-shared-before");
  await section("My arc");
  await see("After the parting");
  await noPhaseMoves("partner 2");
});

test("each saves their own data; partner 2 deletes their profile and partner 1 keeps working", async () => {
  // Robin's export holds the reflection (private records are in one's own data).
  await openAs("Partner 1", P1);
  await section("Together or apart");
  await click("Save my own data…");
  await see("Keep it somewhere safe");
  const data = JSON.parse(readFileSync(chosen, "utf8"));
  assert.ok(data.reflections.some((r) => r.text === REFLECTION), JSON.stringify(data.reflections));
  assert.equal(data.parting.words, "i_have_decided_to_leave");

  // Sam deletes his profile, after typing the passphrase again.
  await openAs("Partner 2", P2);
  await section("Together or apart");
  await see("Deleting your profile removes your passphrase lock");
  await click("Delete my profile…");
  const d = await dialog("Delete my profile?");
  await axe("delete");
  await noOverflow("delete");
  await (await $("#delete-passphrase")).setValue("not my passphrase at all");
  await (await d.$(`.//button[normalize-space()="Delete my profile"]`)).click();
  await see("That isn't your passphrase. Nothing was deleted.");
  const field = await $("#delete-passphrase");
  await field.clearValue();
  await field.setValue(P2);
  await (await d.$(`.//button[normalize-space()="Delete my profile"]`)).click();
  await heading("Welcome back");
  const status = await ok("vault_status");
  assert.deepEqual(status.profiles.map((p) => p.slot), [1]);
  assert.equal((await fails("vault_unlock", { slot: 2, passphrase: P2 })).code, "not_found");

  // Robin opens with everything of hers; Sam's shares are gone; the decision stays.
  await openAs("Partner 1", P1);
  const mine = (await ok("journal_list")).map((e) => e.text);
  assert.ok(mine.includes(AFTER));
  assert.deepEqual(await ok("journal_partner_list"), []);
  const me = await ok("vault_me");
  assert.equal(me.partner, null);
  assert.equal(me.parted, true);
  await section("Together or apart");
  await see("Your partner's profile has since been deleted from this device.");
  assert.ok((await bodyText()).includes(REFLECTION.slice(0, 10)) || (await ok("apart_view")).prompts.some((p) => p.text === REFLECTION));
  await axe("after-delete");
  // A single profile deletes the whole vault, and says so.
  await see("Yours is the only profile here, so deleting it deletes all of Healing Arc's data");
});
