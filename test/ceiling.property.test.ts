// The key ceiling (docs/permissions.md#the-key-ceiling) as a property: random keys (kinds, roles, restrictions, rate
// limits, allow-lists, expiries, owners with different roles in two accounts) try random operations through the real
// router (create, PATCH, rotate another key, self-rotate — each with the key itself or with an access token standing
// for it), and no key that comes out of a successful operation has more power than the key that asked for it. The
// oracle below is written from docs/permissions.md#the-key-ceiling, independently of lib/policy.ts.
import fc from "fast-check";
import ipaddr from "ipaddr.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { first } from "@/db/query";
import { apiKeys, type ApiKey, type Role } from "@/db/schema";
import { addMember, makeAccount, makeUser, testDb } from "./fixtures";
import { keyWithToken, startApi } from "./api-server";

const db = testDb();
let api: Awaited<ReturnType<typeof startApi>>;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => api.close());

type Level = "none" | "read" | "write";
type Access = Record<"checks" | "members" | "api_keys" | "audit_log", Level>;
const RESOURCES = ["checks", "members", "api_keys", "audit_log"] as const;
const RANK: Record<Level, number> = { none: 0, read: 1, write: 2 };
// docs/permissions.md#the-permission-matrix, typed in by hand: what each role may do on each resource.
const ROLE: Record<Role, Access> = {
  owner: { checks: "write", members: "write", api_keys: "write", audit_log: "read" },
  admin: { checks: "write", members: "write", api_keys: "write", audit_log: "read" },
  read_write: { checks: "write", members: "read", api_keys: "none", audit_log: "none" },
  read_only: { checks: "read", members: "read", api_keys: "none", audit_log: "none" },
};
const NONE: Access = { checks: "none", members: "none", api_keys: "none", audit_log: "none" };

/**
 * A key's power as docs/permissions.md#the-key-ceiling defines it: effective access per account it can act in, and its
 * limits.
 */
function power(k: ApiKey, roles: Map<string, Map<string, Role>>) {
  const restriction = k.permissions ? (JSON.parse(k.permissions) as Access) : null;
  const lower = (a: Access) =>
    restriction
      ? (Object.fromEntries(
          RESOURCES.map((r) => [r, RANK[restriction[r]] < RANK[a[r]] ? restriction[r] : a[r]]),
        ) as Access)
      : a;
  const access = new Map<string, Access>();
  if (k.kind === "user")
    for (const [account, role] of roles.get(k.ownerUserId!) ?? []) access.set(account, lower(ROLE[role]));
  else access.set(k.accountId, lower(ROLE[k.kind === "legacy" ? "admin" : k.role!]));
  return {
    access,
    rate: k.rateLimit !== null ? { limit: k.rateLimit, window: k.rateLimitWindow! } : null,
    ips: k.allowedIps ? (JSON.parse(k.allowedIps) as string[]) : null,
    expires: k.expiresAt?.getTime() ?? null,
  };
}

const inside = (entry: string, list: string[]) => {
  const parse = (e: string) =>
    e.includes("/") ? ipaddr.parseCIDR(e) : ([ipaddr.parse(e), ipaddr.parse(e).kind() === "ipv4" ? 32 : 128] as const);
  const [a, bits] = parse(entry);
  return list.some((o) => {
    const [net, netBits] = parse(o);
    return net.kind() === a.kind() && bits >= netBits && a.match([net, netBits] as never);
  });
};

/** What exceeded, or [] when `k` has no more power than `caller`. */
function gains(k: ReturnType<typeof power>, caller: ReturnType<typeof power>): string[] {
  const out: string[] = [];
  for (const [account, a] of k.access) {
    const c = caller.access.get(account) ?? NONE;
    for (const r of RESOURCES) if (RANK[a[r]] > RANK[c[r]]) out.push(`${account.slice(0, 4)} ${r}: ${a[r]} > ${c[r]}`);
  }
  if (
    caller.rate &&
    (!k.rate ||
      k.rate.limit > caller.rate.limit ||
      k.rate.limit * caller.rate.window > caller.rate.limit * k.rate.window)
  )
    out.push("rate limit");
  if (caller.ips && (!k.ips || !k.ips.every((e) => inside(e, caller.ips!)))) out.push("allow-list");
  if (caller.expires !== null && (k.expires === null || k.expires > caller.expires)) out.push("expiry");
  return out;
}

