import { describe, expect, it } from "vitest";
import { ROLES, type Role } from "@/db/schema";
import {
  can,
  canActOnMember,
  canChangeRole,
  canCreateServiceKey,
  canCreateUserKey,
  canGrantRole,
  canLeaveAccount,
  canRemoveMember,
  canRotateKey,
  canChangeKey,
  ceilingDecision,
  authorize,
  NO_ACCESS,
  type Caller,
  type CallerKey,
  type KeyPower,
  canTransferOwnership,
  PERMISSIONS,
  type Permission,
} from "./policy";

// docs/permissions.md#the-permission-matrix, typed in again by hand: the module must agree with it, row by row.
const Y = true;
const N = false;
const HAND_MATRIX: Record<Permission, [owner: boolean, admin: boolean, readWrite: boolean, readOnly: boolean]> = {
  "account.read": [Y, Y, Y, Y],
  "members.read": [Y, Y, Y, Y],
  "own_keys.read": [Y, Y, Y, Y],
  "own_keys.manage": [Y, Y, Y, Y],
  "checks.read": [Y, Y, Y, Y],
  "checks.write": [Y, Y, Y, N],
  "account.update": [Y, Y, N, N],
  "members.manage": [Y, Y, N, N],
  "account_keys.read": [Y, Y, N, N],
  "account_keys.manage": [Y, Y, N, N],
  "audit_log.read": [Y, Y, N, N],
  "account.own": [Y, N, N, N],
};

describe("permission matrix (docs/permissions.md)", () => {
  it("has a spec row for every permission the module knows, and no more", () => {
    expect(Object.keys(PERMISSIONS).sort()).toEqual(Object.keys(HAND_MATRIX).sort());
  });

  for (const [permission, row] of Object.entries(HAND_MATRIX) as [Permission, boolean[]][]) {
    ROLES.forEach((role, i) => {
      const expected = row[i]!;
      it(`${role} ${expected ? "may" : "may not"} ${permission}`, () => {
        expect(can(role, permission)).toBe(expected);
      });
    });
  }

  it("denies a caller without a role", () => {
    expect(can(null, "account.read")).toBe(false);
    expect(can(undefined, "checks.read")).toBe(false);
  });
});

describe("acting on members", () => {
  const cases: [actor: Role, target: Role, allowed: boolean][] = [];
  for (const actor of ROLES)
    for (const target of ROLES)
      cases.push([actor, target, actor === "owner" || (actor === "admin" && target !== "owner")]);
  it.each(cases)("%s acting on %s: %s", (actor, target, allowed) => {
    expect(canActOnMember(actor, target).ok).toBe(allowed);
  });

  it.each(ROLES.flatMap((actor) => ROLES.map((role) => [actor, role] as const)))("%s granting %s", (actor, role) => {
    const allowed = actor === "owner" || (actor === "admin" && role !== "owner");
    expect(canGrantRole(actor, role).ok).toBe(allowed);
  });
});

describe("the last owner", () => {
  it("cannot be demoted, by themselves or anyone", () => {
    for (const next of ["admin", "read_write", "read_only"] as const)
      expect(canChangeRole({ actor: "owner", target: "owner", next, ownerCount: 1 }).ok).toBe(false);
  });
  it("can be demoted when another owner remains", () => {
    expect(canChangeRole({ actor: "owner", target: "owner", next: "admin", ownerCount: 2 }).ok).toBe(true);
  });
  it("cannot be removed, nor leave", () => {
    expect(canRemoveMember("owner", "owner", 1).ok).toBe(false);
    expect(canLeaveAccount("owner", 1).ok).toBe(false);
    expect(canRemoveMember("owner", "owner", 2).ok).toBe(true);
    expect(canLeaveAccount("owner", 2).ok).toBe(true);
  });
  it("any other member may leave", () => {
    for (const role of ["admin", "read_write", "read_only"] as const) expect(canLeaveAccount(role, 1).ok).toBe(true);
  });
  it("admins never remove or demote an owner, even with owners to spare", () => {
    expect(canRemoveMember("admin", "owner", 3).ok).toBe(false);
    expect(canChangeRole({ actor: "admin", target: "owner", next: "admin", ownerCount: 3 }).ok).toBe(false);
  });
  it("admins cannot promote anyone to owner", () => {
    expect(canChangeRole({ actor: "admin", target: "read_only", next: "owner", ownerCount: 1 }).ok).toBe(false);
  });
  it("only owners transfer ownership", () => {
    expect(ROLES.filter((r) => canTransferOwnership(r).ok)).toEqual(["owner"]);
  });
});

