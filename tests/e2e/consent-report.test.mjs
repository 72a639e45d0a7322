// Issue 11, items 5 and 6, in the real app:
// - the second partner chooses their own role at set-up: the first partner's answer is
//   a suggestion, nothing is preselected, and choosing the same role is explained on a
//   screen of its own, from which they go back without losing what they typed;
// - the report preview says what it holds about the other partner, before and after
//   that partner allows it in their own Settings (tested from the other side);
// - the own-data export says it holds the safety answers, unencrypted, before saving.
// axe-core checks each new screen state.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { start } from "./harness.mjs";
import { screen } from "./screen.mjs";

const P1 = "copper kettle by the window";
const P2 = "gulls over the grey pier";
const NAME1 = "Alex";
const NAME2 = "Sam";

let app;
before(async () => {
  app = await start();
});
after(async () => {
  await app?.stop();
});

const { $, byName, ok, fails, click, type, heading, bodyText, see, axe } = screen(() => app, "consent");

const checkedRoles = () =>
  app.browser.execute(() =>
    [...document.querySelectorAll('input[name="role"]')].filter((i) => i.checked).map((i) => i.value),
  );
const valueOf = (id) => app.browser.execute((i) => document.getElementById(i).value, id);

async function unlockAs(label, passphrase) {
  await app.browser.refresh();
  await heading("Welcome back");
  await click(label);
  await type("Your passphrase", passphrase);
  await click("Open");
  await heading("Today");
}

function day(offset) {
  const d = new Date();
  d.setDate(d.getDate() - offset);
  const p = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

test("the second partner chooses their own role; the same role is explained, and nothing typed is lost", async () => {
  await heading("Healing Arc");
  await click("Create our private space");
  await click("I understand, let's begin");
  await heading("Your profile");
  await type("What should Healing Arc call you?", NAME1);
  await click("I am the partner who was hurt.");
  await type("Choose a passphrase", P1);
  await type("Type it again", P1);
  await click("Create my profile");
  await heading("Your recovery code", 30000);
  await click("I have written it down");
  await click("Continue");
  await click("Skip"); // the private safety check, offered at set-up
  await click("Set up my partner now");

  await heading("Your partner's profile");
  await see(`${NAME1} chose “I am the partner who was hurt”, so they thought you might be the partner who broke trust.`);
  await see("That is only a suggestion: please choose what fits you.");
  assert.deepEqual(await checkedRoles(), [], "a role is preselected for the second partner");
  await axe("second-partner");

  // Without a choice the form asks for one; nothing is sent.
  await type("What should Healing Arc call you?", NAME2);
  await type("Choose a passphrase", P2);
  await type("Type it again", P2);
  await click("Create my profile");
  await see("Please choose the sentence that fits you.");
  assert.deepEqual(await checkedRoles(), []);

  // The same role as the first partner: a calm explanation, then back to the form.
  await click("I am the partner who was hurt.");
  await click("Create my profile");
  await heading("You both chose the same role");
  await see("a couple has one partner who was hurt and one partner who broke trust");
  await see("Take a moment to talk it over together.");
  await axe("same-role");
  await click("Go back and choose");
  await heading("Your partner's profile");
  assert.equal(await valueOf("name"), NAME2, "the name was lost");
  assert.equal(await valueOf("passphrase"), P2, "the passphrase was lost");
  assert.equal(await valueOf("confirm"), P2, "the second passphrase was lost");

  await click("I am the partner who broke trust.");
  await click("Create my profile");
  await heading("Your recovery code", 30000);
  await click("I have written it down");
  await click("Done");
  await heading("Welcome back");

  // The role is Sam's own choice.
  await ok("vault_unlock", { slot: 2, passphrase: P2 });
  const me = await ok("vault_me");
  assert.equal(me.me.role, "op");
  assert.equal(me.partner.role, "ap");
  await ok("vault_lock");
});

test("the preview says what the report holds about the partner, before and after they allow it", async () => {
  // Sam (partner 2) shares numbers with Alex and records a rupture.
  await ok("vault_unlock", { slot: 2, passphrase: P2 });
  for (const n of [1, 2, 3, 4]) {
    await ok("checkin_save", { date: day(n), stance: -2, share: { numbers: "partner", note: "private" } });
  }
  // The kind crosses as the enum; the English phrase 0.1.0's UI sent is refused, unrecorded.
  const phrase = await fails("arc_rupture", { reason: "renewed contact" });
  assert.deepEqual([phrase.code, phrase.field], ["validation", "reason"]);
  const words = await fails("arc_rupture", { kind: "renewed contact" });
  assert.deepEqual([words.code, words.field], ["validation", "kind"]);
  const ruptures = async () => (await ok("arc_view")).events.filter((e) => e.words.includes("rupture")).length;
  assert.equal(await ruptures(), 0);
  await ok("arc_rupture", { kind: "renewed_contact" });
  assert.equal(await ruptures(), 1);
  await ok("vault_lock");

  // Alex: by default the report holds nothing about Sam, and the preview says so.
  await unlockAs("Partner 1", P1);
  await click("For my therapist");
  await heading("For my therapist");
  await click("Show what will be included");
  await see(`About ${NAME2}: nothing. ${NAME2} has not allowed your reports to include their phases`);
  // The export warning is on the screen before any save.
  await see("both files hold your answers to “I felt safe today”");
  await see("The files are not encrypted");
  const warned = await (await byName("Save all my data (JSON)…")).getAttribute("aria-describedby");
  assert.equal(warned, "export-warning");
  await axe("preview-not-allowed");
  await ok("vault_lock");

  // Sam allows it, in Sam's own Settings.
  await unlockAs("Partner 2", P2);
  await click("Settings");
  await heading("Settings");
  const box = await byName("My partner's therapist reports may include my phases, the ruptures I recorded and our patterns");
  await box.waitForEnabled({ timeout: 10000 });
  assert.equal(await box.isSelected(), false, "the setting is on by default");
  await box.click();
  await click("Save this choice");
  await see(`Saved. ${NAME1}'s next report can include these facts about you.`);
  await axe("settings-consent");
  assert.deepEqual(await ok("report_consent_get"), { partner_reports_include_me: true });
  await ok("vault_lock");

  // Alex's next preview holds Sam's facts and says so.
  await unlockAs("Partner 1", P1);
  await click("For my therapist");
  await heading("For my therapist");
  await click("Show what will be included");
  await see(`About ${NAME2}: ${NAME2} allowed your reports to include facts about them`);
  await see("and 1 rupture they recorded");
  await axe("preview-included");
  // Alex's own choice is Alex's: still off.
  assert.deepEqual(await ok("report_consent_get"), { partner_reports_include_me: false });
  await ok("vault_lock");

  // Sam takes it back: Alex's next preview holds nothing about Sam again.
  await ok("vault_unlock", { slot: 2, passphrase: P2 });
  await ok("report_consent_set", { partner_reports_include_me: false });
  await ok("vault_lock");
  await ok("vault_unlock", { slot: 1, passphrase: P1 });
  const preview = await ok("report_preview", { from: day(30), to: day(0) });
  assert.equal(preview.partner.state, "not_allowed");
  assert.deepEqual(preview.patterns, []);
  await ok("vault_lock");
});
