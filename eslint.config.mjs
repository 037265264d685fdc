import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // No React outside the app: Playwright fixtures call their `use` argument and test helpers are
    // named `use…`, which the React hooks rule mistakes for hooks.
    files: ["e2e/**", "tests/**", "bench/**", "scripts/**"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
  globalIgnores([
    ".next*/**", // .next and per-helper build dirs (NEXT_DIST_DIR)
    "out/**",
    "build/**",
    "next-env.d.ts",
    ".data/**",
    "drizzle/**",
    "coverage/**",
    "backups/**",
    "test-results/**",
    "playwright-report/**",
    ".stryker-tmp/**", // StrykerJS sandboxes (npm run test:mutation)
    "reports/**",
  ]),
]);
