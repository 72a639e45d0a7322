// The app's words for the model's values, in one place (see VOICE rules: plain,
// gentle, never blaming). Screens import from here instead of spelling them out.
import type { Phase } from "../bindings/Phase";
import { RULES } from "../bindings/Rules";

export const STANCE_WORDS: Record<number, string> = {
  [-3]: "I want distance",
  [-2]: "I'm pulling back",
  [-1]: "A little distant",
  0: "Unsure",
  1: "A little closer",
  2: "I'm leaning in",
  3: "I want to be close",
};

export function stanceWord(stance: number): string {
  return STANCE_WORDS[stance] ?? "Unsure";
}

export type RoleId = "op" | "ap";

/** The demo couple's passphrases (src-tauri/app/demo.rs has the same; a test checks). */
export const DEMO_PASSPHRASES: Record<RoleId, string> = {
  op: "demo partner who broke trust",
  ap: "demo partner who was hurt",
};

export const ROLE_WORDS: Record<RoleId, string> = {
  op: "the partner who broke trust",
  ap: "the partner who was hurt",
};

export interface PhaseWords {
  number: number;
  name: string;
  about: string;
}

// What each phase is about: words only this screen shows. The numbers and names come
// from the app's rules (they also appear in reports and event lines).
const PHASE_ABOUT: Record<Phase, string> = {
  stabilize:
    "Getting through the first days after the discovery: safety, support, and deciding, without pressure, whether to try.",
  account:
    "The partner who broke trust owns what happened without minimising it, answers honestly and listens to the hurt. The partner who was hurt says how it has affected them.",
  process:
    'The partner who was hurt names the wrong as a wrong and holds the other to account while still wishing them well (that is what "benevolent indignation" means), grieves, and decides in their own time what forgiveness means. The other stays steady.',
  renew:
    "Both look at older needs in the relationship (which never excuse the betrayal), make new agreements, and rebuild trust and closeness.",
};

export const PHASES: Record<string, PhaseWords> = Object.fromEntries(
  RULES.phases.map((p) => [p.id, { number: p.number, name: p.name, about: PHASE_ABOUT[p.id] }]),
);

/** Phase ids in order: index 0 is phase 1. */
export const PHASE_BY_NUMBER: readonly Phase[] = RULES.phases.map((p) => p.id);

export const EMOTIONS = [
  ["hurt", "Hurt"],
  ["anger", "Anger"],
  ["fear", "Fear"],
  ["shame", "Shame"],
  ["sadness", "Sadness"],
  ["hope", "Hope"],
  ["warmth", "Warmth"],
  ["ambivalence", "Torn, mixed feelings"],
] as const;

export const EMOTION_STEPS = ["None", "A little", "Some", "A lot", "Overwhelming"];

export const SAFETY_WORDS = {
  yes: "Yes",
  somewhat: "Somewhat",
  no: "No",
} as const;

export type VisibilityId = "private" | "partner" | "therapist" | "partner+therapist";

export function visibilityFrom(partner: boolean, therapist: boolean): VisibilityId {
  if (partner && therapist) return "partner+therapist";
  if (partner) return "partner";
  if (therapist) return "therapist";
  return "private";
}

export function visibilityParts(v: VisibilityId): { partner: boolean; therapist: boolean } {
  return {
    partner: v === "partner" || v === "partner+therapist",
    therapist: v === "therapist" || v === "partner+therapist",
  };
}

export function visibilityWords(v: VisibilityId): string {
  switch (v) {
    case "private":
      return "Only you";
    case "partner":
      return "You and your partner";
    case "therapist":
      return "You, and reports you make for your therapist";
    case "partner+therapist":
      return "You, your partner, and reports you make for your therapist";
  }
}

// "Who can see this", said in full. Each sentence says what the backend does:
// app/views.rs shows the partner what is shared, on Together and in their path;
// report/data.rs puts the maker's own items marked for the therapist in a report, and
// phase events and patterns (from numbers both partners share) in the reports either
// partner makes, never a reason. If that changes, these change with it (tests/e2e/help
// checks them from the partner's side).

/** Where a report made by the partner may mention what this partner did or shared. */
const EITHER_REPORT =
  "the therapist reports you make, and in your partner's only if you allow it in Settings (Therapist reports)";

/** What one item is: check-in numbers (they feed the patterns) or anything else. */
export type ShareKind = "numbers" | "item" | "question" | "trigger";

/** Where the partner sees a shared question or trigger-log entry, and what they can do. */
const ASKED_SEEN = {
  question:
    "they see it on their Questions screen, with where it stands and whether an answer helped, and can answer it",
  trigger:
    "they see it on their Trigger log screen, with the date, and can add what they did that helped",
};

export function whoSees(v: VisibilityId, kind: ShareKind = "item"): string {
  if (kind === "question" || kind === "trigger") return whoSeesAsked(v, kind);
  const it = kind === "numbers" ? "these numbers" : "it";
  const patterns =
    kind === "numbers"
      ? ` Patterns from numbers you both share show on Together too, and in ${EITHER_REPORT}.`
      : "";
  switch (v) {
    case "private":
      return `Only you. Your partner does not see ${it}, and no report holds ${it}.`;
    case "partner":
      return `You and your partner: they see ${it} on Together, with the date and your name. No therapist report holds ${it}.${patterns}`;
    case "therapist":
      return `You, and the reports you make for your therapist (you see each one before it is saved). Your partner does not see ${it}.`;
    case "partner+therapist":
      return `You and your partner (they see ${it} on Together, with the date and your name), and the reports you make for your therapist.${patterns}`;
  }
}

/**
 * "Who can see this" with no second profile. Private and therapist-only items stay so if
 * a partner joins later; an item already marked for a partner keeps the couple sentence
 * (a partner who joins sees it), so the checkbox to take it back stays offered.
 */
