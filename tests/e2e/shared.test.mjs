// The shared view, from the other side (MODEL.md "Consent"): what one partner shares
// through the screens (a journal entry, a step marked done) is found by the *other*
// partner, unlocked as themselves, on Together and in their journal; taken back, it is
// gone there. A step's mark is private until its owner shares it.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { start } from "./harness.mjs";
import { screen } from "./screen.mjs";

const P1 = "lanterns over the quiet bay";
const P2 = "a kettle singing at dawn";
const ENTRY = `what I want you to know ${Date.now().toString(36)}`;
const NOTE = `today's note for Sam ${Date.now().toString(36)}`;
const NUMBERS_SHARE = '//div[@role="group"][.//p[starts-with(normalize-space(text()), "Who may see today\'s numbers")]]//label[contains(., "Share with my partner")]/input';
const NOTE_SHARE = '//div[@role="group"][.//p[normalize-space(text())="Who may see the note?"]]//label[contains(., "Share with my partner")]/input';

let app;
before(async () => {
  app = await start();
});
after(async () => {
  await app?.stop();
});

const { $, ok, click, heading, axe, bodyText } = screen(() => app, "shared");

/** Opens the app as one partner through the lock screen. */
async function openAs(label, passphrase) {
  await ok("vault_lock");
  await app.browser.refresh();
  await heading("Welcome back");
  await click(label);
  const field = await $("#unlock-passphrase");
  await field.setValue(passphrase);
  await click("Open");
  await heading("Today");
  // A partner's first own unlock offers a fresh passphrase once; not today.
  const notNow = await $("aria/Not now");
  if (await notNow.isExisting()) await notNow.click();
}

async function taskBox(title) {
  const box = await $(`//label[.//strong[normalize-space(text())="${title}"]]/input`);
  await box.waitForClickable({ timeout: 10000 });
  return box;
}

async function markShare(title, share) {
  const summary = await $(`//li[.//strong[normalize-space(text())="${title}"]]//summary`);
  await summary.waitForClickable({ timeout: 10000 });
  await summary.click();
  const box = await $(`//li[.//strong[normalize-space(text())="${title}"]]//details//label[contains(., "Share with my partner")]/input`);
  await box.waitForClickable({ timeout: 10000 });
  assert.equal(await box.isSelected(), !share);
  await box.click();
  await (await $("p.status")).waitUntil(async function () {
    return (await this.getText()).startsWith("Now seen by");
  }, { timeout: 10000 });
}

test("check-in numbers and note, a journal entry and a step shared through the screens reach the partner, and leave when taken back", async () => {
  await ok("vault_create", { name: "Robin", role: "ap", colour: 2, passphrase: P1 });
  await ok("vault_add_partner", { name: "Sam", role: "op", colour: 5, passphrase: P2 });
  await openAs("Partner 1", P1);
  const title = (await ok("arc_view")).tasks.find((t) => t.phase === "stabilize" && t.required).title;

  // Robin checks in and shares today's numbers and note with Sam.
  await click("A little closer");
  await (await $("#note")).setValue(NOTE);
  await (await $(NUMBERS_SHARE)).click();
  await (await $(NOTE_SHARE)).click();
  await click("Save check-in");
  await (await $("p.status=Saved")).waitForDisplayed({ timeout: 10000 });

  // Robin writes an entry and shares it with Sam.
  await click("Journal");
  await heading("Journal");
  await click("New entry");
  await (await $("#journal-text")).setValue(ENTRY);
  await click("Share with my partner");
  await click("Save entry");
  await (await $(`p=${ENTRY}`)).waitForDisplayed({ timeout: 10000 });

  // Robin marks a step: private until shared, then shared.
  await click("My arc");
  await heading("My arc");
  await (await taskBox(title)).click();
  const summary = await $(`//li[.//strong[normalize-space(text())="${title}"]]//summary`);
  await summary.waitForDisplayed({ timeout: 10000 });
  assert.match(await summary.getText(), /Only you/);
  assert.equal((await ok("task_list")).find((t) => t.visibility !== "private"), undefined, "a first mark is private");
  await markShare(title, true);
  await axe("my-arc-mark-shared");

  // Sam, as themselves, finds both on Together and the entry in their journal.
  await openAs("Partner 2", P2);
  await click("Together");
  await heading("Together");
  await (await $(`p=${ENTRY}`)).waitForDisplayed({ timeout: 10000 });
  const together = await bodyText();
  assert.match(together, /Robin · journal entry/);
  assert.match(together, /Robin · check-in note/);
  const chart = (await ok("together_view")).chart;
  assert.equal(chart.partner.at(-1), 1, "Robin's shared stance on Sam's chart");
  assert.ok(together.includes(NOTE), "the shared note");
  assert.ok(together.includes(`Robin marked a step done: ${title}`), together);
  await axe("together-with-entry");
  await click("Journal");
  await heading("Journal");
  await (await $("h2=Shared with you by Robin")).waitForDisplayed({ timeout: 10000 });
  assert.ok((await bodyText()).includes(ENTRY));

  // Robin takes all four back through the screens.
  await openAs("Partner 1", P1);
  for (const xpath of [NUMBERS_SHARE, NOTE_SHARE]) {
    const box = await $(xpath);
    await box.waitForDisplayed({ timeout: 10000 });
    assert.equal(await box.isSelected(), true);
    await box.click();
  }
  await click("Save changes");
  await (await $("p.status=Saved")).waitForDisplayed({ timeout: 10000 });
  await click("Journal");
  await heading("Journal");
  await (await $('//button[starts-with(normalize-space(.), "Edit")]')).click();
  await click("Share with my partner");
  await click("Save entry");
  await (await $(`p=${ENTRY}`)).waitForDisplayed({ timeout: 10000 });
  await click("My arc");
  await heading("My arc");
  await markShare(title, false);

  // Sam finds neither any more.
  await openAs("Partner 2", P2);
  await click("Together");
  await heading("Together");
  await (await $("h2=What you share with each other")).waitForDisplayed({ timeout: 10000 });
  const after = await bodyText();
  assert.ok(!after.includes(ENTRY), "the entry is gone from Together");
  assert.ok(!after.includes(NOTE), "the note is gone from Together");
  const chartAfter = (await ok("together_view")).chart;
  assert.ok(chartAfter.partner.every((s) => s === null), "the numbers are gone from Sam's chart");
  assert.ok(!after.includes(`marked a step done: ${title}`), "the mark is gone from Together");
  assert.match(after, /Robin hasn't shared anything yet/);
  await click("Journal");
  await heading("Journal");
  assert.ok(!(await bodyText()).includes(ENTRY), "the entry is gone from Sam's journal");
});
