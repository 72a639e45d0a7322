import { describe, expect, it } from "vitest";
import { ApiError } from "../api";
import { fieldError, profileErrors } from "./profile";

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
