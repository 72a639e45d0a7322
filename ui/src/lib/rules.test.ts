import { describe, expect, it } from "vitest";
import { RULES } from "../bindings/Rules";
import { colour, COLOURS, nextColour } from "./colours";
import { EMOTION_LEVELS, STANCE_STEPS, steps } from "./rules";
import { EMOTION_STEPS, PHASE_BY_NUMBER, PHASES, STANCE_WORDS } from "./words";

describe("the app's rules in the UI", () => {
  it("spells a range out step by step", () => {
    expect(steps({ min: -1, max: 2 })).toEqual([-1, 0, 1, 2]);
    expect(steps({ min: 3, max: 2 })).toEqual([]);
  });

  it("has a word for exactly every stance and every emotion level the app accepts", () => {
    expect(STANCE_STEPS[0]).toBe(RULES.stance.min);
    expect(STANCE_STEPS.at(-1)).toBe(RULES.stance.max);
    expect(
      Object.keys(STANCE_WORDS)
        .map(Number)
        .sort((a, b) => a - b),
    ).toEqual(STANCE_STEPS);
    // Scale.svelte offers one radio per word, valued by its index.
    expect(EMOTION_STEPS.map((_, i) => i + RULES.emotion.min)).toEqual(EMOTION_LEVELS);
  });

  it("offers every colour a profile can store, each with its own name and look", () => {
    expect(COLOURS.length).toBe(RULES.palette.length);
    expect(new Set(COLOURS.map((c) => c.name)).size).toBe(COLOURS.length);
    expect(new Set(COLOURS.map((c) => c.hex)).size).toBe(COLOURS.length);
    // The last colour is its own, not a fallback to the first (0.1.0 showed index 6 and 7 as Plum).
    const last = COLOURS.length - 1;
    expect(colour(last)).not.toEqual(colour(0));
    expect(nextColour(last)).toBe(0);
    expect(nextColour(0)).toBe(1);
  });

  it("lists the phases in order with the app's names", () => {
    expect(PHASE_BY_NUMBER).toEqual(RULES.phases.map((p) => p.id));
    PHASE_BY_NUMBER.forEach((id, i) => {
      expect(PHASES[id]?.number).toBe(i + 1);
      expect(PHASES[id]?.name).toBe(RULES.phases[i]?.name);
      expect(PHASES[id]?.about).toBeTruthy();
    });
  });
});
