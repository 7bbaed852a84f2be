// npm run bench — the performance targets of docs/performance.md, measured in one run:
//  1. in-process key verification at 100,000 keys (valid, unknown, malformed): p50, p99, ops/s;
//  2. over loopback against the production server (wrk if installed, else autocannon; 16 connections):
//     - authenticated GET /api/v1/me on the lean path;
//     - the same answer without the key check (GET /api/v1/bench/me, bench/routes.ts, served only by
//       the bench's own entry bench/server.ts, never by a production build): the price of
//       authentication alone, in req/s and p99;
//     - the trivial GET /api/health, for scale;
//     - the same authenticated /me through a Next route handler (/api/compare/me), and lean / Next;
//     - a write, POST /api/v1/checks, with synchronous=FULL, and POST /api/v1/keys/verify;
//  3. with --postgres, the same on a throw-away PostgreSQL cluster: in-process verification, and /me
//     with one and with two processes (bench/postgres.ts);
//  4. the client's offline access-token check against a bare crypto.verify, and Better Auth's api-key
//     plugin at the same key count (`--no-better-auth` skips it; it installs into a cache folder).
// Needs a production build (`npm run build`). Writes bench/results/latest.json.
import { spawn, spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { closeDatabase, nativeOf, openDatabase, type DB } from "../db/connection";
import { verifyKey } from "../lib/api-auth";
import { checksum, generateToken } from "../lib/tokens";
import { ensureSigningKey, issueAccessToken, jwks } from "../lib/access-tokens";
import { LatchkeyClient } from "../client";
import { benchBetterAuth } from "./better-auth";
import { benchPostgres } from "./postgres";
import { freePort } from "../scripts/free-port.mjs";
import { measureFirstLoadJs } from "./first-load-js";
import { seedDemoData } from "../lib/demo-data";
import { createPublicKey, verify as cryptoVerify } from "node:crypto";

const KEYS = Number(process.env.BENCH_KEYS ?? 100_000);
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 50_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
/** BENCH_PORT, else a free port chosen at start (docs/operations.md#tests: no fixed ports). */
let PORT = 0;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "latchkey-bench-"));
const dbPath = path.join(dir, "bench.db");

function seed() {
  const db = openDatabase(dbPath);
  const sqlite = sqliteOf(db);
  const accountsN = 1000;
  const usersN = 5000;
  const accountIds = Array.from({ length: accountsN }, () => randomUUID());
  const userIds = Array.from({ length: usersN }, () => randomUUID());
  const sample: { token: string; accountId: string; userId: string }[] = [];
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
      insertKey.run(
        randomUUID(),
        service ? "service" : "user",
        `key ${i}`,
        t.hash,
        t.hint,
        service ? null : userIds[userIndex],
        accountId,
        service ? "read_only" : null,
      );
      if (!service && sample.length < 1000 && i % 97 === 1)
        sample.push({ token: t.token, accountId, userId: userIds[userIndex]! });
    }
  })();
  // A service key that may write checks, for the write benchmark.
  const writer = generateToken("service");
  insertKey.run(randomUUID(), "service", "bench writer", writer.hash, writer.hint, null, accountIds[0], "read_write");
  // A key with every limit of docs/concepts.md#restrictions-rate-limits-and-allow-lists: restricted permissions, a rate
  // limit, and a 50-entry allow-list whose only match is its last entry (the worst case of the scan).
  const limited = generateToken("service");
  const allowList = [...Array.from({ length: 48 }, (_, i) => `10.${i}.0.0/16`), "2001:db8::/32", "192.0.2.0/24"];
  sqlite
    .prepare(
      "INSERT INTO api_keys (id, kind, name, token_hash, hint, account_id, role, status, permissions, rate_limit, rate_limit_window, allowed_ips) VALUES (?, 'service', 'bench limited', ?, ?, ?, 'admin', 'active', ?, 1000000000, 86400, ?)",
    )
    .run(
      randomUUID(),
      limited.hash,
      limited.hint,
      accountIds[1],
      JSON.stringify({ checks: "read", members: "none", api_keys: "none", audit_log: "none" }),
      JSON.stringify(allowList),
    );
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  // A long-lived database gets statistics (PRAGMA optimize, ANALYZE); the plan must stay good with them.
  sqlite.exec("ANALYZE");
  return { db, sample, writerToken: writer.token, limitedToken: limited.token };
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function sqliteOf(db: DB) {
  const native = nativeOf(db);
  if (native.dialect !== "sqlite") throw new Error("SQLite only");
  return native.sqlite;
}

