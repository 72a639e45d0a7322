import { visibilityFrom, visibilityParts, type VisibilityId } from "./words";

// Whether sharing with the partner is open: closed once a parting is recorded (the
// backend then writes nothing new to the couple space), so no screen offers it.
export const sharing = $state({ closed: false });

/** One item's share choice: its value now, and how it is stored (`null`: not yet;
 * `undefined`: the value is what was stored). */
export interface ShareState {
  closed: boolean;
  alone: boolean;
  value: VisibilityId;
  saved?: VisibilityId | null;
}

/** Shared with the partner as stored (so, once a parting is recorded, before it). */
export function sharedBefore(s: ShareState): boolean {
  return visibilityParts(s.saved === undefined ? s.value : (s.saved ?? "private")).partner;
}

/**
 * Whether the partner's box is offered. Alone, nothing new reaches a partner, and an item
 * shared before keeps its box so it can be taken back. After a parting, only an item
 * stored as shared keeps it: a new one never offers it.
 */
export function offersPartner(s: ShareState): boolean {
  return s.closed ? sharedBefore(s) : !s.alone || visibilityParts(s.value).partner;
}

/** The value the choice may hold: after a parting a new item carries no share with the
 * partner, whatever it was handed (a default is an answer). */
export function allowedValue(s: ShareState): VisibilityId {
  const parts = visibilityParts(s.value);
  return s.closed && parts.partner && !sharedBefore(s)
    ? visibilityFrom(false, parts.therapist)
    : s.value;
}
