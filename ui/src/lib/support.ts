// "My support" words (src-tauri/model/support.json, under the backend's VOICE test),
// bundled like the explainers, and the sentences for one person using the app alone.
import catalogue from "../../../src-tauri/model/support.json";
import type { Phase } from "../bindings/Phase";
import type { RoleId } from "./words";

export const SUPPORT = catalogue;

/** The phase's support prompts for this role. */
export function supportPrompts(phase: Phase, role: RoleId): readonly string[] {
  const p = (catalogue.phases as Record<string, Record<RoleId, string[]> | undefined>)[phase];
  return p?.[role] ?? [];
}

/** Said once, calmly, where a couple feature would be: no second profile here. */
export const ALONE_NOTE = catalogue.alone.note;
/** Before a phase event is saved while alone: true now, and true if a partner joins. */
export const ALONE_EVENTS = catalogue.alone.events;
