// Keys that do only what they must (docs/concepts.md#restrictions-rate-limits-and-allow-lists): restricted permissions
// decided by the policy module cell by cell, per-key rate limits, IP allow-lists, and the lifetime policy on edits — on
// a real SQLite file.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { accounts, apiKeys, ROLES, type Role } from "@/db/schema";
import { verifyKey } from "@/lib/api-auth";
import { listChecks, createCheck } from "@/lib/checks";
import {
  createServiceKey,
  permissionsSchema,
  updateKeyApiSchema,
  updateKeyFromApi,
  allowedIpsSchema,
  limitsFormSchema,
} from "@/lib/keys";
import { allowListMatcher, normaliseIpEntry } from "@/lib/keys/limits";
import {
  ACCESS_LEVELS,
  authorize,
  effectiveAccess,
  PERMISSION_ACCESS,
  PERMISSIONS,
  RESOURCES,
  roleAccess,
  type Access,
  type AccessLevel,
  type Permission,
} from "@/lib/policy";
import { keyRateLimiterFor } from "@/lib/rate-limit";
import { createApiHandler } from "@/lib/server/http/api-app";
import { verifyForService } from "@/lib/verify";
import { makeTeam, memberActor, testDb } from "@/test/fixtures";

const db = testDb();
const RANK: Record<AccessLevel, number> = { none: 0, read: 1, write: 2 };
const only = (resource: (typeof RESOURCES)[number], level: AccessLevel): Access =>
  Object.fromEntries(RESOURCES.map((r) => [r, r === resource ? level : "none"])) as Access;

