import { describe, expect, it } from "vitest";
import { RULES } from "../bindings/Rules";
import {
  charactersLeft,
  formatDate,
  LOCALE,
  plural,
  safeLocale,
  stanceWord,
  todayIso,
  visibilityFrom,
  visibilityParts,
  STANCE_WORDS,
} from "./words";

describe("words", () => {
  it("has a word for every stance from the app's minimum to its maximum", () => {
    for (let s = RULES.stance.min; s <= RULES.stance.max; s++) expect(STANCE_WORDS[s]).toBeTruthy();
    expect(stanceWord(-3)).toBe("I want distance");
    expect(stanceWord(3)).toBe("I want to be close");
  });

  it("round-trips visibility through its two parts", () => {
    for (const v of ["private", "partner", "therapist", "partner+therapist"] as const) {
      const { partner, therapist } = visibilityParts(v);
      expect(visibilityFrom(partner, therapist)).toBe(v);
    }
  });

  it('falls back to English for a locale Intl rejects, such as LANG=C\'s "c"', () => {
    expect(safeLocale("c")).toBe("en-US");
    expect(safeLocale("de-DE")).toBe("de-DE");
  });

  it("writes a date in the person's locale, keeping the calendar day", () => {
    const expected = new Date(2026, 10, 27).toLocaleDateString(LOCALE, {
      day: "numeric",
      month: "short",
      year: "numeric",
    });
    expect(formatDate("2026-11-27", "medium")).toBe(expected);
    expect(formatDate("2026-11-27", "medium")).toContain("27");
    expect(formatDate("not a date")).toBe("not a date");
  });

  it("counts in the singular for one", () => {
    expect(plural(1, "character", "characters")).toBe("1 character");
    expect(plural(0, "character", "characters")).toBe("0 characters");
    expect(plural(2, "day", "days")).toBe("2 days");
  });

  it("gives today as a local calendar date", () => {
    expect(todayIso(new Date(2026, 0, 5, 23, 59))).toBe("2026-01-05");
  });
});

describe("characters left under a text", () => {
  it("counts what is left, then what is over", () => {
    expect(charactersLeft(2)).toBe("2 characters left");
    expect(charactersLeft(1)).toBe("1 character left");
    expect(charactersLeft(0)).toBe("0 characters left");
    expect(charactersLeft(-1)).toBe("1 character over the limit");
    expect(charactersLeft(-20000)).toBe(
      `${(20000).toLocaleString(LOCALE)} characters over the limit`,
    );
  });
});
