import { afterEach, describe, expect, it } from "vitest";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { emit } from "@tauri-apps/api/event";
import { ApiError } from "../api";
import type { Me } from "../bindings/Me";
import { LOCKED_EVENT, Session } from "./session.svelte";

afterEach(() => clearMocks());

const ME: Me = {
  me: { slot: 1, name: "Kit", role: "ap", colour: 3 },
  partner: null,
  auto_lock_minutes: 5,
  offer_fresh_start: false,
  parted: false,
};

function status(state: "none" | "locked" | "unlocked") {
  return {
    state,
    profiles: [],
    unlocked: state === "unlocked" ? 1 : null,
    set_aside: null,
    backups: [],
    unreadable_entries: 0,
    settings_unreadable: false,
    shared_changed: false,
    own_changed: false,
  };
}

/** A backend that is unlocked until something locks it; records the calls. */
function backend() {
  const b = { state: "unlocked" as "none" | "locked" | "unlocked", calls: [] as string[] };
  mockIPC(
    (cmd) => {
      b.calls.push(cmd);
      if (cmd === "vault_status") return status(b.state);
      if (cmd === "vault_me") {
        if (b.state !== "unlocked") throw { code: "locked", message: "Locked." };
        return ME;
      }
      if (cmd === "vault_lock" || cmd === "lock_now") {
        b.state = "locked";
        return null;
      }
    },
    { shouldMockEvents: true },
  );
  return b;
}

/** Lets pending promise chains (the IPC mock answers asynchronously) settle. */
const settle = () => new Promise((r) => setTimeout(r, 0));

describe("session", () => {
  it("knows who is unlocked, and asks for no names while locked", async () => {
    const b = backend();
    const s = new Session();
    await s.refresh();
    expect(s.unlocked).toBe(true);
    expect(s.me?.me.name).toBe("Kit");

    b.state = "locked";
    b.calls = [];
    await s.refresh();
    expect(s.unlocked).toBe(false);
    expect(s.me).toBeNull();
    expect(b.calls).toEqual(["vault_status"]);
  });

  it("shows the lock when the backend pushes it, without polling", async () => {
    const b = backend();
    const s = new Session();
    const stop = await s.listen();
    await s.refresh();
    b.calls = [];
    // Nothing happens on its own: no timer asks the backend anything.
    await settle();
    expect(b.calls).toEqual([]);

    b.state = "locked";
    await emit(LOCKED_EVENT);
    await settle();
    expect(s.unlocked).toBe(false);
    expect(s.me).toBeNull();
    expect(b.calls).toEqual(["vault_status"]);

    // Once stopped, events change nothing.
    stop();
    b.state = "unlocked";
    await s.refresh();
    b.calls = [];
    await emit(LOCKED_EVENT);
    await settle();
    expect(b.calls).toEqual([]);
    expect(s.me?.me.name).toBe("Kit");
  });

  it("routes a call that answered `locked` to the lock, and nothing else", async () => {
    const b = backend();
    const s = new Session();
    await s.refresh();
    b.calls = [];

    s.failed(new ApiError("validation", "Too long.", "note"));
    s.failed(new ApiError("not_allowed", "Not now."));
    s.failed(new Error("something else"));
    await settle();
    expect(b.calls).toEqual([]);
    expect(s.me?.me.name).toBe("Kit");

    b.state = "locked";
    s.failed(new ApiError("locked", "Locked."));
    expect(s.me).toBeNull();
    await settle();
    expect(b.calls).toEqual(["vault_status"]);
    expect(s.unlocked).toBe(false);
  });

  it("locks with the Lock button and with the quick hide", async () => {
    const b = backend();
    const s = new Session();
    await s.refresh();
    await s.lock();
    expect(b.calls).toContain("vault_lock");
    expect(s.unlocked).toBe(false);
    expect(s.me).toBeNull();

    // The hide also ends setting up the partner's profile, so it is not back after unlocking.
    b.state = "unlocked";
    await s.refresh();
    s.addingPartner = ME.me;
    await s.hide();
    expect(b.calls).toContain("lock_now");
    expect(s.unlocked).toBe(false);
    expect(s.addingPartner).toBeNull();
  });

  it("keeps the newest reading when an older one answers late", async () => {
    let answer: (v: unknown) => void = () => undefined;
    let first = true;
    mockIPC((cmd) => {
      if (cmd === "vault_status") {
        if (first) {
          // The first read (unlocked) hangs until after the second (locked) is done.
          first = false;
          return new Promise((r) => (answer = r));
        }
        return status("locked");
      }
      if (cmd === "vault_me") return ME;
    });
    const s = new Session();
    const older = s.refresh();
    await s.refresh();
    answer(status("unlocked"));
    await older;
    expect(s.unlocked).toBe(false);
    expect(s.me).toBeNull();
  });

  it("treats an unreachable backend as not unlocked", async () => {
    mockIPC(() => {
      throw "no backend";
    });
    const s = new Session();
    await s.refresh();
    expect(s.status).toBeNull();
    expect(s.unlocked).toBe(false);
  });
});
