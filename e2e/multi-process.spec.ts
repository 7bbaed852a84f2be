// Two Latchkey processes on one PostgreSQL database behind a proxy (docs/operations.md#running-more-than-one-process).
// The proxy is a few lines of Node's http module, round-robin, as a load balancer in front of two instances would be.
// The cluster is this file's own (scripts/pg-cluster.mjs), since one test takes it down and brings it back. Runs in npm
// test's PostgreSQL pass.
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import http from "node:http";
import { expect, test } from "@playwright/test";
import postgres from "postgres";
// @ts-expect-error -- a plain .mjs helper shared with the test runner
import { startPostgres } from "../scripts/pg-cluster.mjs";
import { hashPassword } from "../lib/passwords";
import { generateToken } from "../lib/tokens";
import { freePorts, waitForUrl } from "./support/processes";

test.skip(process.env.E2E_DATABASE !== "postgresql", "runs in npm test's PostgreSQL pass");
test.describe.configure({ mode: "serial", timeout: 90_000 });

// Free ports, chosen in beforeAll (docs/operations.md#tests): two servers and the proxy in front of them.
const PORTS: [number, number] = [0, 0];
let PROXY_PORT = 0;
const origin = (port: number) => `http://127.0.0.1:${port}`;

let cluster: { url: string; down(): void; up(): void; stop(): Promise<void> };
let sql: postgres.Sql;
let proxy: http.Server;
const servers: ChildProcess[] = [];
let accountId: string;
let adminToken: string;

/** Until the server on `port` says it is healthy; fails at once if its process has exited. */
const waitForHealth = (port: number, timeout = 60_000) =>
  waitForUrl(`${origin(port)}/api/health`, { child: servers[PORTS.indexOf(port)], status: 200, timeout });

/** A service key straight into the shared database; returns its token and id. */
async function serviceKey(role: "admin" | "read_only", extra: { rateLimit?: number; expiresAt?: Date } = {}) {
  const t = generateToken("service");
  const id = randomUUID();
  await sql`
    INSERT INTO api_keys (id, kind, name, token_hash, hint, account_id, role, status, rate_limit, rate_limit_window, expires_at)
    VALUES (${id}, 'service', ${`key ${id.slice(0, 4)}`}, ${t.hash}, ${t.hint}, ${accountId}, ${role}, 'active',
            ${extra.rateLimit ?? null}, ${extra.rateLimit ? 86_400 : null}, ${extra.expiresAt ?? null})`;
  return { id, token: t.token };
}

const me = (port: number, token: string) =>
  fetch(`${origin(port)}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } });

test.beforeAll(async () => {
  cluster = await startPostgres();
  [PORTS[0], PORTS[1], PROXY_PORT] = (await freePorts(3)) as [number, number, number];
  sql = postgres(cluster.url, { max: 2, onnotice: () => {} });
  // Both processes start at once on an empty database: migrations take turns under the advisory lock.
  for (const port of PORTS) {
    const child = spawn(process.execPath, ["dist/server.mjs"], {
      stdio: "ignore",
      env: {
        ...process.env,
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        PORT: String(port),
        DATABASE_URL: cluster.url,
        NEXTAUTH_URL: origin(PROXY_PORT),
        NEXTAUTH_SECRET: "multi-process-secret-0123456789-abcdef",
        LATCHKEY_USAGE_WRITE_MS: "200",
        LATCHKEY_SWEEP_INTERVAL_MS: "300",
      },
    });
    servers.push(child);
  }
  await Promise.all(PORTS.map((p) => waitForHealth(p)));
  let next = 0;
  proxy = http.createServer((req, res) => {
    const port = PORTS[next++ % PORTS.length]!;
    const upstream = http.request(
      { host: "127.0.0.1", port, method: req.method, path: req.url, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, { ...up.headers, "x-upstream": String(port) });
        up.pipe(res);
      },
    );
    upstream.on("error", () => (res.headersSent ? res.end() : res.writeHead(502).end()));
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => proxy.listen(PROXY_PORT, "127.0.0.1", resolve));
  accountId = randomUUID();
  await sql`INSERT INTO accounts (id, name, plan) VALUES (${accountId}, 'Two processes', 'enterprise')`;
  adminToken = (await serviceKey("admin")).token;
});

test.afterAll(async () => {
  for (const s of servers) s.kill("SIGTERM");
  proxy?.close();
  await sql?.end({ timeout: 2 });
  await cluster?.stop();
});

test("both processes answer through the proxy, each naming PostgreSQL", async () => {
  const seen = new Set<string>();
  for (let i = 0; i < 4; i++) {
    const res = await fetch(`${origin(PROXY_PORT)}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", database: "postgresql" });
    seen.add(res.headers.get("x-upstream")!);
  }
  expect([...seen].sort()).toEqual(PORTS.map(String).sort());
});

test("a key deleted through one process is refused by the other at its very next request", async () => {
  const victim = await serviceKey("read_only");
  expect((await me(PORTS[1], victim.token)).status).toBe(200);
  const deleted = await fetch(`${origin(PORTS[0])}/api/v1/api-keys/${victim.id}`, {
    method: "DELETE",
    headers: { Authorization: `Bearer ${adminToken}` },
  });
  expect(deleted.status).toBe(204);
  const after = await me(PORTS[1], victim.token);
  expect(after.status).toBe(401);
  expect((await after.json()).error.code).toBe("invalid_key");
});

test("a per-key rate limit is one limit across both processes", async () => {
  const limited = await serviceKey("read_only", { rateLimit: 4 });
  const answers = [];
  for (let i = 0; i < 5; i++) {
    const res = await me(PORTS[i % 2]!, limited.token);
    answers.push([res.status, res.headers.get("ratelimit-remaining")]);
  }
  expect(answers).toEqual([
    [200, "3"],
    [200, "2"],
    [200, "1"],
    [200, "0"],
    [429, "0"],
  ]);
});