async function measure(
  label: string,
  next: (i: number) => [string, string | null, string?],
  expectOk: boolean,
  db: DB,
) {
  for (let i = 0; i < 5000; i++) {
    const [token, account, ip] = next(i);
    await verifyKey(db, token, account, Date.now(), ip ?? null); // warm-up
  }
  const times = new Array<number>(ITERATIONS);
  const start = process.hrtime.bigint();
  for (let i = 0; i < ITERATIONS; i++) {
    const [token, account, ip] = next(i);
    const t0 = process.hrtime.bigint();
    const pending = verifyKey(db, token, account, Date.now(), ip ?? null);
    // SQLite answers synchronously: no await (and no microtask) inside its timing.
    const result = pending instanceof Promise ? await pending : pending;
    times[i] = Number(process.hrtime.bigint() - t0) / 1000;
    if (result.ok !== expectOk) throw new Error(`${label}: unexpected result ${JSON.stringify(result)}`);
  }
  const totalS = Number(process.hrtime.bigint() - start) / 1e9;
  times.sort((a, b) => a - b);
  const row = {
    p50_us: +percentile(times, 50).toFixed(2),
    p99_us: +percentile(times, 99).toFixed(2),
    ops_per_s: Math.round(ITERATIONS / totalS),
  };
  console.log(
    `  ${label.padEnd(10)} p50 ${row.p50_us.toFixed(2)} µs   p99 ${row.p99_us.toFixed(2)} µs   ${row.ops_per_s.toLocaleString()} ops/s`,
  );
  return row;
}

/**
 * The client's offline verifyAccessToken (JWKS cached after the first call) against a bare
 * crypto.verify of the same ES256 signature, p50 and p99 in the same run.
 */
async function measureAccessTokens(db: ReturnType<typeof openDatabase>, key: { token: string; accountId: string }) {
  const result = await verifyKey(db, key.token, key.accountId);
  if (!result.ok) throw new Error("sample key did not verify");
  const signing = await ensureSigningKey(db);
  const { token } = await issueAccessToken(db, result.actor);
  // The client fetches the JWKS once; a local fetch stands in for the network.
  const jwksBody = JSON.stringify(await jwks(db));
  const client = new LatchkeyClient({
    baseUrl: process.env.NEXTAUTH_URL ?? "http://localhost:3000",
    fetch: async () => new Response(jwksBody),
  });
  const issuerOrigin = new URL(process.env.NEXTAUTH_URL ?? "http://localhost:3000").origin;
  process.env.NEXTAUTH_URL ??= issuerOrigin;
  const n = Math.min(ITERATIONS, 20_000);
  for (let i = 0; i < 500; i++)
    if (!(await client.verifyAccessToken(token)).valid) throw new Error("access token did not verify");
  const clientTimes: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    await client.verifyAccessToken(token);
    clientTimes.push(Number(process.hrtime.bigint() - t0) / 1000);
  }
  const [h, p, s] = token.split(".") as [string, string, string];
  const publicKey = createPublicKey({ key: signing.publicJwk as import("node:crypto").JsonWebKey, format: "jwk" });
  const data = Buffer.from(`${h}.${p}`);
  const sig = Buffer.from(s, "base64url");
  const bareTimes: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    if (!cryptoVerify("sha256", data, { key: publicKey, dsaEncoding: "ieee-p1363" }, sig))
      throw new Error("bare verify failed");
    bareTimes.push(Number(process.hrtime.bigint() - t0) / 1000);
  }
  clientTimes.sort((a, b) => a - b);
  bareTimes.sort((a, b) => a - b);
  const row = {
    client_p50_us: +percentile(clientTimes, 50).toFixed(1),
    client_p99_us: +percentile(clientTimes, 99).toFixed(1),
    bare_p50_us: +percentile(bareTimes, 50).toFixed(1),
    bare_p99_us: +percentile(bareTimes, 99).toFixed(1),
    ratio_p50: +(percentile(clientTimes, 50) / percentile(bareTimes, 50)).toFixed(2),
  };
  console.log(`Access tokens (ES256), ${n.toLocaleString()} verifications each:`);
  console.log(`  client verifyAccessToken  p50 ${row.client_p50_us} µs   p99 ${row.client_p99_us} µs`);
  console.log(
    `  bare crypto.verify        p50 ${row.bare_p50_us} µs   p99 ${row.bare_p99_us} µs   ratio p50 ${row.ratio_p50} (target ≤ 1.5)`,
  );
  return row;
}

