// Authorization by construction (docs/permissions.md#authorization-by-construction) through the real router: each probe
// finding that let a key or an access token gain power, as an outsider would try it, plus variants. Each of these
// failed before authorization was enforced by construction (declared permissions, the key ceiling, access tokens that
// never manage keys).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { first } from "@/db/query";
import { accounts, apiKeys } from "@/db/schema";
import { createApiHandler } from "@/lib/server/http/api-app";
import { keyRoute, json } from "@/lib/server/http/api-kit";
import { apiRoutes } from "@/lib/server/http/api-routes";
import { openApiDocument } from "@/lib/server/http/openapi";
import { addMember, makeAccount, makeTeam, makeUser, testDb } from "./fixtures";
import { keyWithToken, startApi } from "./api-server";

const db = testDb();
let api: Awaited<ReturnType<typeof startApi>>;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => api.close());

const perms = (p: Record<string, string>) =>
  JSON.stringify({ checks: "none", members: "none", api_keys: "none", audit_log: "none", ...p });
const ROTATE_NOW = { oldKeyExpires: "now" };
const keyRow = async (id: string) => (await first(db.select().from(apiKeys).where(eq(apiKeys.id, id))))!;

async function accessToken(apikey: string, account?: string) {
  const res = await fetch(`${api.base}/api/v1/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": "198.51.100.10" },
    body: new URLSearchParams({
      grant_type: "urn:latchkey:params:oauth:grant-type:apikey",
      apikey,
      ...(account ? { account_id: account } : {}),
    }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

describe("a restricted key never rotates into more power (the probe's privilege escalation)", () => {
  it("checks:read + api_keys:write cannot rotate the admin key or the legacy key, and gets no token", async () => {
    const { account } = await makeTeam("enterprise");
    const weak = await keyWithToken("service", account.id, {
      role: "admin",
      permissions: perms({ checks: "read", api_keys: "write" }),
    });
    const adminKey = await keyWithToken("service", account.id, { role: "admin" });
    const legacy = await keyWithToken("legacy", account.id);
    for (const target of [adminKey, legacy]) {
      const res = await api.call("POST", `/api/v1/api-keys/${target.row.id}/rotate`, {
        token: weak.token,
        body: ROTATE_NOW,
      });
      expect(res.status).toBe(403);
      expect(res.json.error.code).toBe("forbidden");
      expect(JSON.stringify(res.json)).not.toMatch(/lk[usa]_/);
      expect((await keyRow(target.row.id)).rotatedAt).toBeNull();
    }
    // Its equal may: the admin key rotates the legacy key (the successor acts as admin, like the caller).
    const ok = await api.call("POST", `/api/v1/api-keys/${legacy.row.id}/rotate`, {
      token: adminKey.token,
      body: ROTATE_NOW,
    });
    expect(ok.status).toBe(201);
    expect(ok.json.token).toMatch(/^lks_/);
  });

  it("a rate-limited, allow-listed or expiring key cannot rotate an unlimited key", async () => {
    const { account } = await makeTeam("enterprise");
    const target = await keyWithToken("service", account.id, { role: "read_only" });
    const soon = new Date(Date.now() + 3_600_000);
    for (const limits of [
      { rateLimit: 10, rateLimitWindow: 60 },
      { allowedIps: JSON.stringify(["198.51.100.0/24"]) },
      { expiresAt: soon },
    ]) {
      const caller = await keyWithToken("service", account.id, { role: "admin", ...limits });
      const res = await api.call("POST", `/api/v1/api-keys/${target.row.id}/rotate`, {
        token: caller.token,
        body: ROTATE_NOW,
      });
      expect(res.status, JSON.stringify(limits)).toBe(403);
      expect(res.json.error.message).toMatch(/rate limit|allowed IPs|expiry/);
    }
  });
});

describe("declared is enforced", () => {
  it("self-rotation needs what it declares: a key restricted without api_keys:write cannot rotate itself", async () => {
    const { account } = await makeTeam("enterprise");
    const reader = await keyWithToken("service", account.id, { role: "admin", permissions: perms({ checks: "read" }) });
    const res = await api.call("POST", "/api/v1/api-keys/self/rotate", { token: reader.token, body: ROTATE_NOW });
    expect(res.status).toBe(403);
    expect((await keyRow(reader.row.id)).rotatedAt).toBeNull();
  });

  it("a route without a declaration does not start, and the description names each route's permission", () => {
    const undeclared = keyRoute({
      method: "get",
      path: "/api/v1/x",
      tags: [],
      summary: "x",
      access: {} as never,
      responses: {},
      handler: () => json({}),
    });
    expect(() => createApiHandler([undeclared])).toThrow(/declares no permission/);
    const doc = openApiDocument(apiRoutes, "http://localhost") as unknown as {
      paths: Record<string, Record<string, { "x-latchkey-permission"?: string }>>;
    };
    for (const route of apiRoutes) {
      const op = doc.paths[route.path]![route.method]!;
      expect(op["x-latchkey-permission"]).toBe(route.access === "public" ? undefined : route.access.permission);
    }
  });

  it("PATCH: any role edits its own user key through its own key; someone else's looks missing; account keys need admin", async () => {
    const { account, reader, writer } = await makeTeam("enterprise");
    const mine = await keyWithToken("user", account.id, { ownerUserId: reader.id });
    const theirs = await keyWithToken("user", account.id, { ownerUserId: writer.id });
    const service = await keyWithToken("service", account.id, { role: "read_only" });
    expect(
      (
        await api.call("PATCH", `/api/v1/api-keys/${mine.row.id}`, {
          token: mine.token,
          account: account.id,
          body: { name: "renamed" },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await api.call("PATCH", `/api/v1/api-keys/${theirs.row.id}`, {
          token: mine.token,
          account: account.id,
          body: { name: "x" },
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await api.call("PATCH", `/api/v1/api-keys/${service.row.id}`, {
          token: mine.token,
          account: account.id,
          body: { name: "x" },
        })
      ).status,
    ).toBe(403);
  });
});

describe("the key ceiling on edits", () => {
  it("a key may not loosen its own restriction, rate limit, allow-list or expiry", async () => {
    const { account, admin } = await makeTeam("enterprise");
    const k = await keyWithToken("user", account.id, {
      ownerUserId: admin.id,
      permissions: perms({ checks: "read", api_keys: "write" }),
      rateLimit: 100,
      rateLimitWindow: 60,
      allowedIps: JSON.stringify(["198.51.100.0/24"]),
      expiresAt: new Date(Date.now() + 86_400_000),
    });
    const patch = (body: unknown) =>
      api.call("PATCH", `/api/v1/api-keys/${k.row.id}`, { token: k.token, account: account.id, body });
    for (const body of [
      { permissions: null },
      { permissions: { checks: "write", api_keys: "write" } },
      { rateLimit: null },
      { rateLimit: { limit: 1000, windowSeconds: 60 } },
      { allowedIps: null },
      { allowedIps: ["0.0.0.0/0"] },
      { expiresAt: null },
      { expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString() },
    ]) {
      const res = await patch(body);
      expect(res.status, JSON.stringify(body)).toBe(403);
    }
    // Narrowing is always allowed.
    expect((await patch({ rateLimit: { limit: 10, windowSeconds: 60 }, allowedIps: ["198.51.100.7"] })).status).toBe(
      200,
    );
    const row = await keyRow(k.row.id);
    expect([row.rateLimit, row.allowedIps, row.permissions]).toEqual([
      10,
      JSON.stringify(["198.51.100.7"]),
      perms({ checks: "read", api_keys: "write" }),
    ]);
  });

  it("a user key cannot widen itself through an account where its owner's role hides the difference, then use it elsewhere", async () => {
    const owner = await makeUser("Dual");
    const strong = await makeAccount("enterprise");
    const weak = await makeAccount("team");
    await addMember(strong.id, owner, "admin");
    await addMember(weak.id, owner, "read_only");
    const k = await keyWithToken("user", strong.id, {
      ownerUserId: owner.id,
      permissions: perms({ checks: "read", api_keys: "write" }),
    });
    // Through the read_only account, checks: write looks like checks: read: the probe's path.
    const res = await api.call("PATCH", `/api/v1/api-keys/${k.row.id}`, {
      token: k.token,
      account: strong.id,
      body: { permissions: { checks: "write", api_keys: "write" } },
    });
    expect(res.status).toBe(403);
    const own = await keyWithToken("user", weak.id, {
      ownerUserId: owner.id,
      permissions: perms({ checks: "read", api_keys: "write" }),
    });
    const via = await api.call("PATCH", `/api/v1/api-keys/${own.row.id}`, {
      token: own.token,
      account: weak.id,
      body: { permissions: { checks: "write", api_keys: "write" } },
    });
    expect(via.status).toBe(403);
    expect(
      (
        await api.call("POST", "/api/v1/checks", {
          token: own.token,
          account: strong.id,
          body: { name: "x", url: "https://example.com" },
        })
      ).status,
    ).toBe(403);
  });

  it("a key cannot edit a key that already has more power, even by an edit that changes nothing (found by the property test)", async () => {
    const { account, admin } = await makeTeam("enterprise");
    const fenced = await keyWithToken("user", account.id, {
      ownerUserId: admin.id,
      allowedIps: JSON.stringify(["198.51.100.0/24"]),
    });
    const open = await keyWithToken("user", account.id, {
      ownerUserId: admin.id,
      expiresAt: new Date(Date.now() + 3_600_000),
    });
    const as = { token: fenced.token, account: account.id, ip: "198.51.100.10" };
    for (const body of [{ allowedIps: null, permissions: null }, {}, { name: "renamed" }]) {
      const res = await api.call("PATCH", `/api/v1/api-keys/${open.row.id}`, { ...as, body });
      expect(res.status, JSON.stringify(body)).toBe(403);
      expect(res.json.error.message).toContain("allowed IPs: any address");
    }
    expect((await keyRow(open.row.id)).name).toBe(open.row.name);
    // Its own key, unchanged, is within its own power.
    expect(
      (await api.call("PATCH", `/api/v1/api-keys/${fenced.row.id}`, { ...as, body: { name: "still fenced" } })).status,
    ).toBe(200);
  });

  it("a restricted admin key creates service keys only within its own power", async () => {
    const { account } = await makeTeam("enterprise");
    const k = await keyWithToken("service", account.id, {
      role: "admin",
      permissions: perms({ checks: "write", api_keys: "write" }),
      rateLimit: 50,
      rateLimitWindow: 60,
    });
    const create = (body: Record<string, unknown>) =>
      api.call("POST", "/api/v1/api-keys", { token: k.token, body: { name: "child", role: "admin", ...body } });
    expect(
      (await create({ permissions: { checks: "write" }, rateLimit: { limit: 50, windowSeconds: 60 } })).status,
    ).toBe(201);
    expect((await create({ permissions: { checks: "write" } })).status).toBe(403); // no rate limit
    expect((await create({ rateLimit: { limit: 50, windowSeconds: 60 } })).status).toBe(403); // unrestricted
    expect(
      (await create({ permissions: { members: "read" }, rateLimit: { limit: 50, windowSeconds: 60 } })).status,
    ).toBe(403);
  });
});

describe("a key that expires", () => {
  it("creates keys that expire no later: none asked gets the caller's expiry, a later date is refused", async () => {
    const { account } = await makeTeam("enterprise");
    const expires = new Date(Date.now() + 10 * 86_400_000);
    const k = await keyWithToken("service", account.id, { role: "admin", expiresAt: expires });
    const made = await api.call("POST", "/api/v1/api-keys", {
      token: k.token,
      body: { name: "child", role: "read_only" },
    });
    expect(made.status).toBe(201);
    expect(made.json.expiresAt).toBe(expires.toISOString());
    const later = await api.call("POST", "/api/v1/api-keys", {
      token: k.token,
      body: { name: "child", role: "read_only", expiresAt: new Date(expires.getTime() + 1000).toISOString() },
    });
    expect(later.status).toBe(403);
    expect(later.json.error.message).toMatch(/expiry/);
  });
});

describe("access tokens act but never manage keys", () => {
  it("create, edit, rotate, self-rotate and delete with an access token are 403; acting is fine", async () => {
    const { account, admin } = await makeTeam("enterprise");
    const adminKey = await keyWithToken("service", account.id, { role: "admin" });
    const userKey = await keyWithToken("user", account.id, { ownerUserId: admin.id });
    const victim = await keyWithToken("service", account.id, { role: "read_only" });
    for (const [token, acct] of [
      [await accessToken(adminKey.token), null],
      [await accessToken(userKey.token, account.id), account.id],
    ] as const) {
      const as = { token, account: acct };
      expect((await api.call("GET", "/api/v1/checks", as)).status).toBe(200);
      expect((await api.call("GET", "/api/v1/api-keys", as)).status).toBe(200);
      expect(
        (await api.call("POST", "/api/v1/api-keys", { ...as, body: { name: "t", role: "read_only" } })).status,
      ).toBe(403);
      expect(
        (await api.call("PATCH", `/api/v1/api-keys/${victim.row.id}`, { ...as, body: { name: "t" } })).status,
      ).toBe(403);
      expect(
        (await api.call("PATCH", `/api/v1/api-keys/${userKey.row.id}`, { ...as, body: { name: "t" } })).status,
      ).toBe(403);
      expect(
        (await api.call("POST", `/api/v1/api-keys/${victim.row.id}/rotate`, { ...as, body: ROTATE_NOW })).status,
      ).toBe(403);
      expect((await api.call("POST", "/api/v1/api-keys/self/rotate", { ...as, body: ROTATE_NOW })).status).toBe(403);
      expect((await api.call("DELETE", `/api/v1/api-keys/${victim.row.id}`, as)).status).toBe(403);
    }
    expect(await keyRow(victim.row.id)).toMatchObject({ name: victim.row.name, rotatedAt: null });
    expect((await keyRow(adminKey.row.id)).rotatedAt).toBeNull();
  });
});

describe("verify's ip", () => {
  it("is refused without a gateway credential: no draining, no rotation ended, no last-used address set", async () => {
    const { account } = await makeTeam("enterprise");
    const k = await keyWithToken("service", account.id, {
      allowedIps: JSON.stringify(["203.0.113.5"]),
      rateLimit: 1,
      rateLimitWindow: 3600,
    });
    const res = await api.call("POST", "/api/v1/keys/verify", {
      body: { key: k.token, ip: "203.0.113.5" },
      ip: "198.51.100.99",
    });
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe("forbidden");
    // The one request of its window is still there for its real client.
    const real = await api.call("POST", "/api/v1/keys/verify", { body: { key: k.token }, ip: "203.0.113.5" });
    expect(real.json).toMatchObject({ valid: true });
    expect(
      JSON.stringify(
        await api
          .call("POST", "/api/v1/keys/verify", { body: { key: k.token }, ip: "198.51.100.99" })
          .then((r) => r.json),
      ),
    ).toMatch(/ip_not_allowed/);
  });
});

describe("rotation deadlines and expiry", () => {
  it("a deadline beyond 7 days, or beyond the account's maximum lifetime, is 422; the new key keeps the old one's expiry", async () => {
    const { account } = await makeTeam("enterprise");
    const expires = new Date(Date.now() + 3 * 86_400_000);
    const k = await keyWithToken("service", account.id, { role: "admin", expiresAt: expires });
    const at = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
    const far = await api.call("POST", "/api/v1/api-keys/self/rotate", {
      token: k.token,
      body: { oldKeyExpires: at(8) },
    });
    expect(far.status).toBe(422);
    expect(far.json.error.details.oldKeyExpires[0]).toMatch(/7 days/);
    const ok = await api.call("POST", "/api/v1/api-keys/self/rotate", {
      token: k.token,
      body: { oldKeyExpires: at(1) },
    });
    expect(ok.status).toBe(201);
    // Self-rotation is no way to outlive an expiry.
    expect(ok.json.expiresAt).toBe(expires.toISOString());
  });

  it("the successor of a key without expiry gets the account's maximum lifetime, not never", async () => {
    const { account } = await makeTeam("enterprise");
    await db.update(accounts).set({ maxKeyLifetimeDays: 30 }).where(eq(accounts.id, account.id));
    const k = await keyWithToken("service", account.id, { role: "admin" });
    const res = await api.call("POST", "/api/v1/api-keys/self/rotate", {
      token: k.token,
      body: { oldKeyExpires: new Date(Date.now() + 6 * 86_400_000).toISOString() },
    });
    expect(res.status).toBe(201);
    // The successor gets the account's maximum, not "never".
    expect(new Date(res.json.expiresAt).getTime()).toBeLessThanOrEqual(Date.now() + 30 * 86_400_000);
  });
});

describe("the token exchange", () => {
  it("a key over its own rate limit gets 429 with Retry-After, in OAuth's shape", async () => {
    const { account } = await makeTeam("enterprise");
    const k = await keyWithToken("service", account.id, { rateLimit: 1, rateLimitWindow: 3600 });
    const post = () =>
      fetch(`${api.base}/api/v1/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": "198.51.100.11" },
        body: new URLSearchParams({ grant_type: "urn:latchkey:params:oauth:grant-type:apikey", apikey: k.token }),
      });
    expect((await post()).status).toBe(200);
    const limited = await post();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ error: "invalid_grant" });
  });
});

