// One person alone (issue 13, item 2): set-up with no second profile, a check-in, a
// journal entry, guidance, the private "My support" plan and the therapist report's
// preview, with no couple feature nagging on any screen. The new screen part (My
// support) is checked with axe, by keyboard alone and at 360 px.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { start } from "./harness.mjs";
import { screen } from "./screen.mjs";

const P1 = "quiet harbour lanterns";
const stamp = Date.now().toString(36);
const CARE = `Walk by the canal ${stamp}`;
const FRIEND = `Mira ${stamp}`;

let app;
before(async () => {
  app = await start();
});
after(async () => {
  await app?.stop();
});

const s = screen(() => app, "solo");
const { $, click, type, heading, see, axe, ok, bodyText } = s;

/** What a couple feature says; none of it belongs on a one-person screen. */
const COUPLE_WORDS = [
  "Shared with you by",
  "Share with my partner",
  "ready to rebuild together",
  "between you now",
  "Your partner has their own phase",
  "Now your partner",
  "hasn't set up their profile",
  "invite",
  "Patterns from numbers you both share",
  "My partner's therapist reports",
];

async function noCoupleWords(where) {
  await app.browser.waitUntil(async () => !(await bodyText()).includes("Loading…"), { timeout: 10000 });
  const body = await bodyText();
  for (const w of COUPLE_WORDS) {
    assert.ok(!body.toLowerCase().includes(w.toLowerCase()), `"${w}" on ${where}`);
  }
  const nav = await app.browser.execute(() =>
    [...document.querySelectorAll("nav button")].map((b) => b.textContent.trim()),
  );
  if (nav.length > 0) assert.ok(!nav.includes("Together"), `Together in the sections on ${where}`);
}

const focusedText = () =>
  app.browser.execute(() => (document.activeElement?.textContent ?? "").replace(/\s+/g, " ").trim());
const focusedId = () => app.browser.execute(() => document.activeElement?.id ?? "");

/** Presses Tab until the focused element reads `name` (keyboard only). */
async function tabTo(name, limit = 60) {
  for (let i = 0; i < limit; i++) {
    if ((await focusedText()) === name) return;
    await app.browser.keys("Tab");
  }
  assert.fail(`Tab never reached "${name}"`);
}

async function noOverflow(where) {
  const overflow = await app.browser.execute(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `${where} is ${overflow}px wider than the window`);
}

async function open(section) {
  await click(section);
  await heading(section);
}

test("set-up says plainly that a second profile is optional, and going on alone is one click", async () => {
  await heading("Healing Arc");
  await click("Create our private space");
  await heading("Before you begin");
  await click("I understand, let's begin");
  await heading("Your profile");
  await type("What should Healing Arc call you?", "Robin");
  await click("I am the partner who was hurt.");
  await type("Choose a passphrase", P1);
  await type("Type it again", P1);
  await click("Create my profile");
  await heading("Your recovery code", 30000);
  await click("I have written it down");
  await click("Continue");
  await heading("A private check, for you");
  await click("Skip");

  await heading("A second profile is optional");
  await see("Healing Arc works for one person");
  // Neither choice is the main button: no nudge toward a partner.
  const primary = await app.browser.execute(
    () => [...document.querySelectorAll("button.primary")].map((b) => b.textContent.trim()),
  );
  assert.deepEqual(primary, []);
  await noCoupleWords("the set-up's last step");
  await axe("optional");
  await click("Continue on my own");

  await heading("Welcome back");
  await click("Partner 1");
  await type("Your passphrase", P1);
  await click("Open");
  await heading("Today");
  const me = await ok("vault_me");
  assert.equal(me.partner, null);
});

test("a check-in offers no partner to share with, and says truly who sees it", async () => {
  await noCoupleWords("Today");
  await see("Who can see this: Only you, and no report holds these numbers.");
  await click("I want to be close");
  await click("Include in my therapist's report");
  await see("Who can see this: You, and the reports you make for your therapist");
  await type("A note for today (optional)", `a quiet day ${stamp}`);
  await click("Save check-in");
  await see("Saved");
  const today = await app.browser.execute(() => {
    const d = new Date();
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
  });
  const saved = await ok("checkin_get", { date: today });
  assert.equal(saved.share.numbers, "therapist");
  assert.equal(saved.share.note, "private");
  await axe("today");
});

