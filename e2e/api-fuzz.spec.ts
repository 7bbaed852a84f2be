// 600 generated malformed requests, then undecodable paths, oversized and slow bodies and control characters (methods,
// paths, headers, bodies, tokens, account IDs) against the production server: none may be answered with a 5xx.
import { randomUUID } from "node:crypto";
import http from "node:http";
import { expect, test } from "@playwright/test";
import { checksum, generateToken } from "../lib/tokens";
import { BASE_URL } from "../playwright.config";
import { makeTeamWithKeys } from "./support/db";

// A seeded PRNG (mulberry32) so a failure names a reproducible case.
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test("600 malformed requests get no 5xx", async ({ request }) => {
  test.setTimeout(120_000);
  const { account, members } = await makeTeamWithKeys();
  const rand = prng(20261122);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const junk = (n: number) =>
    Array.from({ length: n }, () => String.fromCharCode(Math.floor(rand() * 0x2fff) + 1)).join("");
  // Header values may only carry visible ASCII and Latin-1 (clients refuse to send anything else).
  const headerJunk = (n: number) =>
    Array.from({ length: n }, () =>
      String.fromCharCode(rand() < 0.8 ? 0x21 + Math.floor(rand() * 94) : 0xa1 + Math.floor(rand() * 94)),
    ).join("");
  const validBody = (body: string) => body + checksum(body);

  const tokens = [
    undefined,
    "",
    members.owner.token,
    members.owner.token,
    members.owner.token,
    members.read_only.token,
    "lka_DemoLegacyKey00000000000000000000McM6P",
    generateToken("service").token,
    validBody("lku_" + "A".repeat(32)),
    "lku_" + "a".repeat(38),
    "lku_" + headerJunk(38),
    members.owner.token.slice(0, -1) + "!",
    members.owner.token + members.owner.token,
    "x".repeat(5000),
    "lks_' OR 1=1 --" + "0".repeat(24),
    "null",
    headerJunk(12),
  ];
  const authHeaders = (t: string | undefined) =>
    t === undefined
      ? pick([undefined, "Bearer", "Bearer ", "Token abc", "bearer", headerJunk(20)])
      : pick([`Bearer ${t}`, `bearer ${t}`, `Bearer  ${t} `, t]);
  const accountIds = [
    undefined,
    account.id,
    account.id,
    account.id,
    randomUUID(),
    "",
    "not-a-uuid",
    account.id.toUpperCase(),
    "00000000-0000-0000-0000-000000000000",
    "' OR 1=1",
    "x".repeat(3000),
  ];
  const ids = [
    randomUUID(),
    "abc",
    "..%2F..%2Fetc%2Fpasswd",
    "%00",
    "1".repeat(500),
    "%E2%82%AC",
    members.owner.user.id,
    "null",
    "-1",
  ];
  const paths = [
    "/api/v1/me",
    "/api/v1/checks",
    () => `/api/v1/checks/${pick(ids)}`,
    "/api/v1/members",
    () => `/api/v1/members/${pick(ids)}`,
    "/api/v1/openapi.json",
    "/api/v1/",
    () => `/api/v1/${pick(ids)}/${pick(ids)}`,
    "/api/v1/checks?limit=-1&cursor=%ZZ",
    "/api/v1/api-keys",
    () => `/api/v1/api-keys/${pick(ids)}`,
    "/api/v1/leaks",
    "/api/v1/audit-log?limit=abc&cursor=-5",
    () => `/api/v1/audit-log?cursor=${pick(ids)}&action=${pick(ids)}`,
    "/api/health",
    "/api/v1/keys/verify",
    "/api/v1/token",
    "/.well-known/jwks.json",
    () => `/api/v1/api-keys/${pick(ids)}/rotate`,
    "/api/v1/api-keys/self/rotate",
  ] as const;
  const bodies = [
    undefined,
    "",
    "{",
    "null",
    "[]",
    "42",
    '"string"',
    '{"name":null}',
    '{"name":"ok","url":"https://ok.test"}',
    '{"name":"x","url":"not a url","active":"true"}',
    JSON.stringify({ name: "x".repeat(10_000), url: "https://a.test" }),
    JSON.stringify({ name: "n", url: "https://a.test", extra: { nested: [1, { deep: true }] } }),
    "[".repeat(5000) + "]".repeat(5000),
    JSON.stringify({ __proto__: { admin: true }, constructor: { prototype: {} } }),
    "x".repeat(80_000),
    JSON.stringify([{ token: "lku_x", url: "javascript:alert(1)" }, { token: 42 }]),
    JSON.stringify({ name: "svc", role: "owner", expiresAt: "yesterday" }),
    JSON.stringify({ name: "svc", role: "admin", expiresAt: "1999-01-01T00:00:00Z" }),
    JSON.stringify({ key: "lku_" + "A".repeat(38), accountId: "not-a-uuid", permission: "checks:fly" }),
    JSON.stringify({ key: null }),
    JSON.stringify({ grant_type: "urn:latchkey:params:oauth:grant-type:apikey", apikey: ["x"], account_id: 7 }),
    "grant_type=urn%3Alatchkey%3Aparams%3Aoauth%3Agrant-type%3Aapikey&apikey=%00%ZZ",
    JSON.stringify({ oldKeyExpires: "whenever", onFirstUse: "yes" }),
    junk(200),
  ];
  // Weighted towards methods the API has, so most bodies reach the handlers' validation.
  const methods = ["GET", "GET", "POST", "POST", "POST", "PATCH", "PATCH", "DELETE", "PUT", "OPTIONS", "HEAD"];

  const cases = Array.from({ length: 600 }, (_, i) => {
    const p = pick(paths);
    // Every fourth case is a well-authenticated write with a hostile body, to reach the validators.
    if (i % 4 === 0)
      return {
        i,
        method: pick(["POST", "PATCH"]),
        path: pick([
          "/api/v1/checks",
          `/api/v1/checks/${randomUUID()}`,
          "/api/v1/api-keys",
          "/api/v1/leaks",
          "/api/v1/keys/verify",
          "/api/v1/token",
          "/api/v1/api-keys/self/rotate",
        ]),
        authorization: `Bearer ${members.owner.token}`,
        account: account.id,
        body: pick(bodies),
        contentType: "application/json",
      };
    return {
      i,
      method: pick(methods),
      path: typeof p === "function" ? p() : p,
      authorization: authHeaders(pick(tokens)),
      account: pick(accountIds),
      body: pick(bodies),
      contentType: pick(["application/json", "text/plain", "application/x-www-form-urlencoded", undefined]),
    };
  });

  const failures: string[] = [];
  const statuses = new Map<number, number>();
  for (let start = 0; start < cases.length; start += 8) {
    await Promise.all(
      cases.slice(start, start + 8).map(async (c) => {
        const headers: Record<string, string> = {};
        if (c.authorization !== undefined) headers.Authorization = c.authorization;
        if (c.account !== undefined) headers["X-Account-Id"] = c.account;
        if (c.contentType) headers["Content-Type"] = c.contentType;
        const res = await request.fetch(c.path, {
          method: c.method,
          headers,
          data: c.body !== undefined && c.method !== "GET" && c.method !== "HEAD" ? Buffer.from(c.body) : undefined,
          failOnStatusCode: false,
        });
        statuses.set(res.status(), (statuses.get(res.status()) ?? 0) + 1);
        if (res.status() >= 500)
          failures.push(`#${c.i} ${c.method} ${c.path} → ${res.status()}: ${(await res.text()).slice(0, 200)}`);
        // Error answers never echo a token back.
        if (res.status() >= 400 && c.method !== "HEAD") {
          const text = await res.text();
          expect(text).not.toContain(members.owner.token);
        }
      }),
    );
  }
  console.log("statuses:", Object.fromEntries([...statuses].sort()));
  expect(failures).toEqual([]);
  expect(statuses.size).toBeGreaterThan(4);
});