describe("restricted keys in the policy module: every role × key level × resource", () => {
  // What docs/permissions.md#resources-and-access-levels gives each role per resource, typed in by hand.
  const ROLE_TABLE: Record<Role, Access> = {
    owner: { checks: "write", members: "write", api_keys: "write", audit_log: "read" },
    admin: { checks: "write", members: "write", api_keys: "write", audit_log: "read" },
    read_write: { checks: "write", members: "read", api_keys: "none", audit_log: "none" },
    read_only: { checks: "read", members: "read", api_keys: "none", audit_log: "none" },
  };
  // docs/permissions.md#the-permission-matrix, typed in by hand: the roles that hold each permission.
  // Never read from PERMISSIONS or can(), which are what is under test.
  const MATRIX: Record<Permission, readonly Role[]> = {
    "account.read": ["owner", "admin", "read_write", "read_only"],
    "members.read": ["owner", "admin", "read_write", "read_only"],
    "own_keys.read": ["owner", "admin", "read_write", "read_only"],
    "own_keys.manage": ["owner", "admin", "read_write", "read_only"],
    "checks.read": ["owner", "admin", "read_write", "read_only"],
    "checks.write": ["owner", "admin", "read_write"],
    "account.update": ["owner", "admin"],
    "members.manage": ["owner", "admin"],
    "account_keys.read": ["owner", "admin"],
    "account_keys.manage": ["owner", "admin"],
    "audit_log.read": ["owner", "admin"],
    "account.own": ["owner"],
  };
  // docs/permissions.md#resources-and-access-levels, typed in by hand: the resource and level each
  // permission touches for a restricted key; none for who the key is and console-only settings.
  // Never read from PERMISSION_ACCESS.
  const TOUCHES: Record<Permission, readonly [(typeof RESOURCES)[number], "read" | "write"] | null> = {
    "account.read": null,
    "members.read": ["members", "read"],
    "own_keys.read": ["api_keys", "read"],
    "own_keys.manage": ["api_keys", "write"],
    "checks.read": ["checks", "read"],
    "checks.write": ["checks", "write"],
    "account.update": null,
    "members.manage": ["members", "write"],
    "account_keys.read": ["api_keys", "read"],
    "account_keys.manage": ["api_keys", "write"],
    "audit_log.read": ["audit_log", "read"],
    "account.own": null,
  };
  const PERMISSION_NAMES = Object.keys(MATRIX) as Permission[];
  // What the cells below run over, from the tables above too, so a name the module drops cannot drop its cells.
  const ROLE_NAMES = Object.keys(ROLE_TABLE) as Role[];
  const RESOURCE_NAMES = Object.keys(ROLE_TABLE.owner) as (typeof RESOURCES)[number][];
  const LEVELS: readonly AccessLevel[] = ["none", "read", "write"];

  it("the tables above name every role, resource, level and permission the policy module has, and no other", () => {
    expect([...ROLES].sort()).toEqual([...ROLE_NAMES].sort());
    expect([...RESOURCES].sort()).toEqual([...RESOURCE_NAMES].sort());
    expect([...ACCESS_LEVELS]).toEqual(LEVELS);
    expect(Object.keys(PERMISSIONS).sort()).toEqual([...PERMISSION_NAMES].sort());
    expect(Object.keys(PERMISSION_ACCESS).sort()).toEqual([...PERMISSION_NAMES].sort());
  });

  for (const role of ROLE_NAMES)
    it(`${role}'s own access per resource`, () => expect(roleAccess(role)).toEqual(ROLE_TABLE[role]));

  for (const role of ROLE_NAMES)
    for (const resource of RESOURCE_NAMES)
      for (const level of LEVELS) {
        it(`${role} key restricted to ${resource}: ${level}`, () => {
          const restriction = only(resource, level);
          const lower = RANK[level] < RANK[ROLE_TABLE[role][resource]] ? level : ROLE_TABLE[role][resource];
          // The effective access is the lower of role and key, on this resource; none elsewhere.
          expect(effectiveAccess(role, restriction)[resource]).toBe(lower);
          for (const other of RESOURCE_NAMES)
            if (other !== resource) expect(effectiveAccess(role, restriction)[other]).toBe("none");
          // And authorize() agrees for every permission that touches a resource.
          for (const permission of PERMISSION_NAMES) {
            const needs = TOUCHES[permission];
            const expected =
              MATRIX[permission].includes(role) && (!needs || (needs[0] === resource && RANK[level] >= RANK[needs[1]]));
            const decide = () =>
              authorize(
                {
                  role,
                  userId: null,
                  key: {
                    id: "k",
                    kind: "service",
                    via: "key",
                    permissions: restriction,
                    rateLimit: null,
                    allowedIps: null,
                    expiresAt: null,
                  },
                },
                permission,
              );
            if (expected) expect(decide).not.toThrow();
            else expect(decide).toThrow();
          }
        });
      }

  it("an inheriting key gets exactly its role", () => {
    for (const role of ROLE_NAMES) {
      expect(effectiveAccess(role, null)).toEqual(ROLE_TABLE[role]);
      for (const permission of PERMISSION_NAMES) {
        const decide = () =>
          authorize(
            {
              role,
              userId: null,
              key: {
                id: "k",
                kind: "service",
                via: "key",
                permissions: null,
                rateLimit: null,
                allowedIps: null,
                expiresAt: null,
              },
            },
            permission,
          );
        if (MATRIX[permission].includes(role)) expect(decide).not.toThrow();
        else expect(decide).toThrow();
      }
    }
  });

  it("a restriction names every resource; one left out is none", () => {
    expect(permissionsSchema.parse({ checks: "read" })).toEqual({
      checks: "read",
      members: "none",
      api_keys: "none",
      audit_log: "none",
    });
    expect(permissionsSchema.safeParse({ checks: "admin" }).success).toBe(false);
    expect(permissionsSchema.safeParse({ billing: "read" }).success).toBe(false);
  });
});

async function serviceKey(
  role: "admin" | "read_write" | "read_only",
  limits: Parameters<typeof createServiceKey>[2] extends infer T ? Partial<T> : never = {},
) {
  const { account, owner } = await makeTeam("enterprise");
  const created = await createServiceKey(db, await memberActor(owner, account.id), {
    name: "svc",
    description: null,
    expiresAt: null,
    leakAction: "none",
    role,
    ...limits,
  });
  return { account, owner, ...created };
}

