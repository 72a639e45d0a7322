import { describe, expect, it } from "vitest";
import { EVENT_SEEN, whoSees, whoSeesAlone, whoSeesParted, type VisibilityId } from "./words";

// The sentences against what the backend does (app/views.rs, report/data.rs);
// tests/e2e/help.test.mjs checks the same from the partner's side.
describe("who can see this", () => {
  const all: VisibilityId[] = ["private", "partner", "therapist", "partner+therapist"];

  it("names the partner exactly when the partner sees it, and where", () => {
    for (const v of all) {
      const s = whoSees(v);
      const partner = v.includes("partner");
      expect(s.includes("they see it on Together"), `${v}: ${s}`).toBe(partner);
      expect(s.includes("Your partner does not see it"), `${v}: ${s}`).toBe(!partner);
    }
  });

  it("names the Questions and Trigger log screens, not Together, for those items", () => {
    for (const kind of ["question", "trigger"] as const) {
      const screen = kind === "question" ? "Questions screen" : "Trigger log screen";
      for (const v of all) {
        const s = whoSees(v, kind);
        const partner = v.includes("partner");
        expect(s.includes(screen), `${kind} ${v}: ${s}`).toBe(partner);
        expect(s.includes("Together"), `${kind} ${v}: ${s}`).toBe(false);
        expect(s.includes("gone from their screen at once"), `${kind} ${v}: ${s}`).toBe(partner);
        expect(s.includes("reports you make for your therapist"), `${kind} ${v}: ${s}`).toBe(
          v.includes("therapist"),
        );
      }
    }
  });

  it("after a parting, names the partner only for what was shared before it", () => {
    for (const kind of ["item", "numbers", "question", "trigger"] as const) {
      for (const v of all) {
        const s = whoSeesParted(v, kind);
        const partner = v.includes("partner");
        expect(s.includes("before the parting"), `${kind} ${v}: ${s}`).toBe(partner);
        expect(s.includes("your partner"), `${kind} ${v}: ${s}`).toBe(partner);
        expect(s.includes("Together") || s.includes("Patterns"), `${kind} ${v}: ${s}`).toBe(false);
        expect(s.includes("reports you make for your therapist"), `${kind} ${v}: ${s}`).toBe(
          v.includes("therapist"),
        );
      }
    }
  });

  it("names the maker's reports exactly when the item is marked for the therapist", () => {
    for (const v of all) {
      const s = whoSees(v);
      expect(s.includes("reports you make for your therapist"), `${v}: ${s}`).toBe(
        v.includes("therapist"),
      );
    }
    expect(whoSees("private")).toContain("no report holds it");
  });

  it("says that shared numbers feed the patterns in reports (the partner's only if allowed), and private ones do not", () => {
    for (const v of all) {
      const s = whoSees(v, "numbers");
      expect(s.includes("and in your partner's only if you allow it"), `${v}: ${s}`).toBe(
        v.includes("partner"),
      );
    }
  });

  it("says before a phase event that the partner sees it, and a step back's reason stays private", () => {
    for (const s of Object.values(EVENT_SEEN)) {
      expect(s).toMatch(/^Your partner will see/);
      expect(s).toContain("in your partner's only if you allow it in Settings");
    }
    expect(EVENT_SEEN.stepBack).toContain("Your reason never does");
    expect(EVENT_SEEN.rupture).toContain("with the kind you choose");
  });
});

describe("who can see this, with no second profile", () => {
  it("names no partner for private and therapist-only items, and keeps the report promise", () => {
    expect(whoSeesAlone("private")).toBe("Only you, and no report holds it.");
    expect(whoSeesAlone("private", "numbers")).toContain("no report holds these numbers");
    expect(whoSeesAlone("therapist")).toContain("reports you make for your therapist");
    for (const v of ["private", "therapist"] as const) {
      expect(whoSeesAlone(v)).not.toMatch(/partner|Together/);
    }
  });

  it("says plainly what an item already shared with a partner means: the partner sentence", () => {
    expect(whoSeesAlone("partner")).toBe(whoSees("partner"));
    expect(whoSeesAlone("partner+therapist", "numbers")).toBe(
      whoSees("partner+therapist", "numbers"),
    );
  });
});