test("usage from both processes adds up, and last-used is recorded", async () => {
  const used = await serviceKey("read_only");
  for (let i = 0; i < 12; i++) expect((await me(PORTS[i < 5 ? 0 : 1], used.token)).status).toBe(200);
  await expect
    .poll(
      async () =>
        Number((await sql`SELECT coalesce(sum(count), 0) AS n FROM key_usage_daily WHERE key_id = ${used.id}`)[0]!.n),
      { timeout: 15_000 },
    )
    .toBe(12);
  const [row] = await sql`SELECT last_used_at FROM api_keys WHERE id = ${used.id}`;
  expect(row!.last_used_at).not.toBeNull();
});

test("the expiry sweep records each expiry once, however many processes sweep", async () => {
  const keys = await Promise.all(
    [1, 2, 3].map(() => serviceKey("read_only", { expiresAt: new Date(Date.now() + 1_500) })),
  );
  const ids = keys.map((k) => k.id);
  await expect
    .poll(
      async () =>
        Number(
          (await sql`SELECT count(*) AS n FROM api_keys WHERE id = ANY(${ids}) AND expired_recorded_at IS NOT NULL`)[0]!
            .n,
        ),
      { timeout: 20_000 },
    )
    .toBe(3);
  // Several more sweep rounds, awaited rather than slept for: each marker key, made already expired once
  // the one before it was recorded, is recorded by a later round (of whichever process holds the lock).
  for (let round = 0; round < 4; round++) {
    const marker = await serviceKey("read_only", { expiresAt: new Date(Date.now() - 1_000) });
    await expect
      .poll(
        async () =>
          (await sql`SELECT expired_recorded_at FROM api_keys WHERE id = ${marker.id}`)[0]!.expired_recorded_at,
        { timeout: 20_000 },
      )
      .not.toBeNull();
  }
  const events =
    await sql`SELECT target_id, count(*) AS n FROM audit_events WHERE action = 'api_key.expired' AND target_id = ANY(${ids}) GROUP BY target_id`;
  expect(events.map((e) => [e.target_id, Number(e.n)]).sort()).toEqual(ids.map((id) => [id, 1]).sort());
});

test("with the database gone, health says 503 and the API never 500s; both recover without a restart", async () => {
  const key = await serviceKey("read_only");
  const statuses: number[] = [];
  let loading = true;
  /** Load rounds finished so far (each adds a health and an API status). */
  const rounds = () => statuses.length / 2;
  const load = (async () => {
    while (loading) {
      const [health, call] = await Promise.all([fetch(`${origin(PROXY_PORT)}/api/health`), me(PROXY_PORT, key.token)]);
      statuses.push(health.status, call.status);
      await Promise.all([health.arrayBuffer(), call.arrayBuffer()]);
    }
  })();
  // The load is under way before the database goes: a few rounds answered.
  await expect.poll(rounds, { timeout: 15_000 }).toBeGreaterThanOrEqual(3);
  cluster.down();
  await expect
    .poll(async () => (await fetch(`${origin(PROXY_PORT)}/api/health`)).status, { timeout: 15_000 })
    .toBe(503);
  const outage = await fetch(`${origin(PROXY_PORT)}/api/health`);
  expect(await outage.json()).toEqual({ status: "unavailable", database: "postgresql" });
  const during = await me(PROXY_PORT, key.token);
  expect(during.status).toBe(503);
  expect((await during.json()).error.code).toBe("unavailable");
  // The load goes on through the outage: a few more rounds answered while the database is down.
  const atOutage = rounds();
  await expect.poll(() => rounds() - atOutage, { timeout: 15_000 }).toBeGreaterThanOrEqual(3);
  cluster.up();
  for (const port of PORTS) await waitForHealth(port, 30_000);
  // Each process answers the API again, asked directly (through the proxy the load's requests interleave
  // with these, so two in a row could meet the same process), and so does the proxy.
  for (const port of [...PORTS, PROXY_PORT])
    await expect
      .poll(async () => (await me(port, key.token)).status, { timeout: 15_000, message: `GET /api/v1/me on ${port}` })
      .toBe(200);
  loading = false;
  await load;
  expect(statuses.filter((s) => s >= 500 && s !== 503)).toEqual([]);
  expect(statuses).toContain(503);
  expect(servers.every((s) => s.exitCode === null)).toBe(true);
});

test("a signed-in console page says the database is unreachable, then comes back by itself", async ({ page }) => {
  const email = `outage-${randomUUID().slice(0, 8)}@example.test`;
  const password = "outage drill password";
  const userId = randomUUID();
  await sql`INSERT INTO users (id, email, name, password_hash) VALUES (${userId}, ${email}, 'Outage Drill', ${await hashPassword(password)})`;
  await sql`INSERT INTO memberships (account_id, user_id, role) VALUES (${accountId}, ${userId}, 'owner')`;
  const base = origin(PROXY_PORT);
  await page.goto(`${base}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/settings\//);

  cluster.down();
  await expect.poll(async () => (await fetch(`${base}/api/health`)).status, { timeout: 15_000 }).toBe(503);
  await page.goto(`${base}/settings/account/api-keys`);
  await expect(page.getByRole("heading", { name: "Latchkey can’t reach its database" })).toBeVisible();
  await expect(page.getByRole("status")).toHaveText(/Waiting for the database/);

  // No reload by the user: the page checks health itself and renders again once it answers.
  cluster.up();
  await expect(page.getByRole("heading", { name: "API keys", level: 1 })).toBeVisible({ timeout: 30_000 });
  expect(page.url()).toBe(`${base}/settings/account/api-keys`);
});