describe("a restricted key at work", () => {
  it("a restricted admin key is refused a write and allowed its read; verify says insufficient_permission", async () => {
    const { account, token } = await serviceKey("admin", { permissions: only("checks", "read") });
    const v = await verifyKey(db, token, null);
    if (!v.ok) throw new Error(v.code);
    await expect(listChecks(db, v.actor)).resolves.not.toThrow();
    await expect(createCheck(db, v.actor, { name: "x", url: "https://example.com", active: true })).rejects.toThrow(
      /restricted/,
    );
    const [write] = await verifyForService(db, { key: token, permission: "checks:write" }, "127.0.0.1");
    expect(write).toEqual({ valid: false, code: "insufficient_permission" });
    const [read] = await verifyForService(db, { key: token, permission: "checks:read" }, "127.0.0.1");
    expect(read).toMatchObject({
      valid: true,
      role: "admin",
      permissions: { checks: "read", members: "none", api_keys: "none", audit_log: "none" },
      account: { id: account.id },
    });
  });

  it("a restricted key cannot make or widen a key beyond its own access", async () => {
    const { account, token } = await serviceKey("admin", {
      permissions: { checks: "write", members: "none", api_keys: "write", audit_log: "none" },
    });
    const v = await verifyKey(db, token, null);
    if (!v.ok) throw new Error(v.code);
    const input = {
      name: "child",
      description: null,
      expiresAt: null,
      leakAction: "none" as const,
      role: "admin" as const,
    };
    await expect(createServiceKey(db, v.actor, input)).rejects.toThrow(/more power/);
    const child = await createServiceKey(db, v.actor, { ...input, permissions: only("checks", "read") });
    await expect(updateKeyFromApi(db, v.actor, child.key.id, { permissions: null })).rejects.toThrow(/more power/);
    expect(
      (await updateKeyFromApi(db, v.actor, child.key.id, { permissions: only("checks", "write") })).permissions,
    ).toEqual(only("checks", "write"));
    expect(await db.select().from(apiKeys).where(eq(apiKeys.accountId, account.id))).toHaveLength(2);
  });
});

describe("per-key rate limit", () => {
  it("the (limit+1)-th request in a window is refused with Retry-After and the RateLimit headers; the next window resets", async () => {
    await keyRateLimiterFor(db).clear();
    const { token } = await serviceKey("read_only", { rateLimit: { limit: 3, windowSeconds: 10 } });
    const t0 = Math.ceil(Date.now() / 10_000) * 10_000 + 1_000; // 1 s into a window
    const states = [];
    for (const i of [0, 1, 2]) states.push(await verifyKey(db, token, null, t0 + i));
    expect(states.map((s) => s.ok && s.rateLimit)).toEqual([
      { ok: true, limit: 3, remaining: 2, reset: 9 },
      { ok: true, limit: 3, remaining: 1, reset: 9 },
      { ok: true, limit: 3, remaining: 0, reset: 9 },
    ]);
    const refused = await verifyKey(db, token, null, t0 + 5_000);
    expect(refused).toMatchObject({
      ok: false,
      code: "rate_limited",
      headers: { "RateLimit-Limit": "3", "RateLimit-Remaining": "0", "RateLimit-Reset": "4", "Retry-After": "4" },
    });
    // The next window starts fresh.
    expect(await verifyKey(db, token, null, t0 + 9_000)).toMatchObject({
      ok: true,
      rateLimit: { remaining: 2, reset: 10 },
    });
  });

  it("verify reports the window and counts as a use", async () => {
    await keyRateLimiterFor(db).clear();
    const { token } = await serviceKey("read_only", { rateLimit: { limit: 1, windowSeconds: 60 } });
    const [first, , headers] = await verifyForService(db, { key: token }, "127.0.0.1");
    expect(first).toMatchObject({ valid: true, ratelimit: { limit: 1, remaining: 0 } });
    expect(headers).toMatchObject({ "RateLimit-Limit": "1", "RateLimit-Remaining": "0" });
    const [second, , refusedHeaders] = await verifyForService(db, { key: token }, "127.0.0.1");
    expect(second).toEqual({ valid: false, code: "rate_limited" });
    expect(refusedHeaders).toHaveProperty("Retry-After");
  });

  it("refuses limits outside 1 ≤ window ≤ 86,400 s", () => {
    expect(updateKeyApiSchema.safeParse({ rateLimit: { limit: 10, windowSeconds: 86_401 } }).success).toBe(false);
    expect(updateKeyApiSchema.safeParse({ rateLimit: { limit: 0, windowSeconds: 60 } }).success).toBe(false);
    expect(limitsFormSchema.safeParse({ rateLimit: "100", rateLimitWindow: "0" }).success).toBe(false);
    expect(limitsFormSchema.parse({ rateLimit: "100", rateLimitWindow: "60" }).rateLimit).toEqual({
      limit: 100,
      windowSeconds: 60,
    });
  });
});