describe("creating service keys", () => {
  it.each(ROLES.flatMap((role) => (["hobby", "team", "enterprise"] as const).map((plan) => [role, plan] as const)))(
    "%s on %s",
    (role, plan) => {
      expect(canCreateServiceKey(role, plan).ok).toBe((role === "owner" || role === "admin") && plan === "enterprise");
    },
  );
});

describe("creating user keys", () => {
  it("every role may while the account does not restrict creation", () => {
    for (const role of ROLES)
      expect(canCreateUserKey({ role, canCreateKeys: false }, { restrictKeyCreation: false }).ok).toBe(true);
  });
  it("while restricted, nobody without the grant may, owners included", () => {
    for (const role of ROLES) {
      expect(canCreateUserKey({ role, canCreateKeys: false }, { restrictKeyCreation: true }).ok).toBe(false);
      expect(canCreateUserKey({ role, canCreateKeys: true }, { restrictKeyCreation: true }).ok).toBe(true);
    }
  });
});

describe("canRotateKey: the new token goes to whoever rotates", () => {
  const ROLES_ALL = ["owner", "admin", "read_write", "read_only"] as const;
  it.each(ROLES_ALL)("a %s rotates a user key only if it is their own", (role) => {
    expect(canRotateKey({ kind: "user", ownerUserId: "u1" }, { userId: "u1", role }).ok).toBe(true);
    expect(canRotateKey({ kind: "user", ownerUserId: "u1" }, { userId: "u2", role }).ok).toBe(false);
  });
  it.each(ROLES_ALL)("a %s rotates service and legacy keys only as owner or admin", (role) => {
    const allowed = role === "owner" || role === "admin";
    for (const kind of ["service", "legacy"] as const)
      expect(canRotateKey({ kind, ownerUserId: null }, { userId: "u1", role }).ok).toBe(allowed);
  });
});

describe("canChangeKey: who edits, restricts, disables or fixes a key", () => {
  const ROLES_ALL = ["owner", "admin", "read_write", "read_only"] as const;
  it.each(ROLES_ALL)(
    "a %s changes a user key only if it is their own, and service and legacy keys only as owner or admin",
    (role) => {
      expect(canChangeKey({ kind: "user", ownerUserId: "u1" }, { userId: "u1", role }).ok).toBe(true);
      expect(canChangeKey({ kind: "user", ownerUserId: "u1" }, { userId: "u2", role }).ok).toBe(false);
      for (const kind of ["service", "legacy"] as const)
        expect(canChangeKey({ kind, ownerUserId: null }, { userId: "u1", role }).ok).toBe(
          role === "owner" || role === "admin",
        );
    },
  );
});

