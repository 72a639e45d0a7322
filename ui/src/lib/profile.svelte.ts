// A new profile's form (first run, the second partner, joining a partner's device):
// what is checked here before the backend is asked, and where its answer shows.
import { ApiError } from "../api";
import type { NewPartnerInput } from "../bindings/NewPartnerInput";
import type { RoleId } from "./words";

export interface ProfileInput {
  name: string;
  role: string;
  passphrase: string;
  confirm: string;
}

/** What is missing or does not match, by field; empty when the form may be sent. How
 * strong the passphrase must be is the backend's rule, so it is not checked here. */
export function profileErrors(p: ProfileInput): Record<string, string> {
  const e: Record<string, string> = {};
  if (!p.name.trim())
    e.name =
      "Please enter a name. Your partner sees it after unlocking, and it is on the reports you make.";
  if (!p.role) e.role = "Please choose the sentence that fits you.";
  if (p.confirm !== p.passphrase) e.confirm = "The two passphrases are not the same yet.";
  return e;
}

/** A failed call's message, under the field it names (or the form's). */
export function fieldError(err: unknown): Record<string, string> {
  const e = err instanceof ApiError ? err : ApiError.from(err);
  return { [e.field ?? "form"]: e.message };
}

/** A new profile being typed: what ProfileForm shows and the screen sends. */
export class ProfileDraft {
  name = $state("");
  role = $state<RoleId | "">("");
  colour = $state(0);
  passphrase = $state("");
  confirm = $state("");
  errors = $state<Record<string, string>>({});
  busy = $state(false);

  constructor(colour = 0) {
    this.colour = colour;
  }

  /** Shows what is missing; true when the form may be sent. */
  check(): boolean {
    this.errors = profileErrors(this);
    return Object.keys(this.errors).length === 0;
  }

  /** Empties the form for the next person, who gets `colour` to start with. */
  reset(colour: number): void {
    this.name = this.role = this.passphrase = this.confirm = "";
    this.colour = colour;
    this.errors = {};
  }

  /** Hands the profile (name trimmed) to `call`, one at a time; a failure shows by field. */
  async send(call: (input: NewPartnerInput) => Promise<void>): Promise<void> {
    const role = this.role;
    if (this.busy || !role) return;
    this.busy = true;
    try {
      await call({
        name: this.name.trim(),
        role,
        colour: this.colour,
        passphrase: this.passphrase,
      });
    } catch (err) {
      this.errors = fieldError(err);
    } finally {
      this.busy = false;
    }
  }
}
