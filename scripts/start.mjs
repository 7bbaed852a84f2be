// npm start: build if there is no production build yet, prepare the database (migrate, seed an empty
// one), then serve the console. Configuration: PORT, DATABASE_PATH or DATABASE_URL, NEXTAUTH_SECRET, NEXTAUTH_URL.
import { spawnSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
env.PORT ??= "3000";
env.NEXTAUTH_URL ??= `http://localhost:${env.PORT}`;
// Without NEXTAUTH_SECRET the server generates one into ./data once (lib/server/auth-secret.ts).

const bin = (name) => path.resolve("node_modules", ".bin", name);
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: "inherit", env });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

if (
  !fs.existsSync(".next/BUILD_ID") ||
  !fs.existsSync("node_modules/@latchkey/domain/server.js") ||
  process.argv.includes("--build")
) {
  // The domain package first: Next's build loads it (scripts/build-server.mjs).
  run(process.execPath, ["scripts/build-server.mjs"]);
  run(bin("next"), ["build"]);
}
run(bin("tsx"), ["scripts/prepare.ts"]);
// The server prints the one address to open once it listens (lib/server/start.ts).
const server = spawn(process.execPath, ["dist/server.mjs"], {
  stdio: "inherit",
  env: { ...env, NODE_ENV: "production" },
});
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => server.kill(sig));
server.on("exit", (code) => process.exit(code ?? 0));
