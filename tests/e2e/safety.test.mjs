// The private safety check and the explainers (issue 13, docs/SAFETY.md), with two
// profiles on one device. Partner 1 answers the check with concerns and sees the help
// for one person; partner 2, unlocked before and after, sees no difference anywhere:
// not in the text of any screen, not in anything a command returns, not in the data
// folder. Every new screen is checked with axe, by keyboard and at 360 px.
import assert from "node:assert/strict";
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { invoke, invokeOk, start } from "./harness.mjs";
import { screen } from "./screen.mjs";

const P1 = "quiet harbour lanterns";
const P2 = "orchard gate at noon";
const SECTIONS = ["Today", "Journal", "My arc", "Together", "Guidance", "Questions", "Trigger log", "For my therapist", "Settings"];
const TITLE = "A private check, for you";

let app;
before(async () => {
  app = await start();
});
after(async () => {
  await app?.stop();
});

const { $, byName, bodyText, click, heading, see, axe, noOverflow, dialog, unlockAs, lock, tabTo } = screen(
  () => app,
  "safety",
);

/** The text of every section, as the unlocked partner sees it. */
async function everyScreen() {
  const out = {};
  for (const name of SECTIONS) {
    await click(name);
    await heading(name);
    await app.browser.waitUntil(async () => !(await bodyText()).includes("Loading…"), { timeout: 10000 });
    out[name] = await bodyText();
  }
  await click("Today");
  await heading("Today");
  return out;
}

/** What every read command returns to the unlocked partner. */
async function everyAnswer() {
  const today = await app.browser.execute(() => {
    const d = new Date();
    const p = (n) => String(n).padStart(2, "0");
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
  });
  const reads = [
    ["vault_status"],
    ["vault_me"],
    ["settings_get"],
    ["checkin_list", {}],
    ["checkin_partner_list", {}],
    ["journal_list"],
    ["journal_partner_list"],
    ["task_list"],
    ["task_partner_list"],
    ["arc_view"],
    ["together_view"],
    ["guidance_view"],
    ["report_preview", { from: "2026-01-01", to: today }],
    ["report_consent_get"],
    ["safety_check_status"],
  ];
  const out = {};
  for (const [cmd, input] of reads) out[cmd] = await invokeOk(app.browser, cmd, input);
  return out;
}

/**
 * The data folder as another person with the device could see it: every file's path and
 * size. (Contents are sealed; names and sizes are what is left to look at.)
 */
function folder() {
  const out = {};
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(app.dataDir, p)] = statSync(p).size;
    }
  };
  walk(app.dataDir);
  return out;
}

function growth(from, to) {
  assert.deepEqual(Object.keys(to).sort(), Object.keys(from).sort(), "no file came or went");
  return Object.fromEntries(Object.keys(to).map((k) => [k, to[k] - from[k]]));
}

/** Opens the check from Get help now (reachable from every screen). */
async function openCheckFromHelp() {
  await click("Get help now");
  const help = await dialog("Help, right now");
  const b = await help.$(`.//button[normalize-space()="A private safety check"]`);
  await b.waitForClickable({ timeout: 10000 });
  await b.click();
  return dialog(TITLE);
}

/** Escape closes the open dialog (focus is inside it). */
async function closeHelp() {
  await app.browser.keys("Escape");
  await app.browser.waitUntil(async () => !(await $("//dialog[@open]").isExisting()), {
    timeout: 10000,
    timeoutMsg: "a dialog stayed open",
  });
}

let before2;

test("set-up offers the check after the recovery code, and skipping it never blocks", async () => {
  await heading("Healing Arc");
  await click("Create our private space");
  await click("I understand, let's begin");
  await heading("Your profile");
  await (await byName("What should Healing Arc call you?")).setValue("Robin");
  await click("I am the partner who was hurt.");
  await (await byName("Choose a passphrase")).setValue(P1);
  await (await byName("Type it again")).setValue(P1);
  await click("Create my profile");
  await heading("Your recovery code", 30000);
  await click("I have written it down");
  await click("Continue");
  await heading(TITLE);
  await see("your answers remain on this screen");
  await axe("offer");
  await click("Answer the questions");
  await heading(TITLE);
  await axe("onboarding-questions");
  // Leaving without an answer moves on, like Skip.
  await click("Continue");
  await heading("A second profile is optional");
  await click("Set up my partner now");
  await heading("Your partner's profile");
  await (await byName("What should Healing Arc call you?")).setValue("Sam");
  await click("I am the partner who broke trust.");
  await (await byName("Choose a passphrase")).setValue(P2);
  await (await byName("Type it again")).setValue(P2);
  await click("Create my profile");
  await heading("Your recovery code", 30000);
  await click("I have written it down");
  await click("Done");
  await heading("Welcome back");
});

