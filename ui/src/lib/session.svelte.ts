// Who is unlocked, in one place for every screen. The backend pushes each lock (the
// Lock button, the idle minutes, the desktop's lock or sleep) as LOCKED_EVENT, so
// nothing polls; a call that answers `locked` is routed here too.
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import { api, ApiError } from "../api";
import type { Me } from "../bindings/Me";
import type { Person } from "../bindings/Person";
import type { VaultStatus } from "../bindings/VaultStatus";

/** The backend's name for the event (src-tauri/lib.rs, LOCKED_EVENT). */
export const LOCKED_EVENT = "vault-locked";

export class Session {
  /** The vault's status; null before the first answer, or when it could not be read. */
  status = $state<VaultStatus | null>(null);
  /** The unlocked partner (and their partner); null while locked. */
  me = $state<Me | null>(null);
  readonly unlocked = $derived(this.status?.state === "unlocked");
  /** The first partner, while they set up the second's profile (from Settings). That step
   * locks at once, so the second sees nothing of the first's, yet the new recovery code
   * must stay on screen until it is written down: the lock screen waits for it. */
  addingPartner = $state<Person | null>(null);
  // Only the newest read is kept, so an older answer arriving late cannot undo a newer one.
  #reads = 0;

  /** Reads the status, and who is unlocked if anyone is. */
  async refresh(): Promise<void> {
    const read = ++this.#reads;
    const status = await api.vaultStatus().catch(() => null);
    const me = status?.state === "unlocked" ? await api.vaultMe().catch(() => null) : null;
    if (read !== this.#reads) return;
    this.status = status;
    this.me = me;
  }

  /** Any screen's failed call: `locked` means the keys are gone, so the lock screen returns. */
  failed = (err: unknown): void => {
    if (err instanceof ApiError && err.code === "locked") void this.#locked();
  };

  /** The Lock button. */
  async lock(): Promise<void> {
    await api.vaultLock().catch(() => undefined);
    await this.#locked();
  }

  /** The quick hide: drops the keys at once. */
  async hide(): Promise<void> {
    this.addingPartner = null;
    await api.lockNow().catch(() => undefined);
    await this.#locked();
  }

  /** Hears the backend's locks from now on; call the answer to stop. */
  listen(): Promise<UnlistenFn> {
    return listen(LOCKED_EVENT, () => void this.#locked());
  }

  async #locked(): Promise<void> {
    // Names leave the page at once; the status follows.
    this.me = null;
    await this.refresh();
  }
}

export const session = new Session();