async function waitForServer(url: string) {
  for (let i = 0; i < 200; i++) {
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error("server did not start");
}

interface LoadResult {
  req_per_s: number;
  p50_ms: number;
  p99_ms: number;
  non2xx: number;
  errors: number;
}

// The load generator: wrk (C, Debian's `wrk`) when installed — it leaves more of the 2 cores to the
// server — otherwise autocannon (Node). BENCH_LOADER=autocannon forces the latter. 16 connections.
const WRK = process.env.BENCH_LOADER !== "autocannon" && spawnSync("wrk", ["--version"]).error === undefined;
const LOADER = WRK ? "wrk" : "autocannon";

async function load(
  url: string,
  headers: Record<string, string>,
  extra: { method?: "POST"; body?: string; connections?: number } = {},
  duration = SECONDS,
): Promise<LoadResult> {
  const { connections = 16, ...request } = extra;
  if (!WRK) {
    const r = await new Promise<autocannon.Result>((resolve, reject) =>
      autocannon({ url, headers, connections, duration, pipelining: 1, ...request }, (err, result) =>
        err ? reject(err) : resolve(result),
      ),
    );
    return {
      req_per_s: Math.round(r.requests.average),
      p50_ms: r.latency.p50,
      p99_ms: r.latency.p99,
      non2xx: r.non2xx,
      errors: r.errors,
    };
  }
  const script = path.join(dir, `wrk-${randomUUID()}.lua`);
  const lua = [
    `wrk.method = ${JSON.stringify(extra.method ?? "GET")}`,
    extra.body ? `wrk.body = ${JSON.stringify(extra.body)}` : "",
    ...Object.entries(headers).map(([k, v]) => `wrk.headers[${JSON.stringify(k)}] = ${JSON.stringify(v)}`),
    // Count answers that are not 2xx, as autocannon does.
    "local bad = 0",
    "response = function(status) if status >= 300 then bad = bad + 1 end end",
    'done = function() io.write("NON2XX " .. bad .. "\\n") end',
  ].join("\n");
  fs.writeFileSync(script, lua);
  const out = await new Promise<string>((resolve) => {
    const child = spawn("wrk", ["-t1", `-c${connections}`, `-d${duration}s`, "--latency", "-s", script, url]);
    let text = "";
    child.stdout.on("data", (d) => (text += d));
    child.on("close", () => resolve(text));
  });
  const ms = (v: string | undefined) =>
    v === undefined
      ? NaN
      : v.endsWith("us")
        ? parseFloat(v) / 1000
        : v.endsWith("ms")
          ? parseFloat(v)
          : parseFloat(v) * 1000;
  return {
    req_per_s: Math.round(Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0)),
    p50_ms: +ms(/\s50%\s+([\d.]+\w+)/.exec(out)?.[1]).toFixed(2),
    p99_ms: +ms(/\s99%\s+([\d.]+\w+)/.exec(out)?.[1]).toFixed(2),
    non2xx: Number(/NON2XX (\d+)/.exec(out)?.[1] ?? 0),
    errors: Number(/Socket errors: .*?(\d+)/.exec(out)?.[1] ?? 0),
  };
}

