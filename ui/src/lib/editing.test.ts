import { describe, expect, it, vi } from "vitest";
import { ApiError } from "../api";
import { Pending, Saving } from "./editing.svelte";

vi.mock("./session.svelte", () => ({ session: { failed: vi.fn() } }));

describe("a save", () => {
  it("refuses a missing text without calling, and shows why", async () => {
    const s = new Saving();
    const work = vi.fn(async () => {});
    await s.save(work, { missing: "There is nothing written yet." });
    expect(work).not.toHaveBeenCalled();
    expect(s.error).toBe("There is nothing written yet.");
    expect(s.busy).toBe(false);
  });

  it("runs one at a time, busy while it runs, and clears the last error", async () => {
    const s = new Saving();
    s.error = "old";
    let finish = () => {};
    const first = s.save(() => new Promise<void>((r) => (finish = r)));
    expect(s.busy).toBe(true);
    expect(s.error).toBe("");
    const second = vi.fn(async () => {});
    await s.save(second);
    expect(second).not.toHaveBeenCalled();
    finish();
    await first;
    expect(s.busy).toBe(false);
  });

  it("shows the backend's message and field, then runs afterFailure", async () => {
    const s = new Saving();
    const after = vi.fn(async () => {});
    await s.save(
      async () => {
        throw new ApiError("validation", "Too long.", "bring");
      },
      { afterFailure: after },
    );
    expect(s.error).toBe("Too long.");
    expect(s.field).toBe("bring");
    expect(after).toHaveBeenCalledOnce();
    expect(s.busy).toBe(false);
  });
});

describe("a delete asked for", () => {
  it("confirms the item asked for, and nothing before one is asked", async () => {
    const p = new Pending<string>();
    const work = vi.fn(async () => {});
    await p.confirm(work);
    expect(work).not.toHaveBeenCalled();
    p.ask("a");
    expect(p.open).toBe(true);
    await p.confirm(work);
    expect(work).toHaveBeenCalledWith("a");
    p.close();
    expect(p.open).toBe(false);
    expect(p.item).toBe(null);
  });

  it("stays open when the delete fails", async () => {
    const p = new Pending<string>();
    p.ask("a");
    await p.confirm(async () => {
      throw new ApiError("internal", "no");
    });
    expect(p.open).toBe(true);
  });
});
