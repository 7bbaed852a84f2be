// npm run bench's comparison with Better Auth's api-key plugin: verifyApiKey at 100,000 keys on SQLite
// (rate limit off) beside Latchkey's in-process verification. The registry's current better-auth and
// @better-auth/api-key disagree on a peer dependency (@better-auth/utils), so npm will not put them in
// this project; the bench installs them with --legacy-peer-deps into a cache folder outside it and loads
// them from there. Nothing of theirs is committed.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import Database from "better-sqlite3";

const DIR = process.env.BENCH_BETTER_AUTH_DIR ?? path.join(os.tmpdir(), "latchkey-bench-better-auth");

function install() {
  if (fs.existsSync(path.join(DIR, "node_modules/@better-auth/api-key/package.json"))) return;
  fs.mkdirSync(DIR, { recursive: true });
  fs.writeFileSync(
    path.join(DIR, "package.json"),
    JSON.stringify({ name: "latchkey-bench-better-auth", private: true }),
  );
  execFileSync(
    "npm",
    ["install", "--no-audit", "--no-fund", "--legacy-peer-deps", "better-auth", "@better-auth/api-key"],
    { cwd: DIR, stdio: "ignore" },
  );
}

const load = (spec: string) => import(pathToFileURL(path.join(DIR, "node_modules", spec)).href);

export async function benchBetterAuth(keys: number, iterations: number) {
  install();
  const version = JSON.parse(fs.readFileSync(path.join(DIR, "node_modules/better-auth/package.json"), "utf8"))
    .version as string;
  const { betterAuth } = await load("better-auth/dist/index.mjs");
  const { getMigrations } = await load("better-auth/dist/db/get-migration.mjs");
  const { apiKey, defaultKeyHasher } = await load("@better-auth/api-key/dist/index.mjs");
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "latchkey-bench-ba-")), "ba.db");
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  const auth = betterAuth({
    database: sqlite,
    secret: "bench-secret-bench-secret-bench-secret",
    baseURL: "http://localhost:3000",
    emailAndPassword: { enabled: true },
    plugins: [apiKey({ rateLimit: { enabled: false } })],
    telemetry: { enabled: false },
    logger: { disabled: true },
  });
  const { runMigrations } = await getMigrations(auth.options);
  await runMigrations();
  const { user } = await auth.api.signUpEmail({
    body: { email: "bench@better-auth.test", password: "bench password 1234", name: "Bench" },
  });
  // One key made by the plugin itself, to learn its row shape and confirm it verifies; the other keys
  // are inserted as rows like it, with the plugin's own hasher.
  const made = await auth.api.createApiKey({ body: { userId: user.id, name: "bench" } });
  const columns = sqlite.prepare("SELECT * FROM apikey LIMIT 1").get() as Record<string, unknown>;
  const names = Object.keys(columns).filter((c) => c !== "id" && c !== "key");
  const insert = sqlite.prepare(
    `INSERT INTO apikey (id, key, ${names.map((n) => `"${n}"`).join(", ")}) VALUES (?, ?, ${names.map(() => "?").join(", ")})`,
  );
  const sample: string[] = [made.key];
  const tokens: string[] = [];
  for (let i = 0; i < keys - 1; i++)
    tokens.push(`bench_${i.toString(36)}_${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`);
  const hashes = await Promise.all(tokens.map((t) => defaultKeyHasher(t)));
  sqlite.transaction(() => {
    tokens.forEach((t, i) => {
      insert.run(
        `bench-${i}`,
        hashes[i],
        ...names.map((n) => (columns[n] instanceof Date ? Date.now() : (columns[n] ?? null))),
      );
      if (i % 101 === 0 && sample.length < 1000) sample.push(t);
    });
  })();
  sqlite.exec("ANALYZE");
  for (let i = 0; i < 500; i++) {
    const r = await auth.api.verifyApiKey({ body: { key: sample[i % sample.length] } });
    if (!r.valid) throw new Error(`Better Auth did not verify its own key: ${JSON.stringify(r.error)}`);
  }
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = process.hrtime.bigint();
    await auth.api.verifyApiKey({ body: { key: sample[i % sample.length] } });
    times.push(Number(process.hrtime.bigint() - t0) / 1000);
  }
  times.sort((a, b) => a - b);
  sqlite.close();
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!;
  return { version, keys, p50_us: +at(50).toFixed(1), p99_us: +at(99).toFixed(1) };
}
