import { afterEach, describe, expect, it } from "vitest";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { api, ApiError } from "./api";

afterEach(() => clearMocks());

describe("api", () => {
  it("returns the command's value", async () => {
    mockIPC((cmd) => {
      if (cmd === "app_info")
        return { name: "Healing Arc", version: "0.1.0", data_dir: "/d", data_dir_state: "missing" };
    });
    await expect(api.appInfo()).resolves.toMatchObject({ name: "Healing Arc" });
  });

  it("turns a backend error into a typed ApiError with its field", async () => {
    mockIPC(() => {
      throw { code: "validation", message: "Too long.", field: "note" };
    });
    const err = await api.appInfo().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: "validation", message: "Too long.", field: "note" });
  });

  it("never leaks an unknown failure shape to the screens", async () => {
    mockIPC(() => {
      throw "a plain string";
    });
    const err = await api.appInfo().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe("internal");
  });
});
