// Agreements and "For my next session", through the screens and from the other side:
// Sam proposes an agreement, Robin (as themselves) finds it, confirms it and asks to look
// at it again; Sam reads the note and takes the agreement back, and it is gone from
// Robin's side. Robin's page for the next session never reaches Sam, goes into Robin's
// report preview only while marked for it, and prints on one sheet. Afterwards no text
// of any of them is in clear anywhere under the app's folders.
import assert from "node:assert/strict";
import { readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { start } from "./harness.mjs";
import { screen } from "./screen.mjs";

const P1 = "lanterns over the quiet bay";
const P2 = "a kettle singing at dawn";
const stamp = Date.now().toString(36);
const AGREEMENT = `I say where I am when plans change ${stamp}`;
const NOTE = `the evenings are hard to keep to ${stamp}`;
const PAGE = `what I want to bring ${stamp}`;

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

const { $, ok, click, heading, axe, bodyText, see } = screen(() => app, "agreements");

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

/** Sets a date field the way a person's picker does (WebKit's date input takes no keys). */
async function setDate(selector, iso) {
  await app.browser.execute(
    (sel, value) => {
      const el = document.querySelector(sel);
      el.value = value;
      el.dispatchEvent(new Event("input", { bubbles: true }));
      el.dispatchEvent(new Event("change", { bubbles: true }));
    },
    selector,
    iso,
  );
}

/** Fills a long text at once (typing 1,200 characters key by key takes minutes). */
async function setText(selector, text) {
  await app.browser.execute(
    (sel, value) => {
      const el = document.querySelector(sel);
      el.value = value;
      el.dispatchEvent(new Event("input", { bubbles: true }));
    },
    selector,
    text,
  );
}

async function inDays(n) {
  return app.browser.execute((n) => {
    const d = new Date(Date.now() + n * 86400000);
    const p = (x) => String(x).padStart(2, "0");
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
  }, n);
}

async function tabTo(name, presses = 80) {
  const seen = [];
  for (let i = 0; i < presses; i++) {
    await app.browser.keys("Tab");
    const focused = await app.browser.execute(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return "";
      const label = el.labels?.[0]?.textContent ?? "";
      return (el.getAttribute("aria-label") || label || el.textContent || "").replace(/\s+/g, " ").trim();
    });
    if (focused === name || (focused.startsWith(name) && /^\s/.test(focused.slice(name.length)))) return;
    if (seen.length < 24) seen.push(focused);
  }
  assert.fail(`Tab never reached "${name}"; it went to: ${seen.join(" | ")}`);
}

test("an agreement proposed, confirmed, revisited and taken back, seen from both sides", async () => {
  await ok("vault_create", { name: "Robin", role: "ap", colour: 2, passphrase: P1 });
  await ok("vault_add_partner", { name: "Sam", role: "op", colour: 5, passphrase: P2 });

  // Sam offers openness, for an agreed time.
  await openAs("Partner 2", P2);
  await click("Agreements");
  await heading("Agreements");
  await see("no tracking of any kind");
  await axe("empty");
  await click("New agreement");
  await click("Openness about phone and whereabouts, for an agreed time");
  await (await $("#agreement-what")).setValue(AGREEMENT);
  await click("Me");
  // Openness needs a review day: without one, nothing is saved and the field is named.
  await click("Propose to Robin");
  await see("Please pick the day to look at it again together.");
  assert.equal((await ok("agreement_view")).agreements.length, 0);
  await setDate("#agreement-review", await inDays(56));
  await axe("form");
  await click("Propose to Robin");
  await see("Proposed to Robin");
  await see("Proposed: in force once Robin confirms it");

  // Robin finds it, confirms it, then asks to look at it again.
  await openAs("Partner 1", P1);
  await click("Agreements");
  await heading("Agreements");
  await see(AGREEMENT);
  await see("Proposed by Sam: in force only if you confirm it");
  await click("Confirm");
  await see("In force: you both agreed");
  await click("Ask to look at it again");
  await (await $("#revisit-note")).setValue(NOTE);
  await axe("revisit-dialog");
  await click("Send note");
  await see("Asked to look at again: not in force until it is confirmed again");
  await axe("under-review");

  // Sam reads the note, and takes the agreement back.
  await openAs("Partner 2", P2);
  await click("Agreements");
  await heading("Agreements");
  await see(`Robin asked to look at it again: “${NOTE}”`);
  await click("Take it back");
  await see("Taken back: a private draft again");

  // Gone from Robin's side.
  await openAs("Partner 1", P1);
  await click("Agreements");
  await heading("Agreements");
  await see("No agreements yet");
  assert.ok(!(await bodyText()).includes(AGREEMENT));
  assert.equal((await ok("agreement_view")).agreements.length, 0);
});

