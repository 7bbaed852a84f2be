// npm run bench — the performance targets of SPEC section 7, measured in one run:
//  1. in-process key verification at 100,000 keys (valid, unknown, malformed): p50, p99, ops/s;
//  2. over loopback against the production server: authenticated GET /api/v1/me versus
//     unauthenticated GET /api/health with autocannon: req/s, p99 and their ratios.
// Needs a production build (`npx next build`). Writes bench/results/latest.json.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { openDatabase } from "../db/connection";
import { verifyKey } from "../lib/api-auth";
import { checksum, generateToken } from "../lib/tokens";

const KEYS = Number(process.env.BENCH_KEYS ?? 100_000);
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 50_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const PORT = Number(process.env.BENCH_PORT ?? 3200);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "latchkey-bench-"));
const dbPath = path.join(dir, "bench.db");

function seed() {
  const db = openDatabase(dbPath);
  const sqlite = db.$client;
  const accountsN = 1000;
  const usersN = 5000;
  const accountIds = Array.from({ length: accountsN }, () => randomUUID());
  const userIds = Array.from({ length: usersN }, () => randomUUID());
  const sample: { token: string; accountId: string }[] = [];
  const insertAccount = sqlite.prepare("INSERT INTO accounts (id, name, plan) VALUES (?, ?, 'enterprise')");
  const insertUser = sqlite.prepare("INSERT INTO users (id, email, name, password_hash) VALUES (?, ?, ?, 'x')");
  const insertMember = sqlite.prepare("INSERT INTO memberships (account_id, user_id, role) VALUES (?, ?, ?)");
  const insertKey = sqlite.prepare(
    "INSERT INTO api_keys (id, kind, name, token_hash, hint, owner_user_id, account_id, role, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'active')",
  );
  const roles = ["owner", "admin", "read_write", "read_only"];
  sqlite.transaction(() => {
    accountIds.forEach((id, i) => insertAccount.run(id, `Account ${i}`));
    userIds.forEach((id, i) => {
      insertUser.run(id, `user${i}@bench.test`, `User ${i}`);
      insertMember.run(accountIds[i % accountsN], id, roles[i % 4]);
    });
    for (let i = 0; i < KEYS; i++) {
      const service = i % 5 === 0;
      const t = generateToken(service ? "service" : "user");
      const userIndex = i % usersN;
      const accountId = accountIds[userIndex % accountsN]!;
      insertKey.run(randomUUID(), service ? "service" : "user", `key ${i}`, t.hash, t.hint, service ? null : userIds[userIndex], accountId, service ? "read_only" : null);
      if (!service && sample.length < 1000 && i % 97 === 1) sample.push({ token: t.token, accountId });
    }
  })();
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  // A long-lived database gets statistics (PRAGMA optimize, ANALYZE); the plan must stay good with them.
  sqlite.exec("ANALYZE");
  return { db, sample };
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function measure(label: string, next: (i: number) => [string, string | null], expectOk: boolean, sqlite: Parameters<typeof verifyKey>[0]) {
  for (let i = 0; i < 5000; i++) verifyKey(sqlite, ...next(i)); // warm-up
  const times = new Array<number>(ITERATIONS);
  const start = process.hrtime.bigint();
  for (let i = 0; i < ITERATIONS; i++) {
    const [token, account] = next(i);
    const t0 = process.hrtime.bigint();
    const result = verifyKey(sqlite, token, account);
    times[i] = Number(process.hrtime.bigint() - t0) / 1000;
    if (result.ok !== expectOk) throw new Error(`${label}: unexpected result ${JSON.stringify(result)}`);
  }
  const totalS = Number(process.hrtime.bigint() - start) / 1e9;
  times.sort((a, b) => a - b);
  const row = { p50_us: +percentile(times, 50).toFixed(2), p99_us: +percentile(times, 99).toFixed(2), ops_per_s: Math.round(ITERATIONS / totalS) };
  console.log(`  ${label.padEnd(10)} p50 ${row.p50_us.toFixed(2)} µs   p99 ${row.p99_us.toFixed(2)} µs   ${row.ops_per_s.toLocaleString()} ops/s`);
  return row;
}

async function waitForServer(url: string) {
  for (let i = 0; i < 200; i++) {
    if (await fetch(url).then((r) => r.ok, () => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error("server did not start");
}

function load(url: string, headers: Record<string, string>) {
  return new Promise<autocannon.Result>((resolve, reject) =>
    autocannon({ url, headers, connections: 16, duration: SECONDS, pipelining: 1 }, (err, result) => (err ? reject(err) : resolve(result))),
  );
}

async function main() {
  if (!fs.existsSync(".next/BUILD_ID")) throw new Error("No production build: run `npx next build` first.");
  console.log(`Seeding ${KEYS.toLocaleString()} keys into ${dbPath} …`);
  const { db, sample } = seed();
  const sqlite = db.$client;

  console.log(`In-process verification (${ITERATIONS.toLocaleString()} calls each):`);
  const unknown = Array.from({ length: 1000 }, () => generateToken("user").token);
  const malformed = unknown.map((t) => t.slice(0, -6) + (checksum("x") === t.slice(-6) ? "000000" : checksum("x")));
  const inProcess = {
    valid: measure("valid", (i) => [sample[i % sample.length]!.token, sample[i % sample.length]!.accountId], true, sqlite),
    unknown: measure("unknown", (i) => [unknown[i % unknown.length]!, sample[0]!.accountId], false, sqlite),
    malformed: measure("malformed", (i) => [malformed[i % malformed.length]!, sample[0]!.accountId], false, sqlite),
  };
  sqlite.close();

  console.log(`Production server on :${PORT}, autocannon ${SECONDS}s × 16 connections each:`);
  const server = spawn(process.execPath, ["server.mjs"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: String(PORT),
      DATABASE_PATH: dbPath,
      NEXTAUTH_URL: `http://localhost:${PORT}`,
      NEXTAUTH_SECRET: "bench-secret-bench-secret-bench-secret",
    },
    stdio: "ignore",
  });
  try {
    await waitForServer(`http://127.0.0.1:${PORT}/api/health`);
    const key = sample[0]!;
    const auth = { Authorization: `Bearer ${key.token}`, "X-Account-Id": key.accountId };
    const check = await fetch(`http://127.0.0.1:${PORT}/api/v1/me`, { headers: auth });
    if (check.status !== 200) throw new Error(`/api/v1/me answered ${check.status}`);
    await load(`http://127.0.0.1:${PORT}/api/health`, {}); // warm-up of both routes
    await load(`http://127.0.0.1:${PORT}/api/v1/me`, auth);
    const health = await load(`http://127.0.0.1:${PORT}/api/health`, {});
    const me = await load(`http://127.0.0.1:${PORT}/api/v1/me`, auth);
    const row = (r: autocannon.Result) => ({ req_per_s: Math.round(r.requests.average), p99_ms: r.latency.p99, non2xx: r.non2xx, errors: r.errors });
    const server_ = {
      health: row(health),
      me: row(me),
      ratio_req_per_s: +(me.requests.average / health.requests.average).toFixed(3),
      ratio_p99: +(me.latency.p99 / Math.max(health.latency.p99, 1)).toFixed(3),
    };
    console.log(`  GET /api/health  ${server_.health.req_per_s} req/s  p99 ${server_.health.p99_ms} ms`);
    console.log(`  GET /api/v1/me   ${server_.me.req_per_s} req/s  p99 ${server_.me.p99_ms} ms`);
    console.log(`  ratio req/s ${server_.ratio_req_per_s} (target ≥ 0.90), ratio p99 ${server_.ratio_p99} (target ≤ 1.25)`);
    const targets = {
      in_process_p50_le_25us: inProcess.valid.p50_us <= 25,
      in_process_p99_le_100us: inProcess.valid.p99_us <= 100,
      req_ratio_ge_0_90: server_.ratio_req_per_s >= 0.9,
      p99_ratio_le_1_25: server_.ratio_p99 <= 1.25,
    };
    const results = { date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, keys: KEYS, inProcess, server: server_, targets };
    fs.mkdirSync("bench/results", { recursive: true });
    fs.writeFileSync("bench/results/latest.json", JSON.stringify(results, null, 2));
    console.log("Targets:", targets);
    console.log("Wrote bench/results/latest.json");
  } finally {
    server.kill("SIGTERM");
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