describe("IP allow-list", () => {
  it("allows listed addresses and ranges, refuses the rest with ip_not_allowed, IPv4 and IPv6", async () => {
    const { token } = await serviceKey("read_only", {
      allowedIps: ["203.0.113.0/24", "198.51.100.7", "2001:db8::/32"],
    });
    const at = (ip: string | null) => verifyKey(db, token, null, Date.now(), ip);
    expect((await at("203.0.113.99")).ok).toBe(true);
    expect((await at("198.51.100.7")).ok).toBe(true);
    expect((await at("::ffff:203.0.113.5")).ok).toBe(true); // IPv4-mapped, as Node reports IPv4 clients on a dual-stack socket
    expect((await at("2001:db8:1234::1")).ok).toBe(true);
    expect(await at("198.51.100.8")).toMatchObject({ ok: false, code: "ip_not_allowed" });
    expect(await at("2001:db9::1")).toMatchObject({ ok: false, code: "ip_not_allowed" });
    expect(await at(null)).toMatchObject({ ok: false, code: "ip_not_allowed" });
    // verify checks the address it is told the key came from, else the caller's.
    expect((await verifyForService(db, { key: token }, "203.0.113.1"))[0]).toMatchObject({ valid: true });
    // Without a gateway credential the body's ip is refused: no caller speaks for another address
    // (docs/permissions.md#verify-and-the-ip-field).
    expect(await verifyForService(db, { key: token, ip: "203.0.113.1" }, "10.0.0.1")).toMatchObject([
      { error: { code: "forbidden" } },
      403,
    ]);
    expect((await verifyForService(db, { key: token }, "10.0.0.1"))[0]).toEqual({
      valid: false,
      code: "ip_not_allowed",
    });
  });

  it("refuses malformed entries and more than 50", () => {
    for (const bad of ["10.0.0.0/33", "300.1.1.1", "example.com", "2001:db8::/129", "10.0.0.1/-1", ""])
      expect(allowedIpsSchema.safeParse([bad]).success, bad).toBe(false);
    expect(allowedIpsSchema.safeParse(Array.from({ length: 51 }, (_, i) => `10.0.0.${i}`)).success).toBe(false);
    expect(allowedIpsSchema.parse(["10.1.2.3/8", " 2001:DB8::1 "])).toEqual(["10.0.0.0/8", "2001:db8::1"]);
    expect(limitsFormSchema.safeParse({ allowedIps: "10.0.0.0/8\nnot-an-ip" }).success).toBe(false);
  });
});