test("a page for the next session: private, in the report preview only while chosen, on one sheet", async () => {
  // Sam proposes again, so Robin's page has an agreement to gather.
  await openAs("Partner 2", P2);
  const [mine] = (await ok("agreement_view")).agreements;
  await ok("agreement_save", {
    id: mine.id,
    kind: mine.kind,
    what: mine.what,
    who: mine.who,
    review_on: await inDays(3),
    propose: true,
  });

  await openAs("Partner 1", P1);
  await click("For my next session");
  await heading("For my next session");
  await axe("session-empty");
  await click("New page");
  await setDate("#session-on", await inDays(5));
  // As long as the limits allow: the sheet must still fit one printed page.
  const max = 1200; // RULES.session_text_max_chars
  await setText("#session-happened", "word ".repeat(max / 5 - 1) + "last");
  await setText("#session-bring", PAGE + " " + "more ".repeat((max - PAGE.length - 1) / 5 - 1));
  await click("May go into a report for my therapist");
  await axe("session-form");
  await click("Save page");
  await see("Page saved");
  await see(AGREEMENT); // due for review by the session
  await axe("session-page");
  // Printed height at A4 width (180 mm of text between margins) stays within one sheet.
  const height = await app.browser.execute(() => {
    document.body.classList.add("print-measure");
    const h = document.querySelector(".sheet").getBoundingClientRect().height;
    document.body.classList.remove("print-measure");
    return h;
  });
  const sheetPx = (297 - 2 * 15) * (96 / 25.4);
  assert.ok(height <= sheetPx, `the page is ${Math.round(height)}px tall; one sheet holds ${Math.round(sheetPx)}px`);

  // The report preview holds it.
  await click("For my therapist");
  await heading("For my therapist");
  await click("Show what will be included");
  await see("Pages for the next session (1)");
  await see(PAGE);
  await axe("preview-with-page");

  // Sam never sees it: no command of Sam's returns it.
  await openAs("Partner 2", P2);
  assert.deepEqual(await ok("session_page_list"), []);
  assert.ok(!JSON.stringify(await ok("together_view")).includes(stamp));

  // Robin takes it out of the report, then deletes it.
  await openAs("Partner 1", P1);
  await click("For my next session");
  await heading("For my next session");
  await click("Edit");
  await click("May go into a report for my therapist");
  await click("Save page");
  await see("Page saved");
  await click("For my therapist");
  await heading("For my therapist");
  await click("Show what will be included");
  await see("Pages for the next session (0)");
  assert.ok(!(await bodyText()).includes(PAGE));
  await click("For my next session");
  await heading("For my next session");
  await click("Delete");
  await click("Delete page");
  await see("No page yet");
});

test("by keyboard, and at phone width", async () => {
  await click("Agreements");
  await heading("Agreements");
  await tabTo("New agreement");
  await app.browser.keys("Enter");
  await tabTo("How contact with the affair partner ended");
  await app.browser.keys("ArrowDown");
  const chosen = await app.browser.execute(() => document.querySelector('input[name="agreement-kind"]:checked')?.value);
  assert.equal(chosen, "openness");
  await tabTo("Cancel");
  await app.browser.keys("Enter");
  await tabTo("For my next session");
  await app.browser.keys("Enter");
  await heading("For my next session");
  await tabTo("New page");
  await app.browser.keys("Enter");
  await tabTo("Cancel");
  await app.browser.keys("Enter");

  await app.browser.setWindowSize(360, 740);
  await app.browser.pause(300);
  for (const name of ["Agreements", "For my next session"]) {
    await click(name);
    await heading(name);
    const overflow = await app.browser.execute(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `${name} is ${overflow}px wider than the window`);
    await app.screenshot(`agreements-${name.toLowerCase().replace(/ /g, "-")}-phone`);
  }
});

test("after the app closes, no text of an agreement, a note or a page is anywhere in clear", async () => {
  const { dataDir } = app;
  await app.stop();
  app = null;
  const needles = [AGREEMENT, NOTE, PAGE, stamp].flatMap((s) => {
    const utf8 = Buffer.from(s, "utf8");
    return [utf8, Buffer.from(s, "utf16le"), Buffer.from(utf8.toString("hex")), Buffer.from(utf8.toString("base64").slice(0, -4))];
  });
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
  assert.ok(files.some((f) => f.startsWith(dataDir)), "the vault wrote its files");
  for (const f of files) {
    const content = readFileSync(f);
    for (const n of needles) {
      assert.ok(!content.includes(n), `${JSON.stringify(n.toString())} found in ${path.relative(home, f)}`);
    }
  }
});
