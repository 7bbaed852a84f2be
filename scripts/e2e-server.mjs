// The production server on a fresh temporary database with the demo data, for Playwright.
// Requires a build (`next build`); npm test makes one first.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const port = process.env.PORT ?? "3100";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "latchkey-e2e-"));
const env = {
  ...process.env,
  NEXT_TELEMETRY_DISABLED: "1",
  DATABASE_PATH: path.join(dir, "e2e.db"),
  NEXTAUTH_URL: `http://localhost:${port}`,
  NEXTAUTH_SECRET: "e2e-secret-not-for-production-0123456789",
  PORT: port,
};
if (!fs.existsSync(".next/BUILD_ID") || !fs.existsSync("dist/server.mjs")) {
  console.error("No production build: run `npm run build` first (npm test does).");
  process.exit(1);
}
const prep = spawnSync(path.resolve("node_modules/.bin/tsx"), ["scripts/prepare.ts"], { stdio: "inherit", env });
if (prep.status !== 0) process.exit(prep.status ?? 1);
fs.writeFileSync(path.join(os.tmpdir(), `latchkey-e2e-${port}.json`), JSON.stringify({ databasePath: env.DATABASE_PATH }));
const server = spawn(process.execPath, ["dist/server.mjs"], { stdio: "inherit", env: { ...env, NODE_ENV: "production" } });
const stop = () => {
  server.kill("SIGTERM");
  fs.rmSync(dir, { recursive: true, force: true });
};
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => (stop(), process.exit(0)));
server.on("exit", (code) => {
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(code ?? 0);
});
