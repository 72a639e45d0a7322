import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { PassphraseStrength } from "../bindings/PassphraseStrength";
import type { PassphraseStrengthInput } from "../bindings/PassphraseStrengthInput";
import { createMeter, METER_DELAY_MS } from "./strength";

const verdict = (score: number): PassphraseStrength => ({
  score,
  accepted: score >= 3,
  label: `score ${score}`,
  hint: "",
});

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("the strength meter", () => {
  it("asks once, after typing pauses, for what is in the field then", async () => {
    const asked: PassphraseStrengthInput[] = [];
    const seen: (PassphraseStrength | null)[] = [];
    const meter = createMeter(
      async (input) => {
        asked.push(input);
        return verdict(4);
      },
      (v) => seen.push(v),
    );
    meter.update("k", [" Robin ", ""]);
    meter.update("ke", [" Robin ", ""]);
    meter.update("kettle", [" Robin ", ""]);
    await vi.advanceTimersByTimeAsync(METER_DELAY_MS - 1);
    expect(asked).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(asked).toEqual([{ passphrase: "kettle", names: ["Robin"] }]);
    expect(seen).toEqual([verdict(4)]);
  });

  it("drops a slower answer for older text", async () => {
    const seen: (PassphraseStrength | null)[] = [];
    // The answer for "weak" comes back long after the one for the longer text.
    const meter = createMeter(
      (input) =>
        new Promise((resolve) => {
          const older = input.passphrase === "weak";
          setTimeout(() => resolve(verdict(older ? 0 : 4)), older ? 1000 : 10);
        }),
      (v) => seen.push(v),
    );
    meter.update("weak", []);
    await vi.advanceTimersByTimeAsync(METER_DELAY_MS);
    meter.update("weak but longer", []);
    await vi.advanceTimersByTimeAsync(5000);
    expect(seen).toEqual([verdict(4)]);
  });

  it("clears at once for an empty field, and shows nothing when the check fails", async () => {
    const seen: (PassphraseStrength | null)[] = [];
    const meter = createMeter(
      async () => {
        throw new Error("no backend");
      },
      (v) => seen.push(v),
    );
    meter.update("", []);
    expect(seen).toEqual([null]);
    meter.update("something", []);
    await vi.advanceTimersByTimeAsync(METER_DELAY_MS);
    expect(seen).toEqual([null, null]);
  });

  it("reports nothing after it is stopped", async () => {
    const seen: (PassphraseStrength | null)[] = [];
    const meter = createMeter(
      async () => verdict(3),
      (v) => seen.push(v),
    );
    meter.update("kettle orbit", []);
    meter.stop();
    await vi.advanceTimersByTimeAsync(METER_DELAY_MS * 4);
    expect(seen).toEqual([]);
  });
});