test("a journal entry, and guidance with no couple patterns", async () => {
  await open("Journal");
  await click("New entry");
  await (await $("#journal-text")).setValue(`first entry ${stamp}`);
  await click("Save entry");
  await see(`first entry ${stamp}`);
  await noCoupleWords("Journal");
  await axe("journal");

  await open("Guidance");
  await see("Short reads");
  await noCoupleWords("Guidance");
  const view = await ok("guidance_view");
  assert.deepEqual(view.dynamics, []);
});

test("My support: written, saved, refused by its field without a change, by keyboard and at 360 px", async () => {
  await open("My arc");
  await see("My support");
  await see("You are using Healing Arc on your own.");
  await noCoupleWords("My arc");
  await axe("my-arc");

  await type("What helps me through a day", CARE);
  await click("Add a person");
  await type("Name", FRIEND);
  await type("How to reach them", "0151 222 333");
  await click("Save my support plan");
  await see("Saved. Only you can see this.");
  const plan = await ok("support_get");
  assert.equal(plan.self_care, CARE);
  assert.deepEqual(plan.people, [{ name: FRIEND, reach: "0151 222 333" }]);

  // A person with a way to reach but no name: the message sits by the row; nothing changes.
  await click("Add a person");
  const reach = await $("#support-person-1-reach");
  await reach.setValue("07700 900");
  await click("Save my support plan");
  await see("Please add a name for this person, or remove the line.");
  assert.equal(await (await $("#support-person-1-name")).getAttribute("aria-invalid"), "true");
  assert.deepEqual(await ok("support_get"), plan, "a refused save changes nothing");
  await axe("support-error");
  await click("Remove this person");

  // Keyboard alone: add a person, type, save.
  await app.browser.execute(() => document.getElementById("support-self-care")?.focus());
  await tabTo("Add a person");
  await app.browser.keys("Enter");
  await app.browser.waitUntil(async () => (await focusedId()) === "support-person-1-name", {
    timeout: 5000,
    timeoutMsg: "the new row's name field never took the focus",
  });
  await app.browser.keys(Array.from("Jo"));
  await tabTo("Save my support plan");
  await app.browser.keys("Enter");
  await see("Saved. Only you can see this.");
  assert.deepEqual(
    (await ok("support_get")).people.map((p) => p.name),
    [FRIEND, "Jo"],
  );

  await app.browser.setWindowSize(360, 740);
  await app.browser.pause(300);
  await (await $("#support-title")).scrollIntoView();
  await noOverflow("My arc with My support");
  await app.screenshot("solo-support-phone");
  await app.browser.setWindowSize(1280, 900);
});

test("the therapist report works for one person and holds nothing of My support", async () => {
  await open("For my therapist");
  await click("Show what will be included");
  await see("What the report will include");
  await see("There is no second profile in Healing Arc here.");
  await see("your support plan (My support) never is");
  const body = await bodyText();
  assert.ok(!body.includes(CARE) && !body.includes(FRIEND), "the support plan is in the preview");
  await noCoupleWords("For my therapist");
  await axe("therapist");

  await open("Settings");
  await see("A second profile (optional)");
  await noCoupleWords("Settings");
});

test("a partner who joins later never reads My support, on any screen or through any command", async () => {
  await click("Set up my partner's profile");
  await heading("Your partner's profile");
  await type("What should Healing Arc call you?", "Sam");
  await click("I am the partner who broke trust.");
  await type("Choose a passphrase", "orchard gate at noon");
  await type("Type it again", "orchard gate at noon");
  await click("Create my profile");
  await heading("Your recovery code", 30000);
  await click("I have written it down");
  await click("Done");

  await heading("Welcome back");
  await click("Partner 2");
  await type("Your passphrase", "orchard gate at noon");
  await click("Open");
  await heading("Today");
  // Two profiles: the couple's space is there again, as it always was.
  await see("Share with my partner");
  for (const section of ["Today", "Journal", "My arc", "Together", "Guidance", "For my therapist", "Settings"]) {
    await open(section);
    await app.browser.waitUntil(async () => !(await bodyText()).includes("Loading…"), { timeout: 10000 });
    const body = await bodyText();
    assert.ok(!body.includes(CARE) && !body.includes(FRIEND), `My support of partner 1 on ${section}`);
  }
  const theirs = await ok("support_get");
  assert.deepEqual(theirs, { self_care: "", people: [], therapist: { name: "", reach: "" } });
  for (const command of ["journal_partner_list", "checkin_partner_list", "task_partner_list", "together_view"]) {
    const text = JSON.stringify(await ok(command));
    assert.ok(!text.includes(stamp), `${command} holds partner 1's words`);
  }
});
