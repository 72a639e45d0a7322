// "Explore a demo couple": the demo runs in a window and folder of its own, is marked
// as a demo on every screen, and its story (seeded from tests/scenarios/demo.json)
// ends today, so the Together chart and patterns show a real arc.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { after, before, test } from "node:test";
import { accessibilityProblems, invoke, start } from "./harness.mjs";

let app;
before(async () => {
  app = await start({ env: { HEALING_ARC_DEMO: "1" } });
});
after(async () => {
  await app?.stop();
});

test("the demo opens locked, marked as a demo, in a folder beside the real one", async () => {
  const b = app.browser;
  await (await b.$("h1=Welcome back")).waitForDisplayed({ timeout: 30000 });
  const banner = await b.$('[role="note"]');
  assert.match(await banner.getText(), /Demo couple/);
  const info = await invoke(b, "app_info");
  assert.equal(info.ok.demo, true);
  assert.equal(info.ok.data_dir, `${app.dataDir}-demo`);
  assert.ok(!existsSync(app.dataDir), "the real data folder is never touched");
  assert.equal(await b.getTitle(), "Healing Arc: demo couple");
  await app.screenshot("demo-lock");
});

test("the demo couple's shared arc shows in Together", async () => {
  const b = app.browser;
  await (await b.$("aria/Partner 1")).click();
  await (await b.$("aria/Your passphrase")).setValue("demo partner who was hurt");
  await (await b.$("aria/Open")).click();
  await (await b.$("h1=Today")).waitForDisplayed({ timeout: 15000 });
  await (await b.$("aria/Together")).click();
  await (await b.$("h1=Together")).waitForDisplayed({ timeout: 15000 });
  await (await b.$("canvas")).waitForDisplayed({ timeout: 10000 });
  const view = await invoke(b, "together_view");
  assert.ok(view.ok.chart.dates.length > 60);
  assert.ok(view.ok.chart.partner.some((s) => s !== null));
  await app.screenshot("demo-together");
  // What each shared with the other: Sam's shared entry is on Alex's Together.
  assert.ok(view.ok.shared.some((i) => i.author === "partner" && i.kind === "journal"));
  const shared = await b.$("h2=What you share with each other");
  await shared.scrollIntoView();
  await (await b.$("p*=When you asked about March")).waitForDisplayed({ timeout: 10000 });
  await app.screenshot("demo-together-shared");
  await (await b.$("aria/My arc")).click();
  await (await b.$("h1=My arc")).waitForDisplayed({ timeout: 15000 });
  await app.screenshot("demo-my-arc");
});

test("a demo window cannot open another demo", async () => {
  const res = await invoke(app.browser, "demo_open");
  assert.equal(res.err.code, "not_allowed");
});

test("in the dark scheme every screen stays readable, the chart too", async () => {
  // GTK's dark variant is what WebKit reports as prefers-color-scheme: dark.
  const dark = await start({ env: { HEALING_ARC_DEMO: "1", GTK_THEME: "Adwaita:dark" } });
  try {
    const b = dark.browser;
    await (await b.$("h1=Welcome back")).waitForDisplayed({ timeout: 30000 });
    assert.equal(await b.execute(() => matchMedia("(prefers-color-scheme: dark)").matches), true);
    await (await b.$("aria/Your passphrase")).setValue("demo partner who broke trust");
    await (await b.$("aria/Partner 2")).click();
    await (await b.$("aria/Open")).click();
    await (await b.$("h1=Today")).waitForDisplayed({ timeout: 15000 });
    assert.deepEqual(await accessibilityProblems(b), [], "accessibility problems on Today, dark");
    for (const screen of ["Journal", "My arc", "Guidance", "For my therapist", "Settings", "Together"]) {
      await (await b.$(`aria/${screen}`)).click();
      await (await b.$(`h1=${screen}`)).waitForDisplayed({ timeout: 15000 });
      assert.deepEqual(await accessibilityProblems(b), [], `accessibility problems on ${screen}, dark`);
    }
    await (await b.$("canvas")).waitForDisplayed({ timeout: 15000 });
    // The canvas takes its ink from the scheme: the date labels under the chart are
    // light on the dark page (uPlot's default is black, unreadable there).
    const brightness = await b.execute(() => {
      const canvas = document.querySelector("canvas");
      const ctx = canvas.getContext("2d");
      const rows = Math.round(28 * devicePixelRatio);
      const { data } = ctx.getImageData(0, canvas.height - rows, canvas.width, rows);
      let sum = 0;
      let inked = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3] < 200) continue;
        sum += (data[i] + data[i + 1] + data[i + 2]) / 3;
        inked++;
      }
      return inked ? sum / inked : -1;
    });
    assert.ok(brightness > 150, `the axis labels' ink is light (mean ${brightness})`);
    await dark.screenshot("demo-together-dark");
  } finally {
    await dark.stop();
  }
});
