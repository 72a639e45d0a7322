import { describe, expect, it } from "vitest";
import { ApiError } from "../api";
import { fieldError, ProfileDraft, profileErrors } from "./profile.svelte";

const ok = { name: "Sam", role: "ap", passphrase: "a b c d", confirm: "a b c d" };

describe("a new profile's form", () => {
  it("may be sent when named, with a role and the passphrase typed twice alike", () => {
    expect(profileErrors(ok)).toEqual({});
  });

  it("names each missing or differing field", () => {
    const e = profileErrors({ name: "  ", role: "", passphrase: "a", confirm: "b" });
    expect(Object.keys(e).sort()).toEqual(["confirm", "name", "role"]);
  });

  it("leaves the passphrase's strength to the backend", () => {
    expect(profileErrors({ ...ok, passphrase: "x", confirm: "x" })).toEqual({});
  });

  it("puts the backend's message under its field, or the form's", () => {
    expect(fieldError(new ApiError("validation", "Too short.", "passphrase"))).toEqual({
      passphrase: "Too short.",
    });
    expect(fieldError(new ApiError("internal", "No."))).toEqual({ form: "No." });
    expect(Object.keys(fieldError("whatever"))).toEqual(["form"]);
  });
});

describe("a profile being typed", () => {
  it("sends the name trimmed, then lets the screen go on", async () => {
    const d = new ProfileDraft(2);
    Object.assign(d, { name: " Sam ", role: "op", passphrase: "p", confirm: "p" });
    expect(d.check()).toBe(true);
    const sent: unknown[] = [];
    await d.send(async (input) => {
      sent.push(input);
    });
    expect(sent).toEqual([{ name: "Sam", role: "op", colour: 2, passphrase: "p" }]);
    expect(d.busy).toBe(false);
  });

  it("sends nothing without a role, and shows a failure by its field", async () => {
    const d = new ProfileDraft();
    let calls = 0;
    await d.send(async () => {
      calls++;
    });
    expect(calls).toBe(0);
    d.role = "ap";
    await d.send(async () => {
      throw new ApiError("validation", "Too short.", "passphrase");
    });
    expect(d.errors).toEqual({ passphrase: "Too short." });
    d.reset(3);
    expect([d.name, d.role, d.colour, d.errors]).toEqual(["", "", 3, {}]);
  });
});
