import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      "@": root,
      // In tests the domain is its sources (one process, one instance); see scripts/build-server.mjs.
      "@latchkey/domain/db": path.resolve(root, "db"),
      "@latchkey/domain": path.resolve(root, "lib"),
      // The real package throws outside React Server Components; tests call server code directly.
      "server-only": path.resolve(root, "test/server-only.ts"),
    },
  },
  test: {
    environment: "node",
    include: ["**/*.test.ts"],
    exclude: ["node_modules/**", "e2e/**", ".next/**"],
    setupFiles: ["test/setup.ts"],
    pool: "forks",
    testTimeout: 20_000,
  },
});