const level = fc.constantFrom<Level>("none", "read", "write");
const restriction = fc.option(
  fc.record({
    checks: level,
    members: level,
    api_keys: fc.constantFrom<Level>("write", "write", "read", "none"),
    audit_log: fc.constantFrom<Level>("none", "read"),
  }),
  { nil: null, freq: 2 },
);
const rate = fc.option(
  fc.record({ limit: fc.integer({ min: 2, max: 500 }), windowSeconds: fc.constantFrom(1, 60, 3600) }),
  { nil: null, freq: 2 },
);
const IPS = ["198.51.100.0/24", "198.51.100.10", "198.51.0.0/16", "10.0.0.0/8", "2001:db8::/32"];
const ips = fc.option(fc.subarray(IPS, { minLength: 1 }), { nil: null, freq: 2 });
const expiry = fc.option(fc.constantFrom(1, 48, 24 * 30), { nil: null, freq: 2 }); // hours ahead
const role = fc.constantFrom<Role>("owner", "admin", "read_write", "read_only");
const serviceRole = fc.constantFrom<"admin" | "read_write" | "read_only">("admin", "read_write", "read_only");

const keySpec = fc.record({
  kind: fc.constantFrom<"user" | "service" | "legacy">("user", "user", "service", "service", "legacy"),
  owner: fc.constantFrom(0, 1),
  home: fc.constantFrom(0, 1),
  role: serviceRole,
  permissions: restriction,
  rateLimit: rate,
  allowedIps: ips,
  expiresIn: expiry,
});
const body = fc.record(
  {
    permissions: fc.option(
      fc.record({ checks: level, members: level, api_keys: level, audit_log: fc.constantFrom<Level>("none", "read") }),
      { nil: null },
    ),
    rateLimit: rate,
    allowedIps: ips,
    expiresIn: expiry,
    role: serviceRole,
  },
  { requiredKeys: [] },
);
const op = fc.oneof(
  fc.record({ type: fc.constant("create" as const), body, viaToken: fc.boolean() }),
  fc.record({ type: fc.constant("patch" as const), target: fc.nat(4), body, viaToken: fc.boolean() }),
  fc.record({ type: fc.constant("rotate" as const), target: fc.nat(4), viaToken: fc.boolean() }),
  fc.record({ type: fc.constant("self_rotate" as const), viaToken: fc.boolean() }),
);
const world = fc.record({
  roles: fc.tuple(fc.tuple(role, fc.option(role, { nil: null })), fc.tuple(role, fc.option(role, { nil: null }))),
  keys: fc.array(keySpec, { minLength: 2, maxLength: 5 }),
  caller: fc.nat(4),
  ops: fc.array(op, { minLength: 1, maxLength: 4 }),
});

const toApiBody = (b: Record<string, unknown> & { expiresIn?: number | null }) => {
  const { expiresIn, role: _role, ...rest } = b;
  return {
    ...rest,
    ...(expiresIn !== undefined
      ? { expiresAt: expiresIn === null ? null : new Date(Date.now() + expiresIn * 3_600_000).toISOString() }
      : {}),
  };
};

