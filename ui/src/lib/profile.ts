// A new profile's form (first run, the second partner, joining a partner's device):
// what is checked here before the backend is asked, and where its answer shows.
import { ApiError } from "../api";

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
