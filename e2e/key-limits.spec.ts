// docs/concepts.md#restrictions-rate-limits-and-allow-lists over HTTP, on the production server: restricted keys,
// per-key rate limits with their headers, IP allow-lists (IPv4 and IPv6), malformed ranges, and the lifetime policy on
// edits.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { eq } from "drizzle-orm";
import { accounts } from "../db/schema";
import { e2eDb, makeAccount, makeKey, makeUser, addMember } from "./support/db";

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

async function adminKey() {
  const account = await makeAccount("enterprise");
  const owner = await makeUser("Limits");
  await addMember(account.id, owner.id, "owner");
  return { account, key: await makeKey("service", { accountId: account.id, role: "admin", name: "limits admin" }) };
}

async function createKey(request: APIRequestContext, token: string, body: Record<string, unknown>) {
  return request.post("/api/v1/api-keys", { headers: auth(token), data: { name: "made", role: "admin", ...body } });
}

test("a restricted admin key is refused a write and keeps its read; verify says insufficient_permission", async ({
  request,
}) => {
  const { key } = await adminKey();
  const made = await createKey(request, key.token, { permissions: { checks: "read" } });
  expect(made.status()).toBe(201);
  const restricted = await made.json();
  expect(restricted.permissions).toEqual({ checks: "read", members: "none", api_keys: "none", audit_log: "none" });

  expect((await request.get("/api/v1/checks", { headers: auth(restricted.token) })).status()).toBe(200);
  const write = await request.post("/api/v1/checks", {
    headers: auth(restricted.token),
    data: { name: "nope", url: "https://example.com" },
  });
  expect(write.status()).toBe(403);
  expect((await write.json()).error.code).toBe("forbidden");
  expect((await request.get("/api/v1/members", { headers: auth(restricted.token) })).status()).toBe(403);
  // Nor can it hand on more than it has.
  expect((await createKey(request, restricted.token, {})).status()).toBe(403);

  const verdict = await (
    await request.post("/api/v1/keys/verify", { data: { key: restricted.token, permission: "checks:write" } })
  ).json();
  expect(verdict).toEqual({ valid: false, code: "insufficient_permission" });
  const ok = await (
    await request.post("/api/v1/keys/verify", { data: { key: restricted.token, permission: "checks:read" } })
  ).json();
  expect(ok).toMatchObject({ valid: true, role: "admin", permissions: { checks: "read", members: "none" } });

  // PATCH widens it again (by an unrestricted admin key): the write now passes.
  const patched = await request.patch(`/api/v1/api-keys/${restricted.id}`, {
    headers: auth(key.token),
    data: { permissions: null },
  });
  expect(patched.status()).toBe(200);
  expect((await patched.json()).permissions).toBeNull();
  expect(
    (
      await request.post("/api/v1/checks", {
        headers: auth(restricted.token),
        data: { name: "now yes", url: "https://example.com" },
      })
    ).status(),
  ).toBe(201);
});

test("the (limit+1)-th request in a window is 429 with Retry-After and RateLimit headers; the window resets", async ({
  request,
}) => {
  const { key } = await adminKey();
  const made = await (await createKey(request, key.token, { rateLimit: { limit: 3, windowSeconds: 3 } })).json();
  expect(made.rateLimit).toEqual({ limit: 3, windowSeconds: 3 });
  // Start at the beginning of a window, so all four requests share one. Windows follow the server's clock
  // and are the same for every key of a size, so a probe key with the same 3 s window and room to spare
  // shows when one has just begun: RateLimit-Reset 3, more than 2 s left (observed, not slept for).
  const probe = await (await createKey(request, key.token, { rateLimit: { limit: 100_000, windowSeconds: 3 } })).json();
  await expect
    .poll(async () => (await request.get("/api/v1/me", { headers: auth(probe.token) })).headers()["ratelimit-reset"], {
      timeout: 10_000,
      intervals: [100],
    })
    .toBe("3");
  const answers = [];
  for (let i = 0; i < 4; i++) answers.push(await request.get("/api/v1/me", { headers: auth(made.token) }));
  expect(answers.map((a) => a.status())).toEqual([200, 200, 200, 429]);
  expect(answers.map((a) => a.headers()["ratelimit-remaining"])).toEqual(["2", "1", "0", "0"]);
  for (const a of answers) expect(a.headers()["ratelimit-limit"]).toBe("3");
  const refused = answers[3]!;
  expect((await refused.json()).error.code).toBe("rate_limited");
  const wait = Number(refused.headers()["retry-after"]);
  expect(wait).toBeGreaterThanOrEqual(1);
  expect(wait).toBeLessThanOrEqual(3);
  expect(refused.headers()["ratelimit-reset"]).toBe(String(wait));
  // The window resets: awaited by asking until the key is let through again (refusals in this window do
  // not count in the next). Any answer to a limited key carries the headers, a 404 included.
  let notFound = refused;
  await expect
    .poll(
      async () =>
        (notFound = await request.get("/api/v1/checks/00000000-0000-4000-8000-000000000000", {
          headers: auth(made.token),
        })).status(),
      { timeout: 10_000, intervals: [100] },
    )
    .toBe(404);
  expect(notFound.headers()["ratelimit-remaining"]).toBe("2");
  // A key without a limit has none of them.
  expect((await request.get("/api/v1/me", { headers: auth(key.token) })).headers()["ratelimit-limit"]).toBeUndefined();
});

