// The private safety check's words and its one rule, from the catalogue the backend's
// VOICE test also reads (src-tauri/model/safety_check.json). The answers live only in
// the page: nothing here sends or keeps them.
import catalogue from "../../../src-tauri/model/safety_check.json";

export type SafetyCheckText = typeof catalogue;
export const SAFETY_CHECK: SafetyCheckText = catalogue;

/** Question id -> chosen option id; a skipped question has no entry. */
export type Answers = Record<string, string>;

/** Any "yes" or "not sure" shows the help for one person; skipped questions count for nothing. */
export function concerning(answers: Answers, text: SafetyCheckText = SAFETY_CHECK): boolean {
  return text.questions.some((q) => {
    const a = answers[q.id];
    return a !== undefined && text.concerning.includes(a);
  });
}
