// Lint (docs/architecture.md#lint-and-format): typescript-eslint's recommended rules, React's hook
// rules, Next's own rules, and the import boundaries that keep the layers apart. Formatting is
// Prettier's (.prettierrc); `npm run lint` runs both, and `npm test` runs `npm run lint` first.
import js from "@eslint/js";
import nextPlugin from "@next/eslint-plugin-next";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

/**
 * Domain modules a client component ("use client") may take values from: they hold no secret, no
 * database access and no Node API, so they can run in the browser. Types may come from anywhere.
 */
const CLIENT_SAFE_DOMAIN_MODULES = ["action-result", "policy", "format", "audit-labels", "errors", "ip-ranges"];

const clientImports = {
  meta: {
    type: "problem",
    docs: { description: "A client component takes values only from the domain modules that can run in a browser." },
    schema: [],
    messages: {
      server:
        "'{{source}}' is server code: a client component may take only types from it, or values from {{allowed}} (docs/architecture.md#lint-and-format).",
    },
  },
  create(context) {
    const isClient = context.sourceCode.ast.body.some(
      (node) => node.type === "ExpressionStatement" && node.directive === "use client",
    );
    if (!isClient) return {};
    return {
      ImportDeclaration(node) {
        const source = String(node.source.value);
        if (node.importKind === "type") return;
        if (node.specifiers.length > 0 && node.specifiers.every((s) => s.importKind === "type")) return;
        const match = /^@latchkey\/domain(?:\/(.*))?$/.exec(source);
        if (!match || CLIENT_SAFE_DOMAIN_MODULES.includes(match[1] ?? "")) return;
        context.report({ node, messageId: "server", data: { source, allowed: CLIENT_SAFE_DOMAIN_MODULES.join(", ") } });
      },
    };
  },
};

const DRIVERS = [
  "better-sqlite3",
  "postgres",
  "drizzle-orm/better-sqlite3",
  "drizzle-orm/postgres-js",
  "drizzle-orm/sqlite-core",
  "drizzle-orm/pg-core",
];

export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      ".next/**",
      "dist/**",
      ".reports/**",
      "test-results/**",
      "data/**",
      "db/migrations/**",
      "db/migrations-pg/**",
      "next-env.d.ts",
      "client/dist/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { latchkey: { rules: { "client-imports": clientImports } } },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
      "@typescript-eslint/consistent-type-imports": [
        "error",
        { fixStyle: "inline-type-imports", disallowTypeAnnotations: false },
      ],
      // Prettier wraps code at 120 columns; comments too (Prettier leaves them be). Long strings (API
      // descriptions, class lists) and URLs stay whole, so they can be searched for.
      "max-len": [
        "error",
        { code: 120, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreUrls: true, ignoreRegExpLiterals: true },
      ],
      // Rejecting control characters is what several patterns are for.
      "no-control-regex": "off",
      "prefer-const": ["error", { ignoreReadBeforeAssign: true }],
      "no-restricted-globals": [
        "error",
        {
          name: "globalThis",
          message:
            "Module state lives in the module: one instance of the domain (docs/architecture.md#one-instance-of-the-domain).",
        },
      ],
    },
  },
  {
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks, "@next/next": nextPlugin },
    rules: {
      // The two rules of hooks; the plugin's React Compiler rules (refs, purity, immutability) are for
      // code the compiler rewrites, and Latchkey does not use the compiler.
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",
      ...nextPlugin.configs.recommended.rules,
      ...nextPlugin.configs["core-web-vitals"].rules,
      // A full page load on purpose where the session or the current account changed: every server
      // component must render again with the new cookie (docs/architecture.md#lint-and-format).
      "@next/next/no-location-assign-relative-destination": "off",
      "latchkey/client-imports": "error",
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/lib/*", "@/db/*", "@/lib", "@/db"],
              message:
                "The console takes the domain from its package: @latchkey/domain/... (docs/architecture.md#one-instance-of-the-domain).",
            },
            { group: [...DRIVERS], message: "Database drivers live in db/ only." },
          ],
        },
      ],
    },
  },
  {
    files: ["lib/**/*.ts"],
    ignores: ["lib/**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: [...DRIVERS],
              message:
                "The domain never names a database: what differs lives in db/ (docs/architecture.md#the-database-layer).",
            },
            {
              group: ["@/app/*", "@/components/*", "next", "next/*", "react", "react-dom"],
              message: "The domain knows nothing of Next or React.",
            },
          ],
        },
      ],
    },
  },
  {
    // The server's start (server.ts and the bench's server run it) is where Next is started.
    files: ["lib/server/start.ts"],
    rules: { "no-restricted-imports": "off" },
  },
  {
    // Vitest's stand-in for Next's request (test/setup.ts) is shared with the test files through the global object.
    files: ["test/**", "**/*.test.ts"],
    rules: { "no-restricted-globals": "off" },
  },
);
