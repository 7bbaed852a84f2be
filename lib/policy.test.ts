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
  canGrantKeyAccess,
  NO_ACCESS,
  canTransferOwnership,
  PERMISSIONS,
  type Permission,
} from "./policy";

// SPEC section 2, typed in again by hand: the module must agree with the spec, row by row.
const Y = true;
const N = false;
const SPEC_MATRIX: Record<Permission, [owner: boolean, admin: boolean, readWrite: boolean, readOnly: boolean]> = {
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

describe("permission matrix (SPEC section 2)", () => {
  it("has a spec row for every permission the module knows, and no more", () => {
    expect(Object.keys(PERMISSIONS).sort()).toEqual(Object.keys(SPEC_MATRIX).sort());
  });

  for (const [permission, row] of Object.entries(SPEC_MATRIX) as [Permission, boolean[]][]) {
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
    for (const target of ROLES) cases.push([actor, target, actor === "owner" || (actor === "admin" && target !== "owner")]);
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
  it.each(ROLES.flatMap((role) => (["hobby", "team", "enterprise"] as const).map((plan) => [role, plan] as const)))("%s on %s", (role, plan) => {
    expect(canCreateServiceKey(role, plan).ok).toBe((role === "owner" || role === "admin") && plan === "enterprise");
  });
});

describe("creating user keys", () => {
  it("every role may while the account does not restrict creation", () => {
    for (const role of ROLES) expect(canCreateUserKey({ role, canCreateKeys: false }, { restrictKeyCreation: false }).ok).toBe(true);
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
    for (const kind of ["service", "legacy"] as const) expect(canRotateKey({ kind, ownerUserId: null }, { userId: "u1", role }).ok).toBe(allowed);
  });
});

describe("canChangeKey: who edits, restricts, disables or fixes a key", () => {
  const ROLES_ALL = ["owner", "admin", "read_write", "read_only"] as const;
  it.each(ROLES_ALL)("a %s changes a user key only if it is their own, and service and legacy keys only as owner or admin", (role) => {
    expect(canChangeKey({ kind: "user", ownerUserId: "u1" }, { userId: "u1", role }).ok).toBe(true);
    expect(canChangeKey({ kind: "user", ownerUserId: "u1" }, { userId: "u2", role }).ok).toBe(false);
    for (const kind of ["service", "legacy"] as const)
      expect(canChangeKey({ kind, ownerUserId: null }, { userId: "u1", role }).ok).toBe(role === "owner" || role === "admin");
  });
});

describe("canGrantKeyAccess: a restricted key hands on no more than it has", () => {
  const checksRead = { ...NO_ACCESS, checks: "read" as const };
  it("people and unrestricted keys are bounded by their role alone", () => {
    expect(canGrantKeyAccess({ role: "admin", key: null }, "admin", null).ok).toBe(true);
    expect(canGrantKeyAccess({ role: "admin", key: { permissions: null } }, "admin", null).ok).toBe(true);
  });
  it("a restricted key may grant within its own effective access, and no further", () => {
    const actor = { role: "admin" as const, key: { permissions: checksRead } };
    expect(canGrantKeyAccess(actor, "admin", checksRead).ok).toBe(true);
    expect(canGrantKeyAccess(actor, "read_only", { ...NO_ACCESS, checks: "write" }).ok).toBe(true); // lowered by read_only's role
    expect(canGrantKeyAccess(actor, "admin", { ...NO_ACCESS, checks: "write" }).ok).toBe(false);
    expect(canGrantKeyAccess(actor, "read_only", null).ok).toBe(false); // read_only may read members
  });
});