test("undecodable paths, oversized and slow bodies, and control characters in every string field get no 5xx", async ({
  request,
}) => {
  test.setTimeout(120_000);
  const { account, members } = await makeTeamWithKeys();
  const rand = prng(20261124);
  const auth = { Authorization: `Bearer ${members.owner.token}`, "X-Account-Id": account.id };
  const failures: string[] = [];
  const check = async (label: string, res: { status(): number; text(): Promise<string> }) => {
    if (res.status() >= 500) failures.push(`${label} → ${res.status()}: ${(await res.text()).slice(0, 120)}`);
    return res.status();
  };

  // Paths with broken percent-encoding, on API and console routes alike.
  const broken = ["%", "%Z", "%ZZ", "%E0%A4%A", "%c0%ae", "%ff%fe", "%%", "%u2028", "%F0%9F%98"];
  for (let i = 0; i < 120; i++) {
    const base = [
      "/api/v1/checks/",
      "/api/v1/api-keys/",
      "/api/v1/members/",
      "/api/v1/",
      "/settings/",
      "/invite/",
      "/",
      "/api/auth/",
    ][i % 8]!;
    const path = base + broken[Math.floor(rand() * broken.length)]! + (rand() < 0.5 ? "x" : "");
    const method = ["GET", "POST", "DELETE", "PATCH"][i % 4]!;
    const status = await check(
      `${method} ${path}`,
      await request.fetch(path, {
        method,
        headers: auth,
        data: method === "GET" ? undefined : "{}",
        failOnStatusCode: false,
      }),
    );
    expect([400, 404, 405]).toContain(status);
  }

  // Bodies over the limit, declared or not, on every write endpoint.
  const writes = [
    ["POST", "/api/v1/checks"],
    ["PATCH", `/api/v1/checks/${randomUUID()}`],
    ["POST", "/api/v1/api-keys"],
    ["POST", "/api/v1/leaks"],
  ] as const;
  for (const [method, path] of writes) {
    for (const size of [64 * 1024 + 1, 200_000, 2_000_000]) {
      const status = await check(
        `${method} ${path} ${size}B`,
        await request.fetch(path, {
          method,
          headers: { ...auth, "Content-Type": "application/json" },
          data: Buffer.alloc(size, 32),
          failOnStatusCode: false,
        }),
      );
      expect(status).toBe(413);
    }
  }

  // Slow bodies: a few bytes at a time, finished within the request timeout.
  for (const [, path] of writes.slice(0, 2)) {
    const body = JSON.stringify({ name: "slow", url: "https://slow.test" });
    const status = await new Promise<number>((resolve) => {
      const req = http.request(`${BASE_URL}${path}`, {
        method: path.endsWith("checks") ? "POST" : "PATCH",
        headers: { ...auth, "Content-Type": "application/json", "Content-Length": String(Buffer.byteLength(body)) },
      });
      req.on("response", (res) => (res.resume(), resolve(res.statusCode ?? 0)));
      req.on("error", () => resolve(0));
      let i = 0;
      const t = setInterval(() => {
        req.write(body.slice(i, i + 8));
        i += 8;
        if (i >= body.length) {
          clearInterval(t);
          req.end();
        }
      }, 50);
    });
    if (status >= 500) failures.push(`slow body ${path} → ${status}`);
    expect([201, 404]).toContain(status);
  }

  // Control, bidi and lone-surrogate characters in every string field of every JSON body.
  const nasty = ["\u0000", "\u0007", "\u001b[31m", "\u202E", "\u2066", "\uD800", "\uDFFF", "\u0085", "\r\n", "\uFEFF"];
  const bodies: [string, string, Record<string, unknown>][] = [
    ["POST", "/api/v1/checks", { name: "n", url: "https://a.test" }],
    [
      "POST",
      "/api/v1/api-keys",
      { name: "n", description: "d", role: "read_only", leakAction: "none", expiresAt: "2099-01-01T00:00:00Z" },
    ],
    ["POST", "/api/v1/leaks", { token: "lku_x", url: "https://a.test" }],
  ];
  for (const [method, path, template] of bodies) {
    for (const field of Object.keys(template)) {
      for (const ch of nasty) {
        const value = { ...template, [field]: `a${ch}b` };
        const data = path.endsWith("leaks") ? [value] : value;
        // JSON.stringify keeps lone surrogates as escapes, which is how a hostile client sends them.
        const status = await check(
          `${path} ${field}=${JSON.stringify(ch)}`,
          await request.fetch(path, {
            method,
            headers: { ...auth, "Content-Type": "application/json" },
            data: Buffer.from(JSON.stringify(data)),
            failOnStatusCode: false,
          }),
        );
        if (field === "name") expect(status, `${path} name with ${JSON.stringify(ch)}`).toBe(422);
      }
    }
  }
  expect(failures).toEqual([]);
});
