// `npm run bench -- --postgres` (docs/performance.md): the same key count on a throw-away PostgreSQL
// cluster (scripts/pg-cluster.mjs), measured beside SQLite's figures of the same run:
//  - in-process verification (verifyKey over postgres.js, one call at a time): p50, p99;
//  - authenticated GET /api/v1/me against one production process, then against two processes on the
//    same database, each loaded by its own wrk (half the connections each; no proxy in between, which
//    on 2 cores would measure the proxy).
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import postgres from "postgres";
// @ts-expect-error -- a plain .mjs helper shared with the test runner
import { startPostgres } from "../scripts/pg-cluster.mjs";
import { freePorts } from "../scripts/free-port.mjs";
import { closeDatabase, migrateDatabase, openPostgres } from "../db/connection";
import { verifyKey } from "../lib/api-auth";
import { generateToken } from "../lib/tokens";

export interface LoadResult {
  req_per_s: number;
  p50_ms: number;
  p99_ms: number;
  non2xx: number;
  errors: number;
}
type Load = (
  url: string,
  headers: Record<string, string>,
  extra?: { connections?: number },
  duration?: number,
) => Promise<LoadResult>;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

export async function benchPostgres(options: {
  keys: number;
  iterations: number;
  load: Load;
  waitForServer: (url: string) => Promise<void>;
}) {
  const cluster = await startPostgres();
  const url: string = cluster.url;
  const servers: ChildProcess[] = [];
  try {
    const db = openPostgres(url);
    await migrateDatabase(db);
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    console.log(`PostgreSQL: seeding ${options.keys.toLocaleString()} keys …`);
    const accountIds = Array.from({ length: 1000 }, () => randomUUID());
    const userIds = Array.from({ length: 5000 }, () => randomUUID());
    await sql`INSERT INTO accounts (id, name, plan) SELECT id, 'Account', 'enterprise' FROM unnest(${accountIds}::text[]) AS id`;
    await sql`INSERT INTO users (id, email, name, password_hash) SELECT id, id || '@bench.test', 'User', 'x' FROM unnest(${userIds}::text[]) AS id`;
    const roles = ["owner", "admin", "read_write", "read_only"];
    await sql`INSERT INTO memberships (account_id, user_id, role)
      SELECT a, u, r FROM unnest(${userIds.map((_, i) => accountIds[i % 1000]!)}::text[], ${userIds}::text[], ${userIds.map((_, i) => roles[i % 4]!)}::text[]) AS t(a, u, r)`;
    const sample: { token: string; accountId: string }[] = [];
    for (let start = 0; start < options.keys; start += 10_000) {
      const rows = Array.from({ length: Math.min(10_000, options.keys - start) }, (_, j) => {
        const i = start + j;
        const t = generateToken("user");
        const userIndex = i % 5000;
        const accountId = accountIds[userIndex % 1000]!;
        if (sample.length < 1000 && i % 97 === 1) sample.push({ token: t.token, accountId });
        return { id: randomUUID(), hash: t.hash, hint: t.hint, user: userIds[userIndex]!, account: accountId };
      });
      await sql`INSERT INTO api_keys (id, kind, name, token_hash, hint, owner_user_id, account_id, status)
        SELECT id, 'user', 'key', h, hint, u, a, 'active'
        FROM unnest(${rows.map((r) => r.id)}::text[], ${rows.map((r) => r.hash)}::text[], ${rows.map((r) => r.hint)}::text[], ${rows.map((r) => r.user)}::text[], ${rows.map((r) => r.account)}::text[]) AS t(id, h, hint, u, a)`;
    }
    await sql`ANALYZE`;
    await sql.end();

    // In process: one verification at a time, awaited (the round trip to the server included).
    for (let i = 0; i < 2000; i++)
      await verifyKey(db, sample[i % sample.length]!.token, sample[i % sample.length]!.accountId);
    const n = Math.min(options.iterations, 20_000);
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      const s = sample[i % sample.length]!;
      const t0 = process.hrtime.bigint();
      const result = await verifyKey(db, s.token, s.accountId);
      times.push(Number(process.hrtime.bigint() - t0) / 1000);
      if (!result.ok) throw new Error("PostgreSQL bench key did not verify");
    }
    times.sort((a, b) => a - b);
    const inProcess = { p50_us: +percentile(times, 50).toFixed(1), p99_us: +percentile(times, 99).toFixed(1) };
    console.log(`  in-process verification on PostgreSQL   p50 ${inProcess.p50_us} µs   p99 ${inProcess.p99_us} µs`);
    await closeDatabase(db);

    const start = (port: number) => {
      const child = spawn(process.execPath, ["dist/server.mjs"], {
        env: {
          ...process.env,
          NODE_ENV: "production",
          NEXT_TELEMETRY_DISABLED: "1",
          PORT: String(port),
          DATABASE_URL: url,
          NEXTAUTH_URL: `http://localhost:${port}`,
          NEXTAUTH_SECRET: "bench-secret-bench-secret-bench-secret",
          LATCHKEY_KEY_FAILURE_LIMIT: "1000000",
        },
        stdio: "ignore",
      });
      servers.push(child);
      return options.waitForServer(`http://127.0.0.1:${port}/api/health`);
    };
    const key = sample[0]!;
    const auth = { Authorization: `Bearer ${key.token}`, "X-Account-Id": key.accountId };
    // Two free ports chosen now (docs/operations.md#tests: no fixed ports).
    const ports = await freePorts(2);
    await start(ports[0]!);
    await options.load(`http://127.0.0.1:${ports[0]}/api/v1/me`, auth, {}, 3);
    const one = await options.load(`http://127.0.0.1:${ports[0]}/api/v1/me`, auth);
    await start(ports[1]!);
    await options.load(`http://127.0.0.1:${ports[1]}/api/v1/me`, auth, {}, 3);
    const both = await Promise.all(
      ports.map((p) => options.load(`http://127.0.0.1:${p}/api/v1/me`, auth, { connections: 8 })),
    );
    const two = {
      req_per_s: both[0]!.req_per_s + both[1]!.req_per_s,
      p99_ms: Math.max(both[0]!.p99_ms, both[1]!.p99_ms),
      non2xx: both[0]!.non2xx + both[1]!.non2xx,
    };
    const scaling = +(two.req_per_s / one.req_per_s).toFixed(2);
    console.log(
      `  GET /api/v1/me on PostgreSQL, 1 process  ${String(one.req_per_s).padStart(6)} req/s   p99 ${one.p99_ms} ms${one.non2xx ? `   non-2xx ${one.non2xx}` : ""}`,
    );
    console.log(
      `  GET /api/v1/me on PostgreSQL, 2 processes ${String(two.req_per_s).padStart(6)} req/s   p99 ${two.p99_ms} ms${two.non2xx ? `   non-2xx ${two.non2xx}` : ""}`,
    );
    console.log(`  two / one: ${scaling}× (target ≥ 1.6)`);
    return {
      inProcess,
      oneProcess: one,
      twoProcesses: two,
      scaling,
      targets: { two_processes_ge_1_6x: scaling >= 1.6 },
    };
  } finally {
    for (const s of servers) s.kill("SIGTERM");
    await cluster.stop();
  }
}
