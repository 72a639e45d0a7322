// The UI's linter (`make test` runs `npx eslint src` here): the recommended rules of
// ESLint, typescript-eslint and eslint-plugin-svelte; formatting is prettier's job.
import js from "@eslint/js";
import svelte from "eslint-plugin-svelte";
import globals from "globals";
import ts from "typescript-eslint";

export default ts.config(
  { ignores: ["dist/", "src/bindings/"] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      // `{" "}` keeps a space before visually hidden words (and prettier-plugin-svelte
      // writes it that way itself); this rule would fight the formatter.
      "svelte/no-useless-mustaches": "off",
    },
  },
  {
    files: ["**/*.svelte", "**/*.svelte.ts"],
    languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: [".svelte"] } },
  },
);
