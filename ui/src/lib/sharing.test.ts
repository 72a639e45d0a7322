import { describe, expect, it } from "vitest";
import { allowedValue, offersPartner, type ShareState } from "./sharing.svelte";
import type { VisibilityId } from "./words";

const all: VisibilityId[] = ["private", "partner", "therapist", "partner+therapist"];

// After a parting (`closed`) a new item neither offers nor carries a share with the
// partner; an item stored as shared keeps its box, to take it back.
describe("a share choice", () => {
  it("after a parting, offers the partner's box only for an item stored as shared", () => {
    for (const value of all) {
      for (const saved of [null, ...all]) {
        const s: ShareState = { closed: true, alone: false, value, saved };
        const before = saved !== null && saved.includes("partner");
        expect(offersPartner(s), `${value} stored as ${saved}`).toBe(before);
        expect(offersPartner({ ...s, alone: true }), `alone, ${value} ${saved}`).toBe(before);
      }
    }
  });

  it("after a parting, drops a share handed to a new item and keeps the rest", () => {
    expect(allowedValue({ closed: true, alone: false, value: "partner", saved: null })).toBe(
      "private",
    );
    expect(
      allowedValue({ closed: true, alone: false, value: "partner+therapist", saved: null }),
    ).toBe("therapist");
    expect(allowedValue({ closed: true, alone: false, value: "partner", saved: "partner" })).toBe(
      "partner",
    );
    for (const value of all) {
      expect(allowedValue({ closed: false, alone: false, value, saved: null })).toBe(value);
    }
  });

  it("before a parting, offers the box unless alone, where only a shared item keeps it", () => {
    for (const value of all) {
      expect(offersPartner({ closed: false, alone: false, value, saved: null })).toBe(true);
      expect(offersPartner({ closed: false, alone: true, value })).toBe(value.includes("partner"));
    }
  });
});
