// Pure helpers of the Together chart, kept apart from uPlot so they can be tested.

const DAY = 86400;

/** A `YYYY-MM-DD` date as seconds since the epoch at UTC midnight: the chart's x. */
export function toSeconds(iso: string): number {
  const [y, m, d] = iso.split("-").map(Number);
  return Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1) / 1000;
}

/**
 * The x range for days `xs` (sorted): half a day of margin each side and at least two
 * weeks wide, so a few days do not stretch across the chart. Taken from the data, not
 * from uPlot, which offers 1,000 days for a single point given in seconds.
 */
export function dayRange(xs: number[]): [number, number] {
  const first = xs[0] ?? 0;
  const last = xs[xs.length - 1] ?? first;
  return [Math.min(first, last - 13 * DAY) - DAY / 2, last + DAY / 2];
}
