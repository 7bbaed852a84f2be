// Failed key checks are rate limited per IP. Its own production server with a low limit, so the
// other API tests (and the fuzz test) are not blocked by it.
import { spawn, type ChildProcess } from "node:child_process";
import { expect, request as playwrightRequest, test } from "@playwright/test";
import { generateToken } from "../lib/tokens";
import { freePort, waitForUrl } from "./support/processes";

let BASE = "";
let server: ChildProcess | undefined;

test.beforeAll(async () => {
  test.setTimeout(60_000);
  // Its own free port, chosen now (docs/operations.md#tests).
  const port = await freePort();
  BASE = `http://localhost:${port}`;
  server = spawn(process.execPath, ["scripts/e2e-server.mjs"], {
    env: {
      ...process.env,
      PORT: String(port),
      LATCHKEY_KEY_FAILURE_LIMIT: "5",
      LATCHKEY_LEAK_REPORT_LIMIT: "3",
      LATCHKEY_SIGNIN_EMAIL_LIMIT: "3",
    },
    stdio: "ignore",
  });
  await waitForUrl(`${BASE}/api/health`, { child: server, status: 200, timeout: 50_000 });
});

test.afterAll(() => {
  server?.kill("SIGTERM");
});

test("after 5 failed key checks an IP's failures get 429 with Retry-After; a valid key from it still works", async () => {
  const legacy = "lka_DemoLegacyKey00000000000000000000McM6P";
  const bad = () => ({ Authorization: `Bearer ${generateToken("user").token}` });
  expect((await fetch(`${BASE}/api/v1/me`, { headers: { Authorization: `Bearer ${legacy}` } })).status).toBe(200);
  for (let i = 0; i < 5; i++) expect((await fetch(`${BASE}/api/v1/me`, { headers: bad() })).status).toBe(401);
  const blocked = await fetch(`${BASE}/api/v1/me`, { headers: bad() });
  expect(blocked.status).toBe(429);
  expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
  expect(await blocked.json()).toEqual({ error: { code: "rate_limited", message: expect.any(String) } });
  // A forged X-Forwarded-For does not buy a fresh budget: the server takes the IP from the socket.
  const spoofed = await fetch(`${BASE}/api/v1/me`, { headers: { ...bad(), "X-Forwarded-For": "198.51.100.9" } });
  expect(spoofed.status).toBe(429);
  // Someone else's failures from a shared address do not lock out a caller with a valid key.
  expect((await fetch(`${BASE}/api/v1/me`, { headers: { Authorization: `Bearer ${legacy}` } })).status).toBe(200);
});

test("failed verifications count against the same per-IP limit: code rate_limited, while a valid key still verifies", async () => {
  const verify = (key: string) =>
    fetch(`${BASE}/api/v1/keys/verify`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ key }),
    });
  // The first test of this file already used up this IP's failures; make sure whatever is left is used.
  for (let i = 0; i < 6; i++) await verify(generateToken("service").token);
  const blocked = await verify(generateToken("service").token);
  expect(blocked.status).toBe(200);
  expect(await blocked.json()).toEqual({ valid: false, code: "rate_limited" });
  expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
  const ok = await verify("lka_DemoLegacyKey00000000000000000000McM6P");
  expect((await ok.json()).valid).toBe(true);
});

test("leak reports are rate limited per IP", async () => {
  const post = () =>
    fetch(`${BASE}/api/v1/leaks`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify([{ token: "x" }]),
    });
  for (let i = 0; i < 3; i++) expect((await post()).status).toBe(200);
  const blocked = await post();
  expect(blocked.status).toBe(429);
  expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
});

test("failed sign-ins are limited per email: 429 with Retry-After, even for the right password", async () => {
  // As a browser would: next-auth's posts must carry this site's Origin (docs/security.md#the-front-door).
  const ctx = await playwrightRequest.newContext({ baseURL: BASE });
  const { csrfToken } = await (await ctx.get("/api/auth/csrf")).json();
  const signIn = (email: string, password: string) =>
    ctx.post("/api/auth/callback/credentials", {
      headers: { Origin: BASE },
      form: { csrfToken, email, password, json: "true", callbackUrl: BASE },
    });
  for (let i = 0; i < 3; i++) expect((await signIn("writer@acme.test", "wrong password!")).status()).toBe(401);
  const blocked = await signIn("writer@acme.test", "latchkey-demo");
  expect(blocked.status()).toBe(429);
  expect(Number(blocked.headers()["retry-after"])).toBeGreaterThan(0);
  // Another address from the same IP is not blocked by this one's failures.
  expect((await signIn("reader@acme.test", "latchkey-demo")).status()).toBe(200);
  await ctx.dispose();
});

test("a browser that signed in before still gets in with the right password while its email is locked", async () => {
  const device = await playwrightRequest.newContext({ baseURL: BASE });
  const stranger = await playwrightRequest.newContext({ baseURL: BASE });
  const signIn = async (ctx: typeof device, password: string) => {
    const { csrfToken } = await (await ctx.get("/api/auth/csrf")).json();
    return ctx.post("/api/auth/callback/credentials", {
      headers: { Origin: BASE },
      form: { csrfToken, email: "admin@acme.test", password, json: "true", callbackUrl: BASE },
    });
  };
  expect((await signIn(device, "latchkey-demo")).status()).toBe(200);
  expect((await device.storageState()).cookies.map((c) => c.name)).toContain("lk_device");
  // Someone else guesses until the address is locked.
  for (let i = 0; i < 3; i++) expect((await signIn(stranger, "wrong password!")).status()).toBe(401);
  expect((await signIn(stranger, "latchkey-demo")).status()).toBe(429);
  // The owner's own browser is not locked out; a wrong password from it is still refused.
  expect((await signIn(device, "wrong password!")).status()).toBe(401);
  expect((await signIn(device, "latchkey-demo")).status()).toBe(200);
  await device.dispose();
  await stranger.dispose();
});
