// The help lines. The backend serves them, and the same lines are written into the app
// itself at build time, from the one source the backend reads
// (src-tauri/model/guidance.json), so help shows before the backend answers and even
// if it never does.
import { getContext, setContext } from "svelte";
import type { SafetyResources } from "../bindings/SafetyResources";
import { safety } from "../../../src-tauri/model/guidance.json";

export const BUILT_IN_HELP: SafetyResources = safety;

/** The backend's lines, or the built-in ones if it fails. Never rejects. */
export async function loadHelp(fetch: () => Promise<SafetyResources>): Promise<SafetyResources> {
  try {
    const r = await fetch();
    return r.regions.length > 0 ? r : BUILT_IN_HELP;
  } catch {
    return BUILT_IN_HELP;
  }
}

/** The region for a locale tag such as "en-GB", or "international". */
export function regionFor(locale: string, resources: SafetyResources): string {
  const tag = locale.toLowerCase().split("-")[1] ?? "";
  const country = tag === "gb" ? "uk" : tag;
  return resources.regions.some((r) => r.id === country) ? country : "international";
}

/** The region kept when the backend's lines arrive, unless they lack it. */
export function keepRegion(region: string, locale: string, resources: SafetyResources): string {
  return resources.regions.some((r) => r.id === region) ? region : regionFor(locale, resources);
}

// Quick hide lives at the top of the app; the help dialog, wherever it opens, reaches
// it through the component context.
const HIDE = Symbol("quick-hide");

export function provideHide(hide: () => void): void {
  setContext(HIDE, hide);
}

export function quickHide(): (() => void) | undefined {
  return getContext<(() => void) | undefined>(HIDE);
}
