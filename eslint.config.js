// Lint rules on top of the strict typecheck: ESLint's recommended set and typescript-eslint's,
// with type information (promises, `any`, needless assertions). `npm test` runs it.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "bench/hyperformula/", "coverage/"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // A leading underscore marks a value taken apart only to leave it out (`{ ok: _ok, ...rest }`).
      "@typescript-eslint/no-unused-vars": ["error", { varsIgnorePattern: "^_", argsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
      // Money is a branded bigint: negating it is bigint arithmetic, which this rule does not see through.
      "@typescript-eslint/no-unsafe-unary-minus": "off",
    },
  },
  {
    // Tests read the CLI's JSON output (JSON.parse is `any`) and compare it with literal values.
    files: ["**/*.test.ts", "**/test-support/**"],
    rules: {
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-return": "off",
    },
  },
  {
    files: ["**/*.js"],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { process: "readonly", console: "readonly" } },
  },
);