describe("allow-list entries are canonical (docs/security.md#allow-list-entries)", () => {
  it.each([
    ["010.0.0.0/8", "octal: ipaddr.js reads it as the public 8.0.0.0/8"],
    ["010.0.0.1", "octal address"],
    ["0x0a.0.0.1", "hex"],
    ["0xa000001", "hex, one number"],
    ["10.1", "short form"],
    ["167772161", "one decimal number"],
    ["10.0.0.0/08", "leading zero in the prefix length"],
    ["10.0.0.0/+8", "signed prefix length"],
    ["10.0.0.0/", "empty prefix length"],
    ["10.0.0.0/0x8", "hex prefix length"],
    ["10.0.0.0/ 8", "space in the prefix length"],
    ["10.0.0.0/33", "IPv4 prefix too long"],
    ["2001:db8::/129", "IPv6 prefix too long"],
    ["2001:db8::/064", "leading zero in an IPv6 prefix length"],
    ["fe80::1%eth0", "zone index"],
    ["fe80::%1/64", "zone index in a range"],
    ["::ffff:010.0.0.1", "octal inside a mapped address"],
  ])("refuses %j (%s)", (entry) => {
    expect(normaliseIpEntry(entry)).toBeNull();
    expect(allowedIpsSchema.safeParse([entry]).success).toBe(false);
  });

  it.each([
    ["10.0.0.0/8", "10.0.0.0/8"],
    ["10.1.2.3/8", "10.0.0.0/8"], // host bits cleared
    ["203.0.113.7", "203.0.113.7"],
    ["0.0.0.0/0", "0.0.0.0/0"],
    ["2001:DB8:0:0::FF/32", "2001:db8::/32"],
    ["2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"],
    ["1:0:0:1:0:0:0:1", "1:0:0:1::1"],
    ["::1.2.3.4", "::102:304"], // IPv4-compatible, not mapped: stays IPv6 (ipaddr.js alone would map it)
    ["::ffff:10.0.0.1", "10.0.0.1"],
    ["::FFFF:0a00:0001", "10.0.0.1"],
    ["::ffff:10.0.0.0/104", "10.0.0.0/8"],
    ["::ffff:10.0.0.9/120", "10.0.0.0/24"],
    ["::ffff:0:0/96", "0.0.0.0/0"],
    ["::ffff:0:0/80", "::/80"], // wider than the mapped block: other IPv6 addresses too
  ])("stores %j as %j", (entry, stored) => {
    expect(normaliseIpEntry(entry)).toBe(stored);
    expect(allowedIpsSchema.parse([entry])).toEqual([stored]);
  });

  it("an IPv4-mapped entry matches the IPv4 client, however the socket reports it", async () => {
    const { token, key } = await serviceKey("read_only", {
      allowedIps: allowedIpsSchema.parse(["::ffff:203.0.113.7", "::ffff:198.51.100.0/120"]),
    });
    expect(JSON.parse(key.allowedIps!)).toEqual(["203.0.113.7", "198.51.100.0/24"]);
    const at = (ip: string) => verifyKey(db, token, null, Date.now(), ip);
    expect((await at("203.0.113.7")).ok).toBe(true);
    expect((await at("::ffff:203.0.113.7")).ok).toBe(true);
    expect((await at("198.51.100.200")).ok).toBe(true);
    expect(await at("203.0.113.8")).toMatchObject({ ok: false, code: "ip_not_allowed" });
    // A row stored before entries were normalised (the mapped form, which never matched) matches too.
    expect(allowListMatcher(JSON.stringify(["::ffff:203.0.113.7"]))("203.0.113.7")).toBe(true);
    expect(allowListMatcher(JSON.stringify(["010.0.0.1", "not an address"]))("10.0.0.1")).toBe(false);
  });

  it("the API answers 422 validation_failed for a non-canonical entry, on create and on edit", async () => {
    const { token, key } = await serviceKey("admin");
    const server = http.createServer(createApiHandler());
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const call = (method: string, path: string, body: unknown) =>
      fetch(base + path, {
        method,
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
    try {
      for (const bad of ["010.0.0.0/8", "10.1", "0x0a000001", "fe80::1%eth0", "10.0.0.0/08"]) {
        const res = await call("POST", "/api/v1/api-keys", { name: "CI", role: "read_only", allowedIps: [bad] });
        expect(res.status, bad).toBe(422);
        const { error } = await res.json();
        expect(error.code).toBe("validation_failed");
        expect(error.details).toHaveProperty("allowedIps");
      }
      expect((await call("PATCH", `/api/v1/api-keys/${key.id}`, { allowedIps: ["010.0.0.0/8"] })).status).toBe(422);
      const created = await call("POST", "/api/v1/api-keys", {
        name: "CI",
        role: "read_only",
        allowedIps: ["::ffff:10.0.0.1", "10.9.8.7/8"],
      });
      expect(created.status).toBe(201);
      expect((await created.json()).allowedIps).toEqual(["10.0.0.1", "10.0.0.0/8"]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe("editing a key's expiry keeps to the account's lifetime policy", () => {
  it("refuses an expiry beyond the maximum, or none, and allows one within it", async () => {
    const { account, owner, key } = await serviceKey("read_only");
    await db.update(accounts).set({ maxKeyLifetimeDays: 30 }).where(eq(accounts.id, account.id));
    const me = await memberActor(owner, account.id);
    const now = Date.now();
    await expect(updateKeyFromApi(db, me, key.id, { expiresAt: new Date(now + 31 * 86_400_000) })).rejects.toThrow(
      /at most 30 days/,
    );
    await expect(
      updateKeyFromApi(db, me, key.id, { expiresAt: new Date(now + 90 * 86_400_000), name: "x" }),
    ).rejects.toThrow(/at most 30 days/);
    const ok = await updateKeyFromApi(db, me, key.id, { expiresAt: new Date(now + 20 * 86_400_000) });
    expect(new Date(ok.expiresAt!).getTime()).toBe(now + 20 * 86_400_000);
    await expect(updateKeyFromApi(db, me, key.id, { expiresAt: null })).rejects.toThrow(/choose an expiry/);
    // Other edits leave an existing expiry alone.
    expect((await updateKeyFromApi(db, me, key.id, { name: "renamed" })).name).toBe("renamed");
  });
});
