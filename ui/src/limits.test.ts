// No limit of the app is typed in ui/src: the numbers come from the generated
// bindings/Rules.ts (RULES), which the Rust model writes. This test reads every source
// file (bindings and tests aside) and fails on a limit written as a literal where the
// UI checks or describes input: maxlength/min/max, constants named *MAX*/*MIN*, the
// palette's size, and limits spelled out in words.
import { describe, expect, it } from "vitest";

const SOURCES = import.meta.glob<string>(
  ["./**/*.svelte", "./**/*.ts", "!./bindings/**", "!./**/*.test.ts"],
  { query: "?raw", import: "default", eager: true },
);

// Each rule names what it forbids, with an example it must catch.
const FORBIDDEN: { what: string; pattern: RegExp; catches: string }[] = [
  {
    what: "a note, journal or passphrase limit (20,000, 50,000, 1,024)",
    pattern: /\b(20[_,]?000|50[_,]?000|1[_,]?024)\b/,
    catches: "const NOTE_MAX = 20000;",
  },
  {
    what: "a typed maxlength or minlength",
    pattern: /\b(maxlength|minlength)\s*=\s*["'{]?\s*\d/i,
    catches: '<input id="name" maxlength="60" />',
  },
  {
    what: "a typed min or max on an input (auto-lock 1–60, triggers 0–50)",
    pattern: /<input\b[^>]*\s(min|max)\s*=\s*["'{]?\s*-?\d/,
    catches: '<input id="auto-lock" type="number" min="1" max="60" />',
  },
  {
    what: "a constant named after a limit, set to a number",
    pattern: /\b[A-Za-z_]*(MAX|MIN|LIMIT|Max|Min|Limit)[A-Za-z_]*\s*[:=]\s*-?\d/,
    catches: "const NOTE_MAX = 2000;",
  },
  {
    what: "the palette's size (6 in 0.1.0's UI, 8 in the app)",
    pattern: /%\s*[68]\b|\bcolou?r\w*\s*(<|<=|>|>=)\s*\d/i,
    catches: "(knownColour + 1) % 6",
  },
  {
    what: 'a limit in words ("at least 8 characters", "1 to 60 minutes")',
    pattern: /\b\d[\d,]*\s+(characters?|minutes?|colou?rs)\b/,
    catches: 'hint="At least 8 characters."',
  },
  {
    what: 'the number of phases ("phase 2 of 4", "(1–4)")',
    pattern: /\bof\s+4\b|\(1\s*[–-]\s*4\)/,
    catches: "You are in phase {n} of 4",
  },
  {
    what: "the stance scale as a list (-3 … 3)",
    pattern: /\[\s*-3\s*,\s*-2\s*,/,
    catches: "const STEPS = [-3, -2, -1, 0, 1, 2, 3];",
  },
];

/** Code without its comments, which may speak of ranges ("a 0–4 scale"). */
function code(text: string): string {
  return text
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/(^|[\s;])\/\/.*$/gm, "$1");
}

describe("limits typed in ui/src", () => {
  it("reads the UI's sources", () => {
    const names = Object.keys(SOURCES);
    expect(names).toContain("./lib/screens/Today.svelte");
    expect(names).toContain("./lib/screens/Onboarding.svelte");
    expect(names.some((n) => n.startsWith("./bindings/"))).toBe(false);
  });

  for (const rule of FORBIDDEN) {
    it(`finds ${rule.what} where one is typed`, () => {
      expect(code(rule.catches)).toMatch(rule.pattern);
    });
  }

  it("has none: every limit comes from RULES", () => {
    const found: string[] = [];
    for (const [name, text] of Object.entries(SOURCES)) {
      code(text)
        .split("\n")
        .forEach((line, i) => {
          for (const rule of FORBIDDEN) {
            if (rule.pattern.test(line))
              found.push(`${name}:${i + 1}: ${rule.what}: ${line.trim()}`);
          }
        });
    }
    expect(found).toEqual([]);
  });
});