describe("the key ceiling never breaks (property)", () => {
  it("no successful operation yields a key with more power than its caller", async () => {
    let checked = 0;
    await fc.assert(
      fc.asyncProperty(world, async ({ roles, keys, caller, ops }) => {
        // Two accounts; two people, each a member of the first, maybe of the second, with random roles.
        const accountsMade = [await makeAccount("enterprise"), await makeAccount("enterprise")];
        const people = [await makeUser("P0"), await makeUser("P1")];
        const roleMap = new Map<string, Map<string, Role>>();
        for (const [i, [inFirst, inSecond]] of roles.entries()) {
          const m = new Map<string, Role>([[accountsMade[0]!.id, inFirst]]);
          await addMember(accountsMade[0]!.id, people[i]!, inFirst);
          if (inSecond) {
            await addMember(accountsMade[1]!.id, people[i]!, inSecond);
            m.set(accountsMade[1]!.id, inSecond);
          }
          roleMap.set(people[i]!.id, m);
        }
        const made = [];
        for (const k of keys) {
          const owner = people[k.owner]!;
          const home = k.kind === "user" ? accountsMade[0]! : accountsMade[k.home]!;
          made.push(
            await keyWithToken(k.kind, home.id, {
              ownerUserId: k.kind === "user" ? owner.id : null,
              role: k.kind === "service" ? k.role : null,
              permissions: k.permissions ? JSON.stringify(k.permissions) : null,
              rateLimit: k.rateLimit?.limit ?? null,
              rateLimitWindow: k.rateLimit?.windowSeconds ?? null,
              allowedIps: k.allowedIps ? JSON.stringify(k.allowedIps) : null,
              expiresAt: k.expiresIn ? new Date(Date.now() + k.expiresIn * 3_600_000) : null,
            }),
          );
        }
        const me = made[caller % made.length]!;
        // A user key names one of its owner's accounts; the others their own.
        const myAccounts = me.row.kind === "user" ? [...roleMap.get(me.row.ownerUserId!)!.keys()] : [me.row.accountId];
        const account = myAccounts[ops.length % myAccounts.length]!;
        const row = async (id: string) => (await first(db.select().from(apiKeys).where(eq(apiKeys.id, id))))!;
        for (const o of ops) {
          const before = power(await row(me.row.id), roleMap);
          let token = me.token;
          if (o.viaToken) {
            const res = await fetch(`${api.base}/api/v1/token`, {
              method: "POST",
              headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": "198.51.100.10" },
              body: new URLSearchParams({
                grant_type: "urn:latchkey:params:oauth:grant-type:apikey",
                apikey: me.token,
                account_id: account,
              }),
            });
            // The key itself is refused (rate limit, allow-list, expiry): nothing to try.
            if (res.status !== 200) continue;
            token = ((await res.json()) as { access_token: string }).access_token;
          }
          const as = { token, account, ip: "198.51.100.10" };
          const target = "target" in o ? made[o.target % made.length]! : me;
          const res =
            o.type === "create"
              ? await api.call("POST", "/api/v1/api-keys", {
                  ...as,
                  body: { name: "child", role: o.body.role ?? "read_only", ...toApiBody(o.body) },
                })
              : o.type === "patch"
                ? await api.call("PATCH", `/api/v1/api-keys/${target.row.id}`, { ...as, body: toApiBody(o.body) })
                : o.type === "rotate"
                  ? await api.call("POST", `/api/v1/api-keys/${target.row.id}/rotate`, {
                      ...as,
                      body: { oldKeyExpires: "on_first_use" },
                    })
                  : await api.call("POST", "/api/v1/api-keys/self/rotate", {
                      ...as,
                      body: { oldKeyExpires: "on_first_use" },
                    });
          expect(res.status, JSON.stringify(res.json)).toBeLessThan(500);
          if (o.viaToken) {
            // Access tokens act; they never manage keys.
            expect(res.status, `${o.type} with an access token`).toBeGreaterThanOrEqual(400);
            continue;
          }
          if (res.status >= 300) continue;
          const resultId = o.type === "patch" ? target.row.id : (res.json.id as string);
          const after = await row(resultId);
          const gained = gains(power(after, roleMap), before);
          expect(
            gained,
            `${o.type} by a ${me.row.kind} key gave ${after.kind} key ${JSON.stringify(after)} more power`,
          ).toEqual([]);
          checked++;
        }
      }),
      { numRuns: Number(process.env.CEILING_RUNS ?? 60), endOnFailure: true },
    );
    // The property saw real successes, not only refusals.
    expect(checked).toBeGreaterThan(5);
  }, 180_000);
});