describe("signing keys", () => {
  it("a signing key that leaves the JWKS stops verifying within 60 s, without a restart", async () => {
    const { ensureSigningKey, issueAccessToken, rollSigningKey, verifyAccessToken, VERIFIER_RECHECK_MS } =
      await import("@/lib/access-tokens");
    const { account } = await makeTeam("enterprise");
    const k = await keyWithToken("service", account.id, { role: "admin" });
    await ensureSigningKey(db);
    const t0 = Date.now();
    const actor = {
      accountId: account.id,
      role: "admin" as const,
      userId: null,
      ip: null,
      key: {
        id: k.row.id,
        kind: "service" as const,
        name: "k",
        via: "key" as const,
        expiresAt: null,
        permissions: null,
        rateLimit: null,
        allowedIps: null,
      },
    };
    const { token } = await issueAccessToken(db, actor, t0);
    expect(await verifyAccessToken(db, token, t0)).not.toBeNull();
    // A plain roll keeps the old key published (overlap); a revoking roll removes it.
    await rollSigningKey(db, new Date(t0));
    expect(await verifyAccessToken(db, token, t0 + VERIFIER_RECHECK_MS + 1)).not.toBeNull();
    const second = await issueAccessToken(db, actor, t0 + VERIFIER_RECHECK_MS + 2);
    await rollSigningKey(db, new Date(t0 + VERIFIER_RECHECK_MS + 3), { revoke: true });
    expect(await verifyAccessToken(db, second.token, t0 + 2 * VERIFIER_RECHECK_MS + 5)).toBeNull();
    expect(VERIFIER_RECHECK_MS).toBeLessThanOrEqual(60_000);
  });
});
