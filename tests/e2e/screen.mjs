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
  return {
    $,
    byName,
    bodyText,
    ok: (command, input) => invokeOk(browser(), command, input),
    fails: (command, input) => invokeErr(browser(), command, input),
    async click(name) {
      const el = await byName(name);
      await el.waitForClickable({ timeout: 15000 });
      await el.click();
    },
    async type(label, text) {
      const el = await byName(label);
      await el.waitForDisplayed({ timeout: 10000 });
      await el.clearValue();
      await el.setValue(text);
    },
    async heading(text, timeout = 20000) {
      const h = await $(`h1=${text}`);
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
  };
}
