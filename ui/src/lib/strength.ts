// The strength meter's timing: ask the backend for its verdict once typing pauses, and
// show only the answer for what is in the field now (an older, slower answer is dropped).
import type { PassphraseStrength } from "../bindings/PassphraseStrength";
import type { PassphraseStrengthInput } from "../bindings/PassphraseStrengthInput";

export type Judge = (input: PassphraseStrengthInput) => Promise<PassphraseStrength>;

export const METER_DELAY_MS = 250;

export interface Meter {
  /** The field changed: judge `passphrase` after a pause; `null` at once when empty. */
  update(passphrase: string, names: string[]): void;
  /** Stops any pending or running check from reporting (the field went away). */
  stop(): void;
}

export function createMeter(
  judge: Judge,
  onverdict: (verdict: PassphraseStrength | null) => void,
  delayMs = METER_DELAY_MS,
): Meter {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let latest = 0;
  return {
    update(passphrase, names) {
      clearTimeout(timer);
      const mine = ++latest;
      if (!passphrase) {
        onverdict(null);
        return;
      }
      const given = names.map((n) => n.trim()).filter((n) => n.length > 0);
      timer = setTimeout(async () => {
        let verdict: PassphraseStrength | null = null;
        try {
          verdict = await judge({ passphrase, names: given });
        } catch {
          // No verdict rather than a guess: saving still checks.
        }
        if (mine === latest) onverdict(verdict);
      }, delayMs);
    },
    stop() {
      clearTimeout(timer);
      latest++;
    },
  };
}
