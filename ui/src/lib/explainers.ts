// Short explainers (src-tauri/model/explainers.json, under the backend's VOICE test),
// bundled so they open at once and without the backend.
import catalogue from "../../../src-tauri/model/explainers.json";

export type Explainer = (typeof catalogue.explainers)[number];
export const EXPLAINERS: readonly Explainer[] = catalogue.explainers;

/** The explainers whose terms appear in `text` (case-insensitive), in catalogue order. */
export function explainersFor(text: string, all: readonly Explainer[] = EXPLAINERS): Explainer[] {
  const lower = text.toLowerCase();
  return all.filter((e) => e.terms.some((t) => lower.includes(t.toLowerCase())));
}
