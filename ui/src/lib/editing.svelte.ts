// What every list screen's editor does the same way: one save at a time, a missing text
// refused before any call, the backend's message shown where the form is; and a delete
// asked for first, then confirmed.
import { ApiError } from "../api";
import { session } from "./session.svelte";

export class Saving {
  busy = $state(false);
  error = $state("");
  /** The field the backend's message is about, if it named one. */
  field = $state<string | null>(null);
  /** What the screen's status line says (a screen reader hears it). */
  status = $state("");

  /** Shows a failed call's message; `locked` sends the session to the lock screen. */
  fail(err: unknown): void {
    const e = err instanceof ApiError ? err : ApiError.from(err);
    this.error = e.message;
    this.field = e.field ?? null;
    session.failed(err);
  }

  /**
   * Runs `work` unless a save is running, or `missing` says what is not written yet (then
   * shown instead). A failure is shown, then `afterFailure` runs (a screen reloads there
   * when what it showed may have changed underneath).
   */
  async save(
    work: () => Promise<void>,
    opts: { missing?: string; afterFailure?: () => Promise<void> } = {},
  ): Promise<void> {
    if (this.busy) return;
    if (opts.missing) {
      this.error = opts.missing;
      return;
    }
    this.busy = true;
    this.error = "";
    this.field = null;
    try {
      await work();
    } catch (err) {
      this.fail(err);
      await opts.afterFailure?.();
    } finally {
      this.busy = false;
    }
  }
}

/** An item waiting on "Delete?": asked for, then confirmed or kept. */
export class Pending<T> {
  open = $state(false);
  item = $state.raw<T | null>(null);

  ask(item: T): void {
    this.item = item;
    this.open = true;
  }

  close(): void {
    this.open = false;
    this.item = null;
  }

  /** Runs `work` on the item asked for; a failure leaves the dialog open. */
  async confirm(work: (item: T) => Promise<void>): Promise<void> {
    const item = this.item;
    if (item === null) return;
    try {
      await work(item);
    } catch (err) {
      session.failed(err);
    }
  }
}
