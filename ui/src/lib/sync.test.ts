import { describe, expect, it } from "vitest";
import { deviceOf, lastArrivalLine, resultLines } from "./sync";

const quiet = { applied: 0, waiting: 0, changed_outside: 0, unreadable: 0, last_arrival: null };

describe("sync words", () => {
  it("names the partner's device, or says whose it is before their name arrived", () => {
    expect(deviceOf("Sam")).toBe("Sam's device");
    expect(deviceOf(null)).toBe("your partner's device");
  });

  it("says when something last arrived, or that nothing has yet", () => {
    expect(lastArrivalLine("Sam", null)).toBe("Nothing has arrived from Sam's device yet.");
    const line = lastArrivalLine("Sam", 1_790_000_000);
    expect(line.startsWith("Last arrived from Sam's device: ")).toBe(true);
    expect(line).toContain("2026");
  });

  it("says plainly what a sync found, without alarm", () => {
    expect(resultLines(quiet, "Sam")).toEqual(["Synced. Nothing new from Sam's device this time."]);
    const lines = resultLines(
      { ...quiet, applied: 2, changed_outside: 1, unreadable: 3, waiting: 1 },
      "Sam",
    );
    expect(lines[0]).toBe("Synced. What is new from Sam's device is here now.");
    expect(
      lines.some((l) => l.startsWith("1 file in the shared folder was changed outside the app")),
    ).toBe(true);
    expect(lines.some((l) => l.includes("Nothing here was changed"))).toBe(true);
    expect(
      lines.some((l) => l.startsWith("3 files in the shared folder could not be opened")),
    ).toBe(true);
    expect(lines.some((l) => l.startsWith("1 file from Sam's device came ahead"))).toBe(true);
    for (const l of lines) expect(l).not.toMatch(/attack|danger|warning|error|corrupt/i);
  });
});
