import { describe, expect, it } from "vitest";
import type { SafetyResources } from "../bindings/SafetyResources";
import { BUILT_IN_HELP, keepRegion, loadHelp, regionFor } from "./help";

const contacts = (r: SafetyResources) => r.regions.flatMap((x) => x.lines.map((l) => l.contact));

describe("help lines", () => {
  it("are built in: phone and text lines, and the promise that the app contacts no one", () => {
    const all = contacts(BUILT_IN_HELP);
    for (const line of [
      "Call 1-800-799-7233",
      "Text START to 88788",
      "Call 0808 801 0327",
      "Text 0477 13 11 14",
      "ShelterSafe.ca",
    ]) {
      expect(all).toContain(line);
    }
    expect(BUILT_IN_HELP.no_contact).toContain("does not contact anyone and sends nothing");
  });

  it("fall back to the built-in list when the backend fails", async () => {
    const r = await loadHelp(() => Promise.reject(new Error("no backend")));
    expect(r).toBe(BUILT_IN_HELP);
    const empty = await loadHelp(() => Promise.resolve({ ...BUILT_IN_HELP, regions: [] }));
    expect(empty).toBe(BUILT_IN_HELP);
  });

  it("use the backend's answer when there is one", async () => {
    const served = structuredClone(BUILT_IN_HELP);
    expect(await loadHelp(() => Promise.resolve(served))).toBe(served);
  });

  it("pick the region from the locale", () => {
    expect(regionFor("en-GB", BUILT_IN_HELP)).toBe("uk");
    expect(regionFor("en-AU", BUILT_IN_HELP)).toBe("au");
    expect(regionFor("fr-CA", BUILT_IN_HELP)).toBe("ca");
    expect(regionFor("de-DE", BUILT_IN_HELP)).toBe("international");
    expect(regionFor("c", BUILT_IN_HELP)).toBe("international");
  });

  it("keep the person's chosen region when the backend's lines arrive, unless they lack it", () => {
    expect(keepRegion("au", "en-GB", BUILT_IN_HELP)).toBe("au");
    const fewer = { ...BUILT_IN_HELP, regions: BUILT_IN_HELP.regions.filter((r) => r.id !== "au") };
    expect(keepRegion("au", "en-GB", fewer)).toBe("uk");
  });
});

describe("dialogs", () => {
  // Help rides on the shared Dialog; a modal built by hand would lack it.
  it("are all built on the shared Dialog, which carries help", () => {
    const sources = import.meta.glob("../**/*.svelte", {
      query: "?raw",
      import: "default",
      eager: true,
    }) as Record<string, string>;
    const files = Object.keys(sources);
    expect(files.length).toBeGreaterThan(10);
    for (const f of files.filter((f) => !f.endsWith("/components/Dialog.svelte"))) {
      expect(sources[f], f).not.toMatch(/<dialog\b|role=["'](alert)?dialog["']|showModal\(/);
    }
    const dialog = sources["./components/Dialog.svelte"];
    expect(dialog).toMatch(/<HelpNow\b/);
    expect(dialog, "help is on unless a dialog is the help itself").toMatch(/\bhelp = true\b/);
  });
});
