// "Ready to rebuild together" (MODEL.md v2) and moving on into colliding phases, through
// the real app: the partner who was hurt says it from My arc; the partner who broke trust
// may then enter the last phase, and is never told in words. Moving on that would put the
// two phases far apart says so and asks again.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { start } from "./harness.mjs";
import { screen } from "./screen.mjs";
import { steadyWeek as steady } from "./steady.mjs";

const P1 = "willow by the old mill";
const P2 = "a lamp left on upstairs";

let app;
before(async () => {
  app = await start();
});
after(async () => {
  await app?.stop();
});

const { $, ok, click, heading, axe } = screen(() => app, "rebuild");
const steadyWeek = () => steady(ok);

async function dialog(title) {
  const d = await $(`//dialog[.//*[normalize-space(text())="${title}"]]`);
  await d.waitForDisplayed({ timeout: 10000 });
  return d;
}

async function openMyArc() {
  await app.browser.refresh();
  await heading("Today");
  const notNow = await $("aria/Not now");
  if (await notNow.isExisting()) await notNow.click();
  await click("My arc");
  await heading("My arc");
}

test("moving on into phases far apart says so and asks again", async () => {
  await ok("vault_create", { name: "Robin", role: "ap", colour: 2, passphrase: P1 });
  await ok("vault_add_partner", { name: "Sam", role: "op", colour: 5, passphrase: P2 });
  await ok("vault_lock");
  await ok("vault_unlock", { slot: 2, passphrase: P2 });
  await steadyWeek();
  assert.equal(await ok("arc_advance"), "account");
  const before = await ok("arc_view");
  assert.equal(before.advance_collides, true, "phase 3 while Robin is in phase 1");

  await openMyArc();
  await click("Think about moving on");
  const d = await dialog("Move on to the next phase?");
  assert.match(await d.getText(), /Your paths would then be far apart/);
  const yes = await d.$("button=Yes, move on");
  assert.equal(await yes.isEnabled(), false, "asks again before it records");
  await axe("advance-collides");
  await (await d.$("aria/I understand, and it is still my choice to move on")).click();
  await yes.waitForEnabled({ timeout: 5000 });
  await yes.click();
  await (await $("p.status")).waitUntil(async function () {
    return (await this.getText()) === "You moved on to the next phase";
  }, { timeout: 10000 });
  assert.equal((await ok("arc_view")).phase, "process");
});

test("the partner who was hurt says 'ready to rebuild together'; only then may the other move on, told nothing in words", async () => {
  // Sam is in process and ready, but Robin has said nothing: the last phase stays closed.
  assert.equal((await ok("arc_view")).can_advance, false);
  await ok("vault_lock");
  await ok("vault_unlock", { slot: 1, passphrase: P1 });
  await steadyWeek();
  await ok("arc_advance");
  assert.equal(await ok("arc_advance"), "process");

  await openMyArc();
  await (await $("h2=Ready to rebuild together?")).waitForDisplayed({ timeout: 10000 });
  await click("Say I'm ready to rebuild together");
  const d = await dialog("Say you are ready to rebuild together?");
  assert.match(await d.getText(), /Your partner is not told/);
  await axe("declare-dialog");
  await (await d.$("button=Yes, I'm ready")).click();
  await (await $("p*=you said you are ready to rebuild together")).waitForDisplayed({ timeout: 10000 });
  assert.ok((await ok("arc_view")).declared_on, "it stands");
  await axe("declared");

  await ok("vault_lock");
  await ok("vault_unlock", { slot: 2, passphrase: P2 });
  const sam = await ok("arc_view");
  assert.equal(sam.can_advance, true, "Robin's declaration opens the last phase");
  assert.ok(sam.events.every((e) => !/ready/i.test(e.words)), "Sam is not told in words");
  const together = await ok("together_view");
  assert.ok(!JSON.stringify(together).includes("ready"), "nothing on Together");
  assert.equal(await ok("arc_advance"), "renew");

  // Robin takes it back from the screen; nothing else changes.
  await ok("vault_lock");
  await ok("vault_unlock", { slot: 1, passphrase: P1 });
  await openMyArc();
  await click("Take it back");
  const w = await dialog("Take back “ready to rebuild together”?");
  await (await w.$("button=Take it back")).click();
  await (await $("aria/Say I'm ready to rebuild together")).waitForDisplayed({ timeout: 10000 });
  assert.equal((await ok("arc_view")).declared_on, null);
});
