// The production server on a fresh temporary database with the demo data, for Playwright: a SQLite
// file, or with LATCHKEY_TEST_POSTGRES_URL a new database on that PostgreSQL cluster (npm test's
// PostgreSQL pass). Requires a build (`next build`); npm test makes one first.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "./free-port.mjs";

// The port its caller chose (playwright.config.ts, e2e/api-rate-limit.spec.ts), else a free one: no fixed
// port (docs/operations.md#tests). The server prints where it listens.
const port = process.env.PORT ?? String(await freePort());
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "latchkey-e2e-"));
const env = {
  ...process.env,
  NEXT_TELEMETRY_DISABLED: "1",
  DATABASE_PATH: path.join(dir, "e2e.db"),
  NEXTAUTH_URL: `http://localhost:${port}`,
  NEXTAUTH_SECRET: "e2e-secret-not-for-production-0123456789",
  PORT: port,
};
const cluster = process.env.LATCHKEY_TEST_POSTGRES_URL;
let dropDatabase = async () => {};
if (cluster) {
  const { default: postgres } = await import("postgres");
  const name = `e2e_${port}_${Date.now()}`;
  const admin = postgres(cluster, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(cluster);
  url.pathname = `/${name}`;
  env.DATABASE_URL = url.toString();
  dropDatabase = async () => {
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
    await admin.end();
  };
} else delete env.DATABASE_URL;
if (!fs.existsSync(".next/BUILD_ID") || !fs.existsSync("node_modules/@latchkey/domain/server.js")) {
  console.error("No production build: run `npm run build` first (npm test does).");
  process.exit(1);
}
const prep = spawnSync(path.resolve("node_modules/.bin/tsx"), ["scripts/prepare.ts"], { stdio: "inherit", env });
if (prep.status !== 0) process.exit(prep.status ?? 1);
fs.writeFileSync(
  path.join(os.tmpdir(), `latchkey-e2e-${port}.json`),
  JSON.stringify({ databasePath: env.DATABASE_PATH, databaseUrl: env.DATABASE_URL }),
);
const server = spawn(process.execPath, ["dist/server.mjs"], {
  stdio: "inherit",
  env: { ...env, NODE_ENV: "production" },
});
const stop = () => {
  server.kill("SIGTERM");
  fs.rmSync(dir, { recursive: true, force: true });
};
for (const sig of ["SIGINT", "SIGTERM"])
  process.on(sig, () => (stop(), void dropDatabase().finally(() => process.exit(0))));
server.on("exit", (code) => {
  fs.rmSync(dir, { recursive: true, force: true });
  void dropDatabase().finally(() => process.exit(code ?? 0));
});