async function main() {
  PORT = process.env.BENCH_PORT ? Number(process.env.BENCH_PORT) : await freePort();
  if (!fs.existsSync(".next/BUILD_ID") || !fs.existsSync("node_modules/@latchkey/domain/server.js"))
    throw new Error("No production build: run `npm run build` first.");
  console.log(`Seeding ${KEYS.toLocaleString()} keys into ${dbPath} …`);
  const { db, sample, writerToken, limitedToken } = seed();
  // The demo data too: its owner signs in to measure the settings pages' JavaScript.
  await seedDemoData(db);

  console.log(`In-process verification (${ITERATIONS.toLocaleString()} calls each):`);
  const unknown = Array.from({ length: 1000 }, () => generateToken("user").token);
  const malformed = unknown.map((t) => t.slice(0, -6) + (checksum("x") === t.slice(-6) ? "000000" : checksum("x")));
  const inProcess = {
    valid: await measure(
      "valid",
      (i) => [sample[i % sample.length]!.token, sample[i % sample.length]!.accountId],
      true,
      db,
    ),
    unknown: await measure("unknown", (i) => [unknown[i % unknown.length]!, sample[0]!.accountId], false, db),
    malformed: await measure("malformed", (i) => [malformed[i % malformed.length]!, sample[0]!.accountId], false, db),
    // Restricted, rate-limited, 50-entry allow-list (section 9): the same targets apply.
    limited: await measure("limited", () => [limitedToken, null, "192.0.2.10"], true, db),
  };
  const tokens = await measureAccessTokens(db, sample[0]!);
  await closeDatabase(db);

  // Better Auth's api-key plugin, same key count, same machine, same run (bench/better-auth.ts).
  let betterAuth:
    | { version: string; keys: number; p50_us: number; p99_us: number; latchkey_p50_us: number; ratio_p50: number }
    | { skipped: string };
  if (process.argv.includes("--no-better-auth")) betterAuth = { skipped: "--no-better-auth" };
  else {
    try {
      console.log(`Better Auth api-key verifyApiKey at ${KEYS.toLocaleString()} keys (rate limit off):`);
      const r = await benchBetterAuth(KEYS, Math.min(ITERATIONS, 5_000));
      betterAuth = {
        ...r,
        latchkey_p50_us: inProcess.valid.p50_us,
        ratio_p50: +(r.p50_us / inProcess.valid.p50_us).toFixed(1),
      };
      console.log(
        `  better-auth ${r.version}  p50 ${r.p50_us} µs   p99 ${r.p99_us} µs   — Latchkey p50 ${inProcess.valid.p50_us} µs: ${betterAuth.ratio_p50}× faster`,
      );
    } catch (error) {
      betterAuth = { skipped: error instanceof Error ? error.message : String(error) };
      console.log(`  skipped: ${betterAuth.skipped}`);
    }
  }

  console.log(
    `Production server on :${PORT}, ${LOADER} ${SECONDS}s × 16 connections each, beside it on the same machine:`,
  );
  // The production server plus the bench's own route (bench/server.ts), which the production build lacks.
  const server = spawn(path.resolve("node_modules/.bin/tsx"), ["bench/server.ts"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: String(PORT),
      DATABASE_PATH: dbPath,
      NEXTAUTH_URL: `http://localhost:${PORT}`,
      NEXTAUTH_SECRET: "bench-secret-bench-secret-bench-secret",
      // Turns on the Next route handler /api/compare/me (app/api/compare/me/route.ts).
      LATCHKEY_BENCH_ROUTES: "1",
      LATCHKEY_KEY_FAILURE_LIMIT: "1000000",
    },
    stdio: "ignore",
  });
  try {
    const base = `http://127.0.0.1:${PORT}`;
    await waitForServer(`${base}/api/health`);
    const key = sample[0]!;
    const auth = { Authorization: `Bearer ${key.token}`, "X-Account-Id": key.accountId };
    const twin = { "X-Account-Id": key.accountId, "X-Bench-User": key.userId };
    for (const [path, headers] of [
      ["/api/v1/me", auth],
      ["/api/v1/bench/me", twin],
      ["/api/compare/me", auth],
    ] as const) {
      const res = await fetch(base + path, { headers });
      if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
    }
    const write = {
      method: "POST" as const,
      body: JSON.stringify({ name: "Bench check", url: "https://bench.test/health" }),
    };
    const writeHeaders = { Authorization: `Bearer ${writerToken}`, "Content-Type": "application/json" };
    // Warm-up of every route, then the measured runs.
    for (const [path, headers] of [
      ["/api/v1/me", auth],
      ["/api/v1/bench/me", twin],
      ["/api/health", {}],
      ["/api/compare/me", auth],
    ] as const)
      await load(base + path, headers, {}, 3);
    await load(`${base}/api/v1/checks`, writeHeaders, write, 3);
    const firstLoadJs = await measureFirstLoadJs(`http://localhost:${PORT}`).catch((e) => ({ error: String(e) }));
    console.log("  First-load JS of the settings pages, gzipped (kB):", firstLoadJs);
    const me = await load(`${base}/api/v1/me`, auth);
    const unauthenticated = await load(`${base}/api/v1/bench/me`, twin);
    const health = await load(`${base}/api/health`, {});
    const next = await load(`${base}/api/compare/me`, auth);
    const writes = await load(`${base}/api/v1/checks`, writeHeaders, write);
    const verifyBody = {
      method: "POST" as const,
      body: JSON.stringify({ key: key.token, accountId: key.accountId, permission: "checks:read" }),
    };
    await load(`${base}/api/v1/keys/verify`, { "Content-Type": "application/json" }, verifyBody, 3);
    const verifies = await load(`${base}/api/v1/keys/verify`, { "Content-Type": "application/json" }, verifyBody);
    const serverResults = {
      me,
      unauthenticated,
      health,
      next,
      writes,
      verifies,
      ratio_req_per_s: +(me.req_per_s / unauthenticated.req_per_s).toFixed(3),
      ratio_p99: +(me.p99_ms / Math.max(unauthenticated.p99_ms, 1)).toFixed(3),
      lean_over_next: +(me.req_per_s / next.req_per_s).toFixed(2),
    };
    const line = (label: string, r: LoadResult) =>
      console.log(
        `  ${label.padEnd(46)} ${String(r.req_per_s).padStart(6)} req/s   p50 ${r.p50_ms} ms   p99 ${r.p99_ms} ms${r.non2xx ? `   non-2xx ${r.non2xx}` : ""}`,
      );
    line("GET /api/v1/me (lean, authenticated)", me);
    line("GET /api/v1/bench/me (lean, same answer, no key)", unauthenticated);
    line("GET /api/health (lean, trivial)", health);
    line("GET /api/compare/me (Next route handler, auth)", next);
    line("POST /api/v1/checks (lean, write, sync=FULL)", writes);
    line("POST /api/v1/keys/verify (lean, valid key)", verifies);
    console.log(
      `  authenticated / unauthenticated: req/s ${serverResults.ratio_req_per_s} (target ≥ 0.90), p99 ${serverResults.ratio_p99} (target ≤ 1.25)`,
    );
    console.log(`  lean / Next for the same request: ${serverResults.lean_over_next}×`);
    const targets = {
      in_process_p50_le_25us: inProcess.valid.p50_us <= 25,
      in_process_p99_le_100us: inProcess.valid.p99_us <= 100,
      limited_key_p50_le_25us: inProcess.limited.p50_us <= 25,
      limited_key_p99_le_100us: inProcess.limited.p99_us <= 100,
      me_ge_10000_req_per_s: me.req_per_s >= 10_000,
      req_ratio_ge_0_90: serverResults.ratio_req_per_s >= 0.9,
      p99_ratio_le_1_25: serverResults.ratio_p99 <= 1.25,
      writes_ge_2000_req_per_s: writes.req_per_s >= 2_000,
      verify_ge_8000_req_per_s: verifies.req_per_s >= 8_000,
      access_token_p50_le_1_5x_bare_verify: tokens.ratio_p50 <= 1.5,
    };
    // PostgreSQL beside SQLite, in the same run (docs/performance.md).
    let postgresResults: Awaited<ReturnType<typeof benchPostgres>> | { skipped: string } = {
      skipped: "run with --postgres",
    };
    if (process.argv.includes("--postgres")) {
      server.kill("SIGTERM");
      postgresResults = await benchPostgres({ keys: KEYS, iterations: ITERATIONS, load, waitForServer });
      console.log(
        `  beside SQLite: in-process p50 ${inProcess.valid.p50_us} µs / p99 ${inProcess.valid.p99_us} µs, GET /api/v1/me ${me.req_per_s} req/s (one process)`,
      );
    }
    const results = {
      date: new Date().toISOString(),
      node: process.version,
      cpus: os.cpus().length,
      keys: KEYS,
      loader: LOADER,
      inProcess,
      accessTokens: tokens,
      betterAuth,
      server: { ...serverResults, firstLoadJs },
      postgres: postgresResults,
      targets,
    };
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
