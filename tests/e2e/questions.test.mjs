// Questions and the trigger log, from the other side (issue 14): Robin (who was hurt)
// asks a question, shares it; Sam answers it on screen; Robin marks it. Sam logs a
// trigger and shares it; Robin adds what helped. Each is taken back and found gone on
// the other side. Then no text of either is anywhere in the data folder. Both new
// screens are checked with axe, by keyboard and at 360 px.
import assert from "node:assert/strict";
import { readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { start } from "./harness.mjs";
import { screen } from "./screen.mjs";

const P1 = "lanterns over the quiet bay";
const P2 = "a kettle singing at dawn";
const stamp = Date.now().toString(36);
const QUESTION = `QCANARY when did it end ${stamp}`;
const ANSWER = `ACANARY in march for good ${stamp}`;
const TRIGGER = `TCANARY a song in the shop ${stamp}`;
const HELPED = `HCANARY a walk outside ${stamp}`;
const PARTNER_HELP = `PCANARY I sat with them ${stamp}`;

let app;
let home;
before(async () => {
  app = await start({ keepHome: true });
  home = app.home;
});
after(async () => {
  await app?.stop();
  if (home) rmSync(home, { recursive: true, force: true });
});

const { $, ok, click, heading, axe, bodyText, see } = screen(
  () => app,
  "questions",
);

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

async function section(name) {
  const nav = await $(`//nav//button[normalize-space()="${name}"]`);
  await nav.waitForClickable({ timeout: 15000 });
  await nav.click();
  await heading(name);
}

async function noOverflow(name) {
  const overflow = await app.browser.execute(
    () => document.documentElement.scrollWidth - window.innerWidth,
  );
  assert.ok(overflow <= 1, `${name} is ${overflow}px wider than the window`);
}

async function atPhoneWidth(name) {
  await app.browser.setWindowSize(360, 740);
  await app.browser.pause(300);
  await noOverflow(name);
  await app.screenshot(`questions-${name}-phone`);
  await app.browser.setWindowSize(1280, 900);
  await app.browser.pause(300);
}

const focusedText = () =>
  app.browser.execute(() =>
    (document.activeElement?.textContent ?? "").replace(/\s+/g, " ").trim(),
  );

/** Presses Tab until the focused element reads `name` (keyboard only). */
async function tabTo(name, limit = 60) {
  for (let i = 0; i < limit; i++) {
    if ((await focusedText()) === name) return;
    await app.browser.keys("Tab");
  }
  assert.fail(`Tab never reached "${name}"`);
}

/** Clicks the button starting with `label` on the item whose text is `text`. */
async function clickOn(text, label) {
  const b = await $(
    `//article[.//p[normalize-space()="${text}"]]//button[starts-with(normalize-space(.), "${label}")]`,
  );
  await b.waitForClickable({ timeout: 15000 });
  await b.click();
}

/** Ticks "Share with my partner" inside the form's sharing choice. */
async function sharePartner(want) {
  const box = await $(
    `//form//label[contains(., "Share with my partner")]/input`,
  );
  await box.waitForClickable({ timeout: 10000 });
  if ((await box.isSelected()) !== want) await box.click();
}

test("a question asked, shared, answered, marked, and taken back", async () => {
  await ok("vault_create", {
    name: "Robin",
    role: "ap",
    colour: 2,
    passphrase: P1,
  });
  await ok("vault_add_partner", {
    name: "Sam",
    role: "op",
    colour: 5,
    passphrase: P2,
  });
  await openAs("Partner 1", P1);

  // Robin writes a question and saves it by keyboard: private until Robin shares it.
  await section("Questions");
  await axe("questions-empty");
  await click("New question");
  const field = await $("#question-text");
  await field.waitForDisplayed({ timeout: 10000 });
  await field.setValue(QUESTION);
  await see("Only you. Your partner does not see it");
  await sharePartner(true);
  await see("they see it on their Questions screen");
  await axe("question-editor");
  await tabTo("Save question");
  await app.browser.keys("Enter");
  await (await $(`p=${QUESTION}`)).waitForDisplayed({ timeout: 10000 });
  assert.equal((await ok("questions_view")).mine[0].question.status, "open");
  assert.equal(
    (await ok("questions_view")).mine[0].question.helped,
    null,
    "nothing preset",
  );
  await atPhoneWidth("questions");

  // Sam finds it, answers it on screen.
  await openAs("Partner 2", P2);
  await section("Questions");
  await (
    await $("h2=Questions Robin shares with you")
  ).waitForDisplayed({ timeout: 10000 });
  await see(QUESTION);
  await clickOn(QUESTION, "Answer");
  await (await $("#answer-text")).setValue(ANSWER);
  await axe("answer-editor");
  await click("Save answer");
  await see("Your answer");
  await see(ANSWER);
  await atPhoneWidth("answer");

  // Robin reads the answer and marks the question answered, and that it helped.
  await openAs("Partner 1", P1);
  await section("Questions");
  await see(ANSWER);
  await see("Sam answered");
  await clickOn(QUESTION, "Edit");
  await (
    await $(`//label[contains(., "Answered")]/input[@name="question-status"]`)
  ).click();
  await (await $(`//label[contains(., "It helped")]/input`)).click();
  await click("Save question");
  await see("Answered · the answer helped");

  // Sam sees the mark; then Robin takes the question back, and Sam finds it gone, answer and all.
  await openAs("Partner 2", P2);
  await section("Questions");
  await see("Answered · the answer helped");
  await openAs("Partner 1", P1);
  await section("Questions");
  await clickOn(QUESTION, "Edit");
  await sharePartner(false);
  await click("Save question");
  await see("Only you");
  await openAs("Partner 2", P2);
  await section("Questions");
  await see("Robin hasn't shared a question with you");
  const text = await bodyText();
  assert.ok(
    !text.includes(QUESTION) && !text.includes(ANSWER),
    "gone from Sam's screen",
  );
  assert.equal((await ok("questions_view")).from_partner.length, 0);
});

test("a trigger logged, shared, helped, and taken back", async () => {
  // Sam logs one and shares it.
  await section("Trigger log");
  await axe("triggers-empty");
  await click("New entry");
  await (await $("#trigger-what")).setValue(TRIGGER);
  // Strength by keyboard: focus the first step, then arrows.
  const first = await $(`input[name="trigger-strength"]`);
  await app.browser.execute((el) => el.focus(), first);
  await app.browser.keys("Space");
  for (let i = 0; i < 6; i++) await app.browser.keys("ArrowRight");
  await (await $("#trigger-helped")).setValue(HELPED);
  await sharePartner(true);
  await see("they see it on their Trigger log screen");
  await axe("trigger-editor");
  await atPhoneWidth("trigger-editor");
  await click("Save entry");
  await see(TRIGGER);
  await see("strength 6 of 10");
  assert.equal(
    (await ok("arc_view")).trends.triggers_per_week[1].logged,
    1,
    "Sam's own trends count it",
  );

  // Robin finds it and adds what helped; Robin's own trends never count it.
  await openAs("Partner 1", P1);
  await section("Trigger log");
  await (
    await $("h2=Shared with you by Sam")
  ).waitForDisplayed({ timeout: 10000 });
  await see(TRIGGER);
  await clickOn(TRIGGER, "Add what I did that helped");
  await (await $("#help-text")).setValue(PARTNER_HELP);
  await axe("trigger-help");
  await click("Save");
  await see(PARTNER_HELP);
  await atPhoneWidth("triggers");
  assert.equal((await ok("arc_view")).trends.triggers_per_week[1].logged, 0);

  // Sam sees the note, then takes the entry back; Robin finds it gone, note and all.
  await openAs("Partner 2", P2);
  await section("Trigger log");
  await see(PARTNER_HELP);
  await see("Robin added what they did that helped");
  await clickOn(TRIGGER, "Edit");
  await sharePartner(false);
  await click("Save entry");
  await see("Only you");
  await openAs("Partner 1", P1);
  await section("Trigger log");
  await see("Sam hasn't shared an entry with you");
  const text = await bodyText();
  assert.ok(
    !text.includes(TRIGGER) && !text.includes(PARTNER_HELP),
    "gone from Robin's screen",
  );

  // The trigger-plan task opens the log.
  await section("My arc");
  await click("Open my trigger log");
  await heading("Trigger log");
  await ok("vault_lock");
});

test("after the app closes, no text of either is anywhere under its folders", async () => {
  const { dataDir } = app;
  await app.stop();
  app = null;
  const needles = [QUESTION, ANSWER, TRIGGER, HELPED, PARTNER_HELP].flatMap(
    (s) => {
      const utf8 = Buffer.from(s, "utf8");
      return [
        utf8,
        Buffer.from(s, "utf16le"),
        Buffer.from(utf8.toString("hex")),
        Buffer.from(utf8.toString("base64").slice(0, -4)),
      ];
    },
  );
  const files = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const p = path.join(dir, name);
      const st = statSync(p, { throwIfNoEntry: false });
      if (!st) continue;
      if (st.isDirectory()) walk(p);
      else if (st.isFile()) files.push(p);
    }
  };
  walk(home);
  assert.ok(
    files.some((f) => f.startsWith(dataDir)),
    "the vault wrote its files",
  );
  for (const f of files) {
    const content = readFileSync(f);
    for (const n of needles) {
      assert.ok(
        !content.includes(n),
        `${JSON.stringify(n.toString())} found in ${path.relative(home, f)}`,
      );
    }
  }
});