export function whoSeesAlone(v: VisibilityId, kind: ShareKind = "item"): string {
  const it = kind === "numbers" ? "these numbers" : "it";
  switch (v) {
    case "private":
      return `Only you, and no report holds ${it}.`;
    case "therapist":
      return `You, and the reports you make for your therapist (you see each one before it is saved).`;
    default:
      return whoSees(v, kind);
  }
}

/**
 * "Who can see this" after a parting. Nothing new reaches the partner (the backend
 * writes only the private part, app/apart.rs): an item shared before stays on their
 * screen as it was shared until it is taken back, and a change saved now stays here.
 */
export function whoSeesParted(v: VisibilityId, kind: ShareKind = "item"): string {
  const it = kind === "numbers" ? "these numbers" : "it";
  const parts = visibilityParts(v);
  const report = parts.therapist
    ? `The reports you make for your therapist include ${it}.`
    : `No therapist report holds ${it}.`;
  if (parts.partner) {
    return `You, and your partner as you shared ${it} before the parting: a change you save now stays with you. ${report}`;
  }
  return parts.therapist
    ? "You, and the reports you make for your therapist (you see each one before it is saved)."
    : `Only you, and no report holds ${it}.`;
}

function whoSeesAsked(v: VisibilityId, kind: "question" | "trigger"): string {
  const seen = ASKED_SEEN[kind];
  const back =
    "If you take it back, it is gone from their screen at once, with what they added to it.";
  switch (v) {
    case "private":
      return "Only you. Your partner does not see it, and no report holds it.";
    case "partner":
      return `You and your partner: ${seen}. No therapist report holds it. ${back}`;
    case "therapist":
      return "You, and the reports you make for your therapist (you see each one before it is saved). Your partner does not see it.";
    case "partner+therapist":
      return `You and your partner (${seen}), and the reports you make for your therapist. ${back}`;
  }
}

/** Where a question stands, in the asker's words (model/questions.rs has the same). */
export const QUESTION_STATUS = {
  open: "Open",
  answered: "Answered",
  bring_to_session: "Bring to a session",
  decided_not_to_know: "I decided I don't need to know",
} as const;

/** Said beside the answer form: the answer is the answerer's, and always the asker's to read. */
export const ANSWER_SEEN =
  "Your partner sees your answer with their question. You can change it or take it back at any time; if they take the question back, your answer goes from their screen with it.";

/** Said beside the note on a partner's trigger-log entry. */
export const HELP_SEEN =
  "Your partner sees this with their entry. You can change it or take it back at any time; no report holds it.";

/** Said in a dialog before a phase event is saved: the partner sees every one. */
/** What the partner can learn of "ready to rebuild together" (MODEL.md v2). */
export const DECLARATION_SEEN =
  'Your partner is not told. Their app reads it only to let them move on to "Rebuild together" when they are ready too; it is not in their path, on Together or in any report. It never says how you answered your check-ins.';

export const EVENT_SEEN = {
  advance: `Your partner will see your new phase, in their path on My arc and on the chart on Together. It also shows in ${EITHER_REPORT}.`,
  stepBack: `Your partner will see that you stepped back, and to which phase, in their path on My arc and on the chart on Together. It also shows in ${EITHER_REPORT}. Your reason never does: only you see it.`,
  rupture: `Your partner will see that a rupture was recorded, and when, in their path on My arc and on the chart on Together, and Healing Arc suggests to both of you a phase to return to. It also shows in ${EITHER_REPORT}, with the kind you choose here.`,
};

/**
 * The person's locale as a valid language tag. Under LANG=C, WebKit reports "c", which
 * Intl rejects with a RangeError; fall back to English then.
 */
export const LOCALE: string = safeLocale(
  typeof navigator === "undefined" ? "" : navigator.language,
);

export function safeLocale(tag: string): string {
  try {
    return Intl.getCanonicalLocales(tag)[0] ?? "en-US";
  } catch {
    return "en-US";
  }
}

/** A date as the person's locale writes it, from a `YYYY-MM-DD` string. */
export function formatDate(iso: string, style: "long" | "medium" | "short" = "long"): string {
  const [y, m, d] = iso.split("-").map(Number);
  if (!y || !m || !d) return iso;
  const date = new Date(y, m - 1, d);
  const options: Record<typeof style, Intl.DateTimeFormatOptions> = {
    long: { weekday: "long", day: "numeric", month: "long", year: "numeric" },
    medium: { day: "numeric", month: "short", year: "numeric" },
    short: { day: "numeric", month: "short" },
  };
  return date.toLocaleDateString(LOCALE, options[style]);
}

/** A count and its noun, "1 character" or "2,000 characters", in the person's locale. */
export function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString(LOCALE)} ${n === 1 ? one : many}`;
}

/** Under a text with a limit: how many characters are left, or how many too many. */
export function charactersLeft(left: number): string {
  return left >= 0
    ? `${plural(left, "character", "characters")} left`
    : `${plural(-left, "character", "characters")} over the limit`;
}

/** Today's local calendar date as `YYYY-MM-DD`. */
export function todayIso(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** The two ways to put a parting, exactly as the other partner reads them. */
export const PARTING_WORDS = {
  we_have_decided_to_part: "We have decided to part.",
  i_have_decided_to_leave: "I have decided to leave.",
} as const;

/** The sentence about a parting, the same in the confirm dialog and on the other side. */
export function partingSentence(
  iso: string,
  who: string,
  words: keyof typeof PARTING_WORDS,
): string {
  return `On ${formatDate(iso)}, ${who} recorded: "${PARTING_WORDS[words]}"`;
}
