import { describe, expect, it } from "vitest";
import { concerning, SAFETY_CHECK } from "./safetyCheck";
import { EXPLAINERS, explainersFor } from "./explainers";

describe("the private safety check", () => {
  it("asks about fear, threats, control and physical harm, with nothing preset", () => {
    const ids = SAFETY_CHECK.questions.map((q) => q.id);
    for (const id of ["afraid", "threats", "control", "hurt"]) expect(ids).toContain(id);
    expect(SAFETY_CHECK.questions.every((q) => q.source.length > 0)).toBe(true);
  });

  it("takes any yes or not sure as a concern, and a skipped question as nothing", () => {
    expect(concerning({})).toBe(false);
    expect(concerning({ afraid: "no", hurt: "no" })).toBe(false);
    expect(concerning({ afraid: "no", control: "unsure" })).toBe(true);
    expect(concerning({ hurt: "yes" })).toBe(true);
    expect(concerning({ "not-a-question": "yes" })).toBe(false);
  });
});

describe("explainers", () => {
  it("cover the topics of issue 13", () => {
    const ids = EXPLAINERS.map((e) => e.id);
    for (const id of [
      "after-discovery",
      "questions-return",
      "forgiveness",
      "benevolent-indignation",
      "ambivalence",
      "sexual-health",
      "money",
      "work-contact",
    ]) {
      expect(ids).toContain(id);
    }
  });

  it("are found where their term appears", () => {
    expect(explainersFor("Processing with Benevolent Indignation").map((e) => e.id)).toContain(
      "benevolent-indignation",
    );
    expect(
      explainersFor("No one can tell you when or whether to forgive.").map((e) => e.id),
    ).toEqual(["forgiveness"]);
    expect(explainersFor("Plan regular time for closeness.")).toEqual([]);
  });
});