describe("the key ceiling (docs/permissions.md)", () => {
  const checksRead = { ...NO_ACCESS, checks: "read" as const };
  const key = (over: Partial<CallerKey> = {}): CallerKey => ({
    id: "k",
    kind: "service",
    via: "key",
    permissions: null,
    rateLimit: null,
    allowedIps: null,
    expiresAt: null,
    ...over,
  });
  const service = (over: Partial<KeyPower> = {}): KeyPower => ({
    kind: "service",
    ownerUserId: null,
    role: "admin",
    permissions: null,
    rateLimit: null,
    allowedIps: null,
    expiresAt: null,
    ...over,
  });
  const userKey = (over: Partial<KeyPower> = {}): KeyPower =>
    service({ kind: "user", ownerUserId: "u1", role: null, ...over });

  it("people are bounded by their role alone; unrestricted keys by their role", () => {
    expect(ceilingDecision({ role: "admin", userId: "u1", key: null }, service()).ok).toBe(true);
    expect(ceilingDecision({ role: "admin", userId: null, key: key() }, service()).ok).toBe(true);
    expect(ceilingDecision({ role: "read_write", userId: null, key: key() }, service()).ok).toBe(false);
    expect(ceilingDecision({ role: "read_only", userId: "u1", key: null }, userKey()).ok).toBe(true);
  });
  it("a restricted key grants within its own effective access, and no further", () => {
    const actor: Caller = { role: "admin", userId: null, key: key({ permissions: checksRead }) };
    expect(ceilingDecision(actor, service({ permissions: checksRead })).ok).toBe(true);
    expect(
      ceilingDecision(actor, service({ role: "read_only", permissions: { ...NO_ACCESS, checks: "write" } })).ok,
    ).toBe(true); // lowered by read_only's role
    expect(ceilingDecision(actor, service({ permissions: { ...NO_ACCESS, checks: "write" } })).ok).toBe(false);
    expect(ceilingDecision(actor, service({ role: "read_only" })).ok).toBe(false); // read_only may read members
  });
  it("user keys compare restrictions directly, whatever the owner's role in the account named", () => {
    // The owner is read_only here: through the role, checks: write would look like checks: read.
    const actor: Caller = {
      role: "read_only",
      userId: "u1",
      key: key({ kind: "user", permissions: { ...checksRead, api_keys: "write" } }),
    };
    expect(
      ceilingDecision(actor, userKey({ permissions: { ...NO_ACCESS, checks: "write", api_keys: "write" } })).ok,
    ).toBe(false);
    expect(ceilingDecision(actor, userKey({ permissions: { ...NO_ACCESS, checks: "read" } })).ok).toBe(true);
    expect(ceilingDecision(actor, userKey({ permissions: null })).ok).toBe(false);
    // Someone else's user key is never the caller's to hand on.
    expect(ceilingDecision({ ...actor, userId: "u2" }, userKey({ permissions: checksRead })).ok).toBe(false);
  });
  it("rate limit: none or a looser one is refused when the caller has one", () => {
    const actor: Caller = { role: "admin", userId: null, key: key({ rateLimit: { limit: 100, windowSeconds: 60 } }) };
    expect(ceilingDecision(actor, service()).ok).toBe(false);
    expect(ceilingDecision(actor, service({ rateLimit: { limit: 100, windowSeconds: 60 } })).ok).toBe(true);
    expect(ceilingDecision(actor, service({ rateLimit: { limit: 10, windowSeconds: 10 } })).ok).toBe(true);
    // A higher rate, then a bigger burst.
    expect(ceilingDecision(actor, service({ rateLimit: { limit: 100, windowSeconds: 1 } })).ok).toBe(false);
    expect(ceilingDecision(actor, service({ rateLimit: { limit: 1000, windowSeconds: 600 } })).ok).toBe(false);
  });
  it("allow-list: inside the caller's, when it has one", () => {
    const actor: Caller = {
      role: "admin",
      userId: null,
      key: key({ allowedIps: JSON.stringify(["10.0.0.0/8", "2001:db8::/32"]) }),
    };
    expect(ceilingDecision(actor, service()).ok).toBe(false);
    expect(ceilingDecision(actor, service({ allowedIps: ["10.1.0.0/16", "10.2.3.4", "2001:db8:1::/48"] })).ok).toBe(
      true,
    );
    expect(ceilingDecision(actor, service({ allowedIps: ["10.0.0.0/7"] })).ok).toBe(false);
    expect(ceilingDecision(actor, service({ allowedIps: ["11.0.0.1"] })).ok).toBe(false);
  });
  it("expiry: no later than the caller's, when it has one", () => {
    const actor: Caller = { role: "admin", userId: null, key: key({ expiresAt: 2_000 }) };
    expect(ceilingDecision(actor, service()).ok).toBe(false);
    expect(ceilingDecision(actor, service({ expiresAt: 2_000 })).ok).toBe(true);
    expect(ceilingDecision(actor, service({ expiresAt: 2_001 })).ok).toBe(false);
  });
  it("an access token manages no key at all", () => {
    const actor: Caller = { role: "owner", userId: null, key: key({ via: "access_token" }) };
    expect(ceilingDecision(actor, service({ role: "read_only", permissions: NO_ACCESS })).ok).toBe(false);
    expect(() => authorize(actor, "own_keys.manage")).toThrow();
    expect(() => authorize(actor, "account_keys.manage")).toThrow();
    expect(() => authorize(actor, "checks.write")).not.toThrow();
  });
  it("names what exceeded the ceiling", () => {
    const actor: Caller = { role: "admin", userId: null, key: key({ permissions: checksRead }) };
    const d = ceilingDecision(actor, service());
    expect(!d.ok && d.reason).toMatch(/checks: write \(at most read\)/);
  });
});
