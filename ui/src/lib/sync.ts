// The words for two devices (docs/SYNC.md): when something last arrived, and what a
// sync found, said calmly and truthfully. A refused file changed nothing here.
import type { SyncResult } from "../bindings/SyncResult";
import { LOCALE, plural } from "./words";

/** The backend's name for the event a timed sync sends when something arrived. */
export const ARRIVED_EVENT = "sync-arrived";

/** How often the page asks whether the partner's device answered, while it waits. */
export const PAIR_POLL_MS = 3000;

/** "Sam's device", or "your partner's device" before their name has arrived. */
export function deviceOf(partnerName: string | null): string {
  return partnerName ? `${partnerName}'s device` : "your partner's device";
}

/** When something last arrived, in the person's locale; seconds since the epoch. */
export function lastArrivalLine(partnerName: string | null, lastArrival: number | null): string {
  const device = deviceOf(partnerName);
  if (lastArrival === null) return `Nothing has arrived from ${device} yet.`;
  const when = new Date(lastArrival * 1000).toLocaleString(LOCALE, {
    dateStyle: "full",
    timeStyle: "short",
  });
  return `Last arrived from ${device}: ${when}.`;
}

/** What one sync did, sentence by sentence. */
export function resultLines(r: SyncResult, partnerName: string | null): string[] {
  const device = deviceOf(partnerName);
  const lines = [
    r.applied > 0
      ? `Synced. What is new from ${device} is here now.`
      : `Synced. Nothing new from ${device} this time.`,
  ];
  if (r.waiting > 0) {
    lines.push(
      `${files(r.waiting)} from ${device} came ahead of earlier ones still on their way. Healing Arc adds ${r.waiting === 1 ? "it" : "them"} once the rest arrives.`,
    );
  }
  if (r.changed_outside > 0) {
    lines.push(
      `${files(r.changed_outside)} in the shared folder ${r.changed_outside === 1 ? "was" : "were"} changed outside the app, so Healing Arc did not use ${r.changed_outside === 1 ? "it" : "them"}. Nothing here was changed: you see the last state Healing Arc could check. If it keeps happening, it may help to look at the sync tool's conflicts.`,
    );
  }
  if (r.unreadable > 0) {
    lines.push(
      `${files(r.unreadable)} in the shared folder could not be opened: still arriving, damaged, or not from ${device}. Healing Arc left ${r.unreadable === 1 ? "it" : "them"} there and tries again at the next sync.`,
    );
  }
  return lines;
}

function files(n: number): string {
  const s = plural(n, "file", "files");
  return s.charAt(0).toUpperCase() + s.slice(1);
}
