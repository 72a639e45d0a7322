// What every end-to-end test does on screen, in one place: find by accessible name,
// click when clickable, type, wait for a heading or a text, call commands, and run axe
// with a screenshot. `getApp` returns the running app (set in the file's `before`).
import assert from "node:assert/strict";
import { accessibilityProblems, invokeErr, invokeOk } from "./harness.mjs";

export function screen(getApp, shotPrefix) {
  const browser = () => getApp().browser;
  const $ = (sel) => browser().$(sel);
  const byName = (name) => browser().$(`aria/${name}`);
  const bodyText = () => browser().execute(() => document.body.innerText);
  const openDialog = (title) => $(`//dialog[@open][.//h2[normalize-space()="${title}"]]`);
  const focusedText = () =>
    browser().execute(() => (document.activeElement?.textContent ?? "").replace(/\s+/g, " ").trim());
  const self = {
    $,
    byName,
    bodyText,
    ok: (command, input) => invokeOk(browser(), command, input),
    fails: (command, input) => invokeErr(browser(), command, input),
    focusedText,
    async click(name) {
      const el = await byName(name);
      await el.waitForExist({ timeout: 15000 });
      await browser().execute((e) => e.scrollIntoView({ block: "center" }), el);
      await el.waitForClickable({ timeout: 15000 });
      await el.click();
    },
    async type(label, text) {
      const el = await byName(label);
      await el.waitForDisplayed({ timeout: 10000 });
      await el.clearValue();
      await el.setValue(text);
    },
    async heading(text, timeout = 20000, level = "h1") {
      const h = await $(`${level}=${text}`);
      await h.waitForDisplayed({ timeout });
      return h;
    },
    async see(text, timeout = 15000) {
      await browser().waitUntil(async () => (await bodyText()).includes(text), {
        timeout,
        timeoutMsg: `never saw "${text}"`,
      });
    },
    /** Runs axe-core on the current screen (fails on serious or critical findings). */
    async axe(name) {
      assert.deepEqual(await accessibilityProblems(browser()), [], `accessibility problems on ${name}`);
      await getApp().screenshot(`${shotPrefix}-${name}`);
    },
    /** Fails if the page is wider than the window (the 360 px check). */
    async noOverflow(name) {
      const overflow = await browser().execute(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 1, `${name} is ${overflow}px wider than the window`);
    },
    /** The open dialog titled `title` (an open <dialog> whose heading says so). */
    async dialog(title) {
      const d = await openDialog(title);
      await d.waitForDisplayed({ timeout: 10000 });
      return d;
    },
    async dialogGone(title) {
      await browser().waitUntil(async () => !(await openDialog(title).isExisting()), {
        timeout: 10000,
        timeoutMsg: `"${title}" stayed open`,
      });
    },
    /** Clicks the button named `name` inside `d` (a dialog or section). */
    async clickIn(d, name) {
      const b = await d.$(`.//button[normalize-space()="${name}"]`);
      await b.waitForClickable({ timeout: 10000 });
      await b.click();
    },
    /** Presses Tab until the focused element reads `name` (keyboard only). */
    async tabTo(name, limit = 40) {
      for (let i = 0; i < limit; i++) {
        if ((await focusedText()) === name) return;
        await browser().keys("Tab");
      }
      assert.fail(`Tab never reached "${name}"`);
    },
    async unlockAs(label, passphrase) {
      await self.heading("Welcome back");
      await self.click(label);
      await self.type("Your passphrase", passphrase);
      await self.click("Open");
      await self.heading("Today");
    },
    async lock() {
      await browser().execute(() => window.scrollTo(0, 0));
      await (await $(`//header//button[starts-with(normalize-space(), "Lock")]`)).click();
      await self.heading("Welcome back");
    },
  };
  return self;
}
