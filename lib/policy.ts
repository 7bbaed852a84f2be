// Every permission of docs/permissions.md#the-permission-matrix, as data. Server actions and API handlers ask this
// module and refuse on the server; pages use the same answers only to hide what a role cannot do.
import type { KeyKind, Plan, Role, ServiceRole } from "@/db/schema";
import { forbidden } from "./errors";
import { rangesWithin } from "./ip-ranges";

export const ROLE_LABELS: Record<Role, string> = {
  owner: "Owner",
  admin: "Admin",
  read_write: "Read & write",
  read_only: "Read only",
};

/**
 * A role in words, for any value that may hold one (a key row, an audit event's details); anything else comes back as
 * it is.
 */
export function roleLabel(role: string): string {
  return Object.hasOwn(ROLE_LABELS, role) ? ROLE_LABELS[role as Role] : role;
}

const ALL: readonly Role[] = ["owner", "admin", "read_write", "read_only"];
const WRITERS: readonly Role[] = ["owner", "admin", "read_write"];
const ADMINS: readonly Role[] = ["owner", "admin"];
const OWNERS: readonly Role[] = ["owner"];

/** One row per line of the table in docs/permissions.md#the-permission-matrix. */
export const PERMISSIONS = {
  // see account general settings, team list, own keys
  "account.read": ALL,
  // see the account's members and their roles
  "members.read": ALL,
  // see own user API keys
  "own_keys.read": ALL,
  // create / edit / delete own user API keys (subject to the creation restriction)
  "own_keys.manage": ALL,
  "checks.read": ALL,
  "checks.write": WRITERS,
  // rename account; toggle "Restrict API key creation"; grant or revoke key-creation rights
  "account.update": ADMINS,
  // invite members; change a member's role; remove a member (plus the target rules below)
  "members.manage": ADMINS,
  // see all keys of the account
  "account_keys.read": ADMINS,
  // create / edit / delete service keys; delete all keys of the account
  "account_keys.manage": ADMINS,
  "audit_log.read": ADMINS,
  // change the plan; transfer ownership; delete the account
  "account.own": OWNERS,
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role | null | undefined, permission: Permission): boolean {
  return !!role && (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

/**
 * The credential behind a request, as far as authorization cares (lib/actor.ts builds it): null for a
 * console session; for an API key (or an access token standing for one) the key's own limits.
 */
export interface CallerKey {
  id: string;
  kind: KeyKind;
  /** "access_token": the request came with a JWT from POST /api/v1/token standing for this key. */
  via: "key" | "access_token";
  /**
   * The key's restriction (docs/concepts.md#restrictions-rate-limits-and-allow-lists), or null when it inherits its
   * role.
   */
  permissions: Access | null;
  rateLimit: { limit: number; windowSeconds: number } | null;
  /** The key's allow-list as stored (a JSON array of canonical entries), or null. */
  allowedIps: string | null;
  /** Epoch ms, or null. */
  expiresAt: number | null;
}

/** Who is asking: a role in the account acted in, the person (if any), the key (if any). */
export interface Caller {
  role: Role | null;
  userId: string | null;
  key: CallerKey | null;
}

/**
 * Permissions that create, edit, rotate or delete keys: an access token never has them
 * (docs/permissions.md#access-tokens-never-manage-keys). Only an API key, or a person, manages keys.
 */
const KEY_MANAGEMENT: ReadonlySet<Permission> = new Set(["own_keys.manage", "account_keys.manage"]);

/**
 * The one authorization question: refuses with 403. The API's router asks it for every route's declared permission
 * before the handler runs, and domain functions ask it again inside their transaction. A restricted key
 * (docs/concepts.md#restrictions-rate-limits-and-allow-lists) gets the lower of its role and its own permissions.
 */
export function authorize(actor: Caller, permission: Permission, message?: string): void {
  if (actor.key?.via === "access_token" && KEY_MANAGEMENT.has(permission))
    throw forbidden("An access token cannot create, edit, rotate or delete API keys: use an API key.");
  if (!can(actor.role, permission)) throw forbidden(message ?? "This role does not allow that.");
  const restriction = actor.key?.permissions;
  if (restriction) {
    const needs = PERMISSION_ACCESS[permission];
    if (needs && !allows(restriction, needs[0], needs[1]))
      throw forbidden(
        `This API key is restricted: it has ${restriction[needs[0]]} access to ${needs[0]}, and this needs ${needs[1]}.`,
      );
  }
}

/** The legacy account key acts with the admin role (docs/concepts.md#the-legacy-key); its row stores no role. */
export const LEGACY_KEY_ROLE = "admin" satisfies ServiceRole;

/**
 * The role a key carries itself: a service key's own, LEGACY_KEY_ROLE for the legacy key, null for a user
 * key (which acts with its owner's role, account by account: keyRole).
 */
export function keyOwnRole<R extends Role>(key: { kind: KeyKind; role: R | null }): R | typeof LEGACY_KEY_ROLE | null {
  return key.kind === "legacy" ? LEGACY_KEY_ROLE : key.role;
}

/**
 * The role a key acts with: its owner's role in the account (user keys), its own (service and legacy keys: keyOwnRole).
 */
export function keyRole(kind: KeyKind, ownRole: Role | null, memberRole: Role | null): Role | null {
  if (kind === "user") return memberRole;
  return keyOwnRole({ kind, role: ownRole });
}

/**
 * Who changes a key (edit, restrict, disable, fix a health finding): a user key only its owner, the
 * account's service and legacy keys its owners and admins.
 */
export function canChangeKey(
  key: { kind: KeyKind; ownerUserId: string | null },
  viewer: Pick<Caller, "userId" | "role">,
): Decision {
  if (key.kind === "user")
    return key.ownerUserId !== null && key.ownerUserId === viewer.userId
      ? allow
      : deny("Only its owner changes a user key.");
  return can(viewer.role, "account_keys.manage") ? allow : deny("Only owners and admins manage the account's keys.");
}

/**
 * Who rotates a key (docs/permissions.md#who-manages-which-key): the same people who change it — the new token goes to
 * whoever rotates, so a user key only by its owner (or by the key itself, which needs no rule).
 */
export function canRotateKey(
  key: { kind: KeyKind; ownerUserId: string | null },
  viewer: Pick<Caller, "userId" | "role">,
): Decision {
  if (canChangeKey(key, viewer).ok) return allow;
  return deny(
    key.kind === "user"
      ? "Only its owner rotates a user key (or the key itself, with /api-keys/self/rotate)."
      : "Only owners and admins rotate the account's keys.",
  );
}

/** Who sees a key's page and its actions: the owner of a user key, and the owners and admins of its account. */
export function keyViewerRights(
  key: { kind: KeyKind; ownerUserId: string | null },
  viewer: { userId: string; roleInKeyAccount: Role | null },
) {
  const own = key.kind === "user" && key.ownerUserId === viewer.userId;
  const admin = can(viewer.roleInKeyAccount, "account_keys.manage");
  return { own, admin, visible: own || admin };
}

export type Decision = { ok: true } | { ok: false; reason: string };
const allow: Decision = { ok: true };
const deny = (reason: string): Decision => ({ ok: false, reason });

/** Admins never touch an owner; owners may act on anyone. */
export function canActOnMember(actor: Role, target: Role): Decision {
  if (!can(actor, "members.manage")) return deny("Only owners and admins manage members.");
  if (target === "owner" && actor !== "owner") return deny("Only an owner can change or remove an owner.");
  return allow;
}

/** Who may invite with, or change a member to, a given role. */
export function canGrantRole(actor: Role, role: Role): Decision {
  if (!can(actor, "members.manage")) return deny("Only owners and admins manage members.");
  if (role === "owner" && actor !== "owner") return deny("Only an owner can grant the Owner role.");
  return allow;
}

export interface RoleChange {
  actor: Role;
  target: Role;
  next: Role;
  ownerCount: number;
}

export function canChangeRole({ actor, target, next, ownerCount }: RoleChange): Decision {
  const onMember = canActOnMember(actor, target);
  if (!onMember.ok) return onMember;
  const grant = canGrantRole(actor, next);
  if (!grant.ok) return grant;
  if (target === "owner" && next !== "owner" && ownerCount <= 1)
    return deny("An account must keep at least one owner. Make someone else an owner first.");
  return allow;
}

export function canRemoveMember(actor: Role, target: Role, ownerCount: number): Decision {
  const onMember = canActOnMember(actor, target);
  if (!onMember.ok) return onMember;
  if (target === "owner" && ownerCount <= 1) return deny("The last owner of an account cannot be removed.");
  return allow;
}

export function canLeaveAccount(role: Role, ownerCount: number): Decision {
  if (role === "owner" && ownerCount <= 1)
    return deny("You are the last owner. Transfer ownership before leaving this account.");
  return allow;
}

export function canTransferOwnership(actor: Role): Decision {
  return can(actor, "account.own") ? allow : deny("Only an owner can transfer ownership.");
}

/**
 * Creating a user key in an account: every role may, unless the account restricts key creation, in
 * which case only members holding the grant may (owners included).
 */
export function canCreateUserKey(
  membership: { role: Role; canCreateKeys: boolean },
  account: { restrictKeyCreation: boolean },
): Decision {
  if (!can(membership.role, "own_keys.manage")) return deny("You cannot create API keys in this account.");
  if (account.restrictKeyCreation && !membership.canCreateKeys)
    return deny("This account restricts API key creation. Ask an owner or admin for the right to create keys.");
  return allow;
}

/**
 * Creating a service key: owners and admins, on the Enterprise plan. Editing, disabling and deleting
 * existing ones needs only the role, so an account that moved to a smaller plan can still revoke them.
 */
export function canCreateServiceKey(role: Role, plan: Plan): Decision {
  if (!can(role, "account_keys.manage")) return deny("Only owners and admins manage service API keys.");
  if (plan !== "enterprise") return deny("Service API keys need the Enterprise plan.");
  return allow;
}

// --------------------------------------------------------------------------------------------- Per-resource access
// (docs/permissions.md#resources-and-access-levels): what a role allows on each resource of the API, as the verify
// endpoint and access tokens report it.

export const RESOURCES = ["checks", "members", "api_keys", "audit_log"] as const;
export type Resource = (typeof RESOURCES)[number];
export const ACCESS_LEVELS = ["none", "read", "write"] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];
export type Access = Record<Resource, AccessLevel>;

/** The order of the access levels (write includes read): the one ranking every comparison of levels uses. */
export const ACCESS_RANK: Record<AccessLevel, number> = { none: 0, read: 1, write: 2 };

/** An access level in words, as the console and refusals write it ("read and write" for write). */
export const ACCESS_LEVEL_WORDS: Record<AccessLevel, string> = { none: "none", read: "read", write: "read and write" };

/** A resource as the console names it: "Access to audit log", never `audit_log`. */
export const RESOURCE_LABELS: Record<Resource, string> = {
  checks: "checks",
  members: "members",
  api_keys: "API keys",
  audit_log: "audit log",
};

/** An access level as a choice in the console's selects. */
export const ACCESS_LEVEL_CHOICES: Record<AccessLevel, string> = {
  none: "None",
  read: "Read",
  write: "Read and write",
};

/** The permission of the matrix behind each resource and level. */
const RESOURCE_PERMISSIONS: Record<Resource, Partial<Record<"read" | "write", Permission>>> = {
  checks: { read: "checks.read", write: "checks.write" },
  members: { read: "members.read", write: "members.manage" },
  api_keys: { read: "account_keys.read", write: "account_keys.manage" },
  audit_log: { read: "audit_log.read" },
};

/**
 * The resource and level each permission touches, for restricted keys and for recording what a key did.
 * `null`: no resource (who the key is, and console-only account settings, which no key reaches).
 */
export const PERMISSION_ACCESS: Record<Permission, readonly [Resource, "read" | "write"] | null> = {
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

/** What a role may do on each resource: derived from the permission table, never written twice. */
export function roleAccess(role: Role): Access {
  return roleAccessOf(role);
}

function roleAccessOf(role: Role): Access {
  const out = {} as Access;
  for (const r of RESOURCES) {
    const p = RESOURCE_PERMISSIONS[r];
    out[r] = p.write && can(role, p.write) ? "write" : p.read && can(role, p.read) ? "read" : "none";
  }
  return out;
}

/** The effective access of a key: its role's, lowered to its own permissions when it is restricted. */
export function effectiveAccess(role: Role, restriction: Access | null | undefined): Access {
  const base = roleAccess(role);
  if (!restriction) return base;
  const out = {} as Access;
  for (const r of RESOURCES) out[r] = ACCESS_RANK[restriction[r]] < ACCESS_RANK[base[r]] ? restriction[r] : base[r];
  return out;
}

/** Whether access `a` is within `b` on every resource. */
export function accessWithin(a: Access, b: Access): boolean {
  return RESOURCES.every((r) => ACCESS_RANK[a[r]] <= ACCESS_RANK[b[r]]);
}

// --------------------------------------------------------------------------------------------- The key ceiling
// (docs/permissions.md#the-key-ceiling): no credential obtains, creates, rotates into, edits or widens a key with more
// power than it has itself. Every write of a key (lib/keys/key-records.ts: insertKey, editKey, changeStatus, and
// rotation through insertKey) asks ceilingDecision with the key as it would be after.

/** A key's power, as the ceiling compares it: what it may do, and the limits on doing it. */
export interface KeyPower {
  kind: KeyKind;
  /** The person behind a user key. */
  ownerUserId: string | null;
  /** A service key's own role (legacy keys act as admin, keyOwnRole; user keys as their owner, account by account). */
  role: Role | null;
  permissions: Access | null;
  rateLimit: { limit: number; windowSeconds: number } | null;
  /** Canonical entries, or null for any address. */
  allowedIps: string[] | null;
  /** Epoch ms, or null for never. */
  expiresAt: number | null;
}

/** Access levels that exceed `ceiling`, in words ("members: write (at most read)"). */
function excess(a: Access, ceiling: Access): string[] {
  return RESOURCES.filter((r) => ACCESS_RANK[a[r]] > ACCESS_RANK[ceiling[r]]).map(
    (r) => `${r}: ${a[r]} (at most ${ceiling[r]})`,
  );
}

/**
 * Whether `caller` may end up holding or handing out `target` (a new key, a key after an edit, a key it
 * enables, or the key it rotates into):
 * - access: for a user key of the caller's own person, the two restrictions compared directly — the key
 *   works in every account of that person with the person's role there, so its owner's role in the account
 *   named by this request says nothing about the others; for a key bound to one account (service, legacy),
 *   its effective access against the caller's effective access in that account;
 * - rate limit: when the caller has one, the target has one whose sustained rate and burst are no higher;
 * - allow-list: when the caller has one, every entry of the target's lies inside it;
 * - expiry: when the caller has one, the target expires no later.
 * A console session has no key: a person's power is their role (docs/permissions.md#the-key-ceiling).
 */
export function ceilingDecision(caller: Caller, target: KeyPower): Decision {
  const own = caller.key;
  if (own?.via === "access_token")
    return deny("An access token cannot create, edit, rotate or delete API keys: use an API key.");
  const over: string[] = [];
  if (target.kind === "user") {
    if (!target.ownerUserId || target.ownerUserId !== caller.userId) return deny("Only its owner changes a user key.");
    if (own?.permissions)
      over.push(...excess(effectiveAccess("owner", target.permissions), effectiveAccess("owner", own.permissions)));
  } else {
    const role = keyOwnRole(target);
    if (!role || !caller.role) return deny("That key acts in an account where you have no role.");
    over.push(...excess(effectiveAccess(role, target.permissions), effectiveAccess(caller.role, own?.permissions)));
  }
  if (own?.rateLimit) {
    const c = own.rateLimit;
    const t = target.rateLimit;
    if (!t) over.push(`rate limit: none (at most ${c.limit} per ${c.windowSeconds} s)`);
    // No looser: no more requests in one window, and no higher sustained rate (limit / window).
    else if (t.limit > c.limit || t.limit * c.windowSeconds > c.limit * t.windowSeconds)
      over.push(`rate limit: ${t.limit} per ${t.windowSeconds} s (at most ${c.limit} per ${c.windowSeconds} s)`);
  }
  if (own?.allowedIps) {
    const c = JSON.parse(own.allowedIps) as string[];
    if (!target.allowedIps?.length) over.push("allowed IPs: any address (at most your own allow-list)");
    else {
      const outside = rangesWithin(target.allowedIps, c);
      if (outside.length) over.push(`allowed IPs: ${outside.slice(0, 3).join(", ")} outside your own allow-list`);
    }
  }
  if (own?.expiresAt != null && (target.expiresAt === null || target.expiresAt > own.expiresAt))
    over.push(
      `expiry: ${target.expiresAt === null ? "never" : new Date(target.expiresAt).toISOString()} (at most ${new Date(own.expiresAt).toISOString()})`,
    );
  if (!over.length) return allow;
  return deny(
    `That would give a key more power than ${own ? "the calling key" : "you"} ${own ? "has" : "have"}: ${over.join("; ")}.`,
  );
}

export function assertWithinCeiling(caller: Caller, target: KeyPower): void {
  const decision = ceilingDecision(caller, target);
  if (!decision.ok) throw forbidden(decision.reason);
}

/** No access to any resource: a restriction's starting point. */
export const NO_ACCESS: Readonly<Access> = Object.freeze(
  Object.fromEntries(RESOURCES.map((r) => [r, "none"])) as Access,
);

/** "checks: read, members: read and write"; the resources an access map grants, in words. */
export function describeAccess(a: Access): string {
  const granted = RESOURCES.filter((r) => a[r] !== "none");
  return granted.length
    ? granted.map((r) => `${r}: ${ACCESS_LEVEL_WORDS[a[r]]}`).join(", ")
    : "no access to any resource";
}

/** Whether an access map allows `resource:level` (write includes read). */
export function allows(access: Access, resource: Resource, level: "read" | "write"): boolean {
  return ACCESS_RANK[access[resource]] >= ACCESS_RANK[level];
}
