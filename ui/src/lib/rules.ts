// Ranges from the app's rules (ui/src/bindings/Rules.ts, generated from the Rust model),
// spelled out as the steps the UI offers.
import type { Bounds } from "../bindings/Bounds";
import { RULES } from "../bindings/Rules";

/** Every whole number from `b.min` to `b.max`. */
export function steps(b: Bounds): number[] {
  return Array.from({ length: Math.max(0, b.max - b.min + 1) }, (_, i) => b.min + i);
}

/** The stance scale, from leaning away to leaning in. */
export const STANCE_STEPS = steps(RULES.stance);

/** How strongly a feeling was felt, from "not at all" up. */
export const EMOTION_LEVELS = steps(RULES.emotion);
