import js from "@eslint/js";
import nextPlugin from "@next/eslint-plugin-next";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      ".next/**",
      "node_modules/**",
      "lib/generated/**",
      "infra/cdk.out/**",
      ".data/**",
      "**/dist/**",
      "next-env.d.ts",
      "playwright-report/**",
      "test-results/**",
      "coverage/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { "@next/next": nextPlugin },
    rules: {
      ...nextPlugin.configs.recommended.rules,
      ...nextPlugin.configs["core-web-vitals"].rules,
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      "no-restricted-syntax": [
        "error",
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: "Read configuration through lib/env.ts (or the component's own config module), not process.env.",
        },
      ],
    },
  },
  {
    // React's rules where React lives; elsewhere a function named use…() is not a hook.
    files: ["app/**/*.tsx", "components/**/*.tsx", "lib/client/**/*.ts", "lib/client/**/*.tsx"],
    plugins: { "react-hooks": reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    // Config modules, scripts and processes outside the console read their own environment.
    files: [
      "lib/env.ts",
      "instrumentation.ts",
      "scripts/**",
      "bench/**",
      "e2e/**",
      "prisma/**",
      "prisma.config.ts",
      "local-lab/**",
      "target-service/**",
      "infra/**",
      "**/*.test.ts",
      "**/*.config.ts",
      "**/test/**",
    ],
    rules: { "no-restricted-syntax": "off" },
  },
  {
    // The contract is what the console and the local lab both speak: it depends on nothing
    // of either, so both can import it without importing each other.
    files: ["contract/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ regex: "^(?!zod$|\\./)", message: "contract/ imports only zod and its own files." }] }],
    },
  },
  {
    // The lab and the service under test stand apart from the console: shared words come from contract/.
    files: ["local-lab/**/*.ts", "target-service/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ regex: "^(@/|(\\.\\./)+(lib|app|components)(/|$))", message: "local-lab/ and target-service/ import nothing of the console; put shared schemas in contract/." }] },
      ],
    },
  },
  {
    // The console reaches the local lab only through its HTTP API (the local adapter), never its code.
    files: ["lib/**/*.ts", "lib/**/*.tsx", "app/**/*.ts", "app/**/*.tsx", "components/**/*.ts", "components/**/*.tsx"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ regex: "(^|/)(local-lab|target-service)/", message: "The console does not import the lab's code; share through contract/." }] }],
    },
  },
  {
    files: ["**/*.js", "**/*.mjs", "**/*.cjs"],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { process: "readonly", console: "readonly", URL: "readonly" },
    },
  },
);
