import { describe, expect, it } from "vitest";
import { dayRange, toSeconds } from "./chart";

const DAY = 86400;

describe("chart", () => {
  it("puts a date at its UTC midnight", () => {
    expect(toSeconds("2026-11-27")).toBe(Date.UTC(2026, 10, 27) / 1000);
  });

  it("shows a single day in a two-week window ending that day", () => {
    const day = toSeconds("2026-11-27");
    const [lo, hi] = dayRange([day]);
    expect(hi - lo).toBe(14 * DAY);
    expect(hi).toBe(day + DAY / 2);
  });

  it("spans a long history from its first day to its last", () => {
    const first = toSeconds("2016-11-27");
    const last = toSeconds("2026-11-27");
    expect(dayRange([first, last])).toEqual([first - DAY / 2, last + DAY / 2]);
  });
});
