import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { invoke, start } from "./harness.mjs";

let app;
before(async () => {
  app = await start();
});
after(async () => {
  await app?.stop();
});

test("the welcome screen shows the product name and its primary action", async () => {
  const { browser } = app;
  const heading = await browser.$("h1");
  await heading.waitForDisplayed({ timeout: 15000 });
  assert.equal(await heading.getText(), "Healing Arc");

  // Found by its accessible name, the way a person or a screen reader finds it.
  const begin = await browser.$("aria/Create our private space");
  assert.ok(await begin.isDisplayed());
  assert.equal(await begin.getTagName(), "button");

  const version = await browser.$('[data-testid="app-version"]');
  await version.waitForDisplayed({ timeout: 10000 });
  assert.match(await version.getText(), /^Version \d+\.\d+\.\d+/);
  await app.screenshot("welcome");

  await begin.click();
  const next = await browser.$("h1=Before you begin");
  await next.waitForDisplayed({ timeout: 5000 });
  await app.screenshot("before-you-begin");
});

test("app_info round-trips through IPC and reports the data folder", async () => {
  const res = await invoke(app.browser, "app_info");
  assert.ok(res.ok, `app_info failed: ${JSON.stringify(res.err)}`);
  assert.equal(res.ok.name, "Healing Arc");
  assert.match(res.ok.version, /^\d+\.\d+\.\d+/);
  assert.equal(res.ok.data_dir, app.dataDir);
  assert.ok(["missing", "empty", "in_use"].includes(res.ok.data_dir_state));
});

test("the window may call only the app's own commands", async () => {
  // A core plugin command the capability does not grant must be refused.
  const res = await invoke(app.browser, "plugin:path|resolve_directory", { directory: 1 });
  assert.match(String(res.err), /not allowed/, "a command outside the capability was allowed");
  const res2 = await invoke(app.browser, "no_such_command");
  assert.match(String(res2.err), /not allowed/, "an unknown command was answered");
});

test("the page runs under the strict content security policy", async () => {
  // An inline script must not run: the CSP has no 'unsafe-inline' for scripts.
  const ran = await app.browser.execute(() => {
    const s = document.createElement("script");
    s.textContent = "window.__inlineRan = true;";
    document.head.appendChild(s);
    return window.__inlineRan === true;
  });
  assert.equal(ran, false, "an inline script ran");
  const noStorage = await app.browser.execute(
    () => window.localStorage.length === 0 && window.sessionStorage.length === 0 && document.cookie === "",
  );
  assert.ok(noStorage, "the webview holds stored data");
});