test("IP allow-lists: allowed, refused with ip_not_allowed, IPv6, and malformed ranges refused with 422", async ({
  request,
}) => {
  const { key } = await adminKey();
  // This test's requests come from the loopback address, IPv4 or IPv6.
  const here = await (await createKey(request, key.token, { allowedIps: ["127.0.0.0/8", "::1"] })).json();
  expect(here.allowedIps).toEqual(["127.0.0.0/8", "::1"]);
  expect((await request.get("/api/v1/me", { headers: auth(here.token) })).status()).toBe(200);

  const elsewhere = await (
    await createKey(request, key.token, { allowedIps: ["203.0.113.0/24", "2001:db8::/32"] })
  ).json();
  const refused = await request.get("/api/v1/me", { headers: auth(elsewhere.token) });
  expect(refused.status()).toBe(403);
  expect((await refused.json()).error.code).toBe("ip_not_allowed");
  // verify checks the caller's own address; a body `ip` needs a gateway credential
  // (docs/permissions.md#verify-and-the-ip-field): 403.
  expect(await (await request.post("/api/v1/keys/verify", { data: { key: elsewhere.token } })).json()).toEqual({
    valid: false,
    code: "ip_not_allowed",
  });
  expect(await (await request.post("/api/v1/keys/verify", { data: { key: here.token } })).json()).toMatchObject({
    valid: true,
  });
  for (const ip of ["203.0.113.40", "2001:db8:ffff::1", "127.0.0.1"]) {
    const res = await request.post("/api/v1/keys/verify", { data: { key: elsewhere.token, ip } });
    expect(res.status()).toBe(403);
    expect((await res.json()).error.code).toBe("forbidden");
  }

  for (const bad of [
    ["10.0.0.0/33"],
    ["not-an-ip"],
    ["2001:db8::/129"],
    ["010.0.0.0/8"],
    ["10.1"],
    ["fe80::1%eth0"],
    ["10.0.0.0/08"],
    Array.from({ length: 51 }, (_, i) => `10.0.0.${i}`),
  ]) {
    const res = await createKey(request, key.token, { allowedIps: bad });
    expect(res.status(), JSON.stringify(bad).slice(0, 40)).toBe(422);
    expect((await res.json()).error.details).toHaveProperty("allowedIps");
  }
  const patch = await request.patch(`/api/v1/api-keys/${here.id}`, {
    headers: auth(key.token),
    data: { allowedIps: ["1.2.3.4/40"] },
  });
  expect(patch.status()).toBe(422);
});

test("an edited expiry keeps to the account's maximum key lifetime (422), and a rotation keeps the limits", async ({
  request,
}) => {
  const { account, key } = await adminKey();
  await e2eDb().update(accounts).set({ maxKeyLifetimeDays: 30 }).where(eq(accounts.id, account.id));
  const made = await (
    await createKey(request, key.token, {
      permissions: { checks: "write" },
      rateLimit: { limit: 100, windowSeconds: 60 },
      allowedIps: ["127.0.0.1", "::1"],
    })
  ).json();
  const far = await request.patch(`/api/v1/api-keys/${made.id}`, {
    headers: auth(key.token),
    data: { expiresAt: new Date(Date.now() + 60 * 86_400_000).toISOString() },
  });
  expect(far.status()).toBe(422);
  expect((await far.json()).error.details.expiresAt[0]).toMatch(/at most 30 days/);
  expect(
    (
      await request.patch(`/api/v1/api-keys/${made.id}`, { headers: auth(key.token), data: { expiresAt: null } })
    ).status(),
  ).toBe(422);
  const near = await request.patch(`/api/v1/api-keys/${made.id}`, {
    headers: auth(key.token),
    data: { expiresAt: new Date(Date.now() + 10 * 86_400_000).toISOString() },
  });
  expect(near.status()).toBe(200);

  const rotated = await request.post(`/api/v1/api-keys/${made.id}/rotate`, {
    headers: auth(key.token),
    data: { oldKeyExpires: "now" },
  });
  expect(rotated.status()).toBe(201);
  expect(await rotated.json()).toMatchObject({
    permissions: { checks: "write", members: "none" },
    rateLimit: { limit: 100, windowSeconds: 60 },
    allowedIps: ["127.0.0.1", "::1"],
  });
});