test("partner 2 gets the quiet prompt at their first unlock; the explainers open from Guidance", async () => {
  await unlockAs("Partner 2", P2);
  const prompt = `//div[@role="note"][@aria-labelledby="safety-check-title"]`;
  const note = await $(prompt);
  await note.waitForDisplayed({ timeout: 10000 });
  assert.match(await note.getText(), /for you alone/);
  await axe("prompt");
  // The fresh-start offer (first unlock) has a "Not now" of its own.
  await (await $(`//div[@role="note"][@aria-labelledby="fresh-start-title"]//button[normalize-space()="Not now"]`)).click();
  const notNow = await note.$(`.//button[normalize-space()="Not now"]`);
  await app.browser.execute((el) => el.focus(), notNow);
  await app.browser.keys("Enter");
  await app.browser.waitUntil(async () => !(await $(prompt).isExisting()), { timeout: 10000, timeoutMsg: "the prompt stayed" });
  assert.equal((await invokeOk(app.browser, "safety_check_status")).due, false, "back in a few weeks");

  await click("Guidance");
  await heading("Guidance");
  await heading("Short reads", 20000, "h2");
  // Where a term appears: phase 1's words for the partner who broke trust name feeling torn.
  await byName("Read: When the partner who broke trust feels torn").waitForDisplayed({ timeout: 10000 });
  await axe("guidance");
  const forgive = await byName("What forgiveness is and is not");
  await forgive.scrollIntoView();
  await app.browser.execute((el) => el.focus(), forgive);
  await app.browser.keys("Enter");
  const d = await dialog("What forgiveness is and is not");
  assert.match(await d.getText(), /Forgiveness is not approval/);
  await axe("explainer");
  await app.browser.setWindowSize(360, 740);
  await app.browser.pause(300);
  await noOverflow("an explainer");
  await app.screenshot("safety-explainer-phone");
  await app.browser.setWindowSize(1280, 900);
  await closeHelp();
  await lock();

  // What partner 2 sees from now on, when nothing happened in between.
  await unlockAs("Partner 2", P2);
  before2 = { screens: await everyScreen(), answers: await everyAnswer() };
  await lock();
});

let warm, afterNo, afterConcern;

test("partner 1 answers with concerns, by keyboard, and sees help for one person", async () => {
  // A first lock of the day writes a backup; one round before measuring takes that out.
  await unlockAs("Partner 1", P1);
  await lock();
  warm = folder();

  // The same visit with no concern: the yardstick for what answering with one leaves.
  await unlockAs("Partner 1", P1);
  let d = await openCheckFromHelp();
  for (const radio of await d.$$(`input[type=radio][value="no"]`)) await radio.click();
  await (await d.$(`.//button[normalize-space()="Done"]`)).click();
  await heading("Thank you", 20000, "h2");
  await axe("clear");
  await closeHelp();
  await lock();
  afterNo = folder();

  await unlockAs("Partner 1", P1);
  d = await openCheckFromHelp();
  await axe("questions");
  await app.browser.setWindowSize(360, 740);
  await app.browser.pause(300);
  await noOverflow("the questions");
  await app.screenshot("safety-questions-phone");
  await app.browser.setWindowSize(1280, 900);
  await app.browser.pause(300);

  // Keyboard only from here: into the first question, "Yes"; the fourth (control),
  // "Not sure"; the rest skipped.
  const first = await d.$(`input[type=radio]`);
  await app.browser.execute((el) => el.focus(), first);
  await app.browser.keys("Space");
  for (let i = 0; i < 3; i++) await app.browser.keys("Tab");
  await app.browser.keys("ArrowRight");
  const chosen = await app.browser.execute(() =>
    [...document.querySelectorAll("dialog[open] input[type=radio]:checked")].map((r) => r.value),
  );
  assert.deepEqual(chosen, ["yes", "unsure"]);
  await tabTo("Done");
  await app.browser.keys("Enter");

  await heading("Help for you", 20000, "h2");
  const inResult = await app.browser.execute(() => !!document.activeElement?.closest(".result"));
  assert.ok(inResult, "focus moves to the help");
  const text = await d.getText();
  assert.match(text, /not your fault/);
  assert.match(text, /Couples work may not be the right place right now/);
  assert.match(text, /does not contact anyone and sends nothing/);
  assert.match(text, /Clearing your browser or call history can itself be noticed/);
  assert.match(text, /safe time to call you back/);
  await (await d.$("select")).selectByVisibleText("United States");
  assert.match(await d.getText(), /Text START to 88788/, "a text line beside the phone lines");
  await axe("concern");
  await app.browser.setWindowSize(360, 740);
  await app.browser.pause(300);
  await noOverflow("the help for one person");
  await app.screenshot("safety-concern-phone");
  await app.browser.setWindowSize(1280, 900);
  await tabTo("Back to help");
  await app.browser.keys("Enter");
  await dialog("Help, right now");
  await closeHelp();

  // No command takes an answer (the answers never leave the page); what the backend
  // knows is that the check was offered, by date.
  assert.equal((await invokeOk(app.browser, "safety_check_status")).due, false);
  await lock();
  afterConcern = folder();
});

test("partner 2 sees no difference anywhere", async () => {
  // On disk: answering with concerns is a visit like the one with none. Both rounds are
  // the same unlock, the same one rewrite of the same fixed-size, padded record, and the
  // same lock, so the files grow alike; if the answers were kept, or counted, or wrote
  // anything more, a file would come, go or grow differently. (Partner 1 using the app
  // at all is visible, as it always was; what they answered is not.)
  assert.deepEqual(growth(afterNo, afterConcern), growth(warm, afterNo), "the files grew alike");

  await unlockAs("Partner 2", P2);
  const now = { screens: await everyScreen(), answers: await everyAnswer() };
  for (const name of SECTIONS) assert.equal(now.screens[name], before2.screens[name], `the ${name} screen`);
  assert.deepEqual(now.answers, before2.answers, "what the commands return");
  const raw = await invoke(app.browser, "checkin_partner_list", { input: {} });
  assert.ok(!JSON.stringify(raw).includes("safety-check"));
  await lock();
});
