// The v2 vault through the real app: a passphrase change that locks out older copies
// (SECURITY.md 23) from Settings, seen from both partners' sides afterwards; and a
// restore offered on the lock screen that says the data here is set aside, not deleted
// (SECURITY.md 24).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { start } from "./harness.mjs";
import { screen } from "./screen.mjs";

const P1 = "quiet harbour lanterns";
const P2 = "orchard gate at noon";
const P1_NEW = "copper kettles by the window";
const SHARED = `shared before the change ${Date.now().toString(36)}`;

let app;
before(async () => {
  app = await start();
});
after(async () => {
  await app?.stop();
});

const { $, ok, fails, click, type, heading, axe } = screen(() => app, "vault2");

test("locking out older copies from Settings: a new code, the old passphrase opens nothing, the partner still sees what was shared", async () => {
  const first = await ok("vault_create", { name: "Robin", role: "ap", colour: 2, passphrase: P1 });
  await ok("vault_add_partner", { name: "Sam", role: "op", colour: 5, passphrase: P2 });
  await ok("journal_create", { text: SHARED, visibility: "partner" });
  await app.browser.refresh();
  await heading("Today");
  await click("Settings");
  await heading("Settings");
  const box = await app.browser.$("aria/Lock out older copies");
  assert.equal(await box.isSelected(), true, "offered first, as SECURITY.md 23 asks");
  await type("Current passphrase", P1);
  await type("New passphrase", P1_NEW);
  await type("Type the new one again", P1_NEW);
  await click("Change passphrase");
  const code = await $(".code");
  await code.waitForDisplayed({ timeout: 60000 });
  const newCode = (await code.getText()).replace(/\s+/g, "-");
  assert.match(newCode, /^[0-9A-Z]{4}(-[0-9A-Z]{4}){7}$/);
  assert.notEqual(newCode, first.recovery_code);
  await axe("settings-new-code");

  await ok("vault_lock");
  assert.equal((await fails("vault_unlock", { slot: 1, passphrase: P1 })).code, "wrong_passphrase");
  const oldCode = await fails("vault_recover", { slot: 1, recovery_code: first.recovery_code, new_passphrase: "a fresh start by the sea" });
  assert.equal(oldCode.code, "wrong_passphrase");
  // From the other side, through the screens: the partner opens their own profile for
  // the first time and is offered, once, a passphrase and code of their own.
  await heading("Welcome back");
  await click("Partner 2");
  await type("Your passphrase", P2);
  await click("Open");
  await heading("Today");
  const offer = await app.browser.$("aria/Your own profile, your own passphrase");
  await offer.waitForDisplayed({ timeout: 10000 });
  await axe("fresh-start-offer");
  await click("Not now");
  await offer.waitForDisplayed({ reverse: true, timeout: 5000 });
  // And still reads what was shared, verified.
  const seen = (await ok("journal_partner_list")).map((e) => e.text);
  assert.deepEqual(seen, [SHARED]);
  assert.equal((await ok("vault_status")).shared_changed, false);
  await ok("vault_lock");
  await ok("vault_unlock", { slot: 1, passphrase: P1_NEW });
  assert.equal((await ok("journal_list")).length, 1);
  await ok("vault_lock");
  // Offered once: the second unlock of partner 2 has no offer.
  assert.equal((await ok("vault_unlock", { slot: 2, passphrase: P2 })).offer_fresh_start, false);
  await ok("vault_lock");
});

test("the lock screen offers a restore, and says the data here is set aside, not deleted", async () => {
  await app.browser.refresh();
  await heading("Welcome back");
  await click("Restore from a backup");
  await heading("Restore from a backup");
  const text = await app.browser.execute(() => document.body.innerText);
  assert.match(text, /is not deleted/);
  await axe("restore-over");
  await click("Back");
  await heading("Welcome back");
});
