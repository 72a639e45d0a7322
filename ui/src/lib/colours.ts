// The colours a partner can pick for their profile, from the app's rules (the stored
// colour is an index into them). Every colour has a name, so colour is never the only
// signal.
import { RULES } from "../bindings/Rules";

export const COLOURS = RULES.palette;

export function colour(i: number): { name: string; hex: string } {
  return COLOURS[i] ?? COLOURS[0]!;
}

/** The colour after `i`, offered to the second partner so the two differ. */
export function nextColour(i: number): number {
  return (i + 1) % COLOURS.length;
}
