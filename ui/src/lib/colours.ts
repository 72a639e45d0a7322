// The colours a partner can pick for their profile. Stored as an index only; every
// colour has a name, so colour is never the only signal.
export const COLOURS = [
  { name: "Plum", hex: "#6b4fa0" },
  { name: "Teal", hex: "#2d7d7a" },
  { name: "Amber", hex: "#b7791f" },
  { name: "Rose", hex: "#b24a6b" },
  { name: "Slate", hex: "#4a5a73" },
  { name: "Moss", hex: "#5b7a2e" },
] as const;

export function colour(i: number): { name: string; hex: string } {
  return COLOURS[i] ?? COLOURS[0];
}
