import { and, eq, sql } from "drizzle-orm";
import { accounts, memberships, users, type Account, type Membership, type User } from "@/db/schema";
import { forbidden } from "./errors";
import { can, type Permission } from "./policy";
import type { AuditActor, Tx } from "./audit";

/** Who is acting in the console: a signed-in user in their current account. */
export interface Caller {
  userId: string;
  accountId: string;
  ip?: string | null;
}

export interface CallerContext {
  user: User;
  account: Account;
  membership: Membership;
}

/**
 * Loads the caller's user, account and membership from the database (inside the caller's
 * transaction, so the decision and the write see the same rows). Not a member: forbidden.
 */
export function loadCaller(tx: Tx, caller: Caller): CallerContext {
  const row = tx
    .select({ user: users, account: accounts, membership: memberships })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(accounts, eq(accounts.id, memberships.accountId))
    .where(and(eq(memberships.accountId, caller.accountId), eq(memberships.userId, caller.userId)))
    .get();
  if (!row) throw forbidden("You are not a member of this account.");
  return row;
}

/** loadCaller, then refuse unless the caller's role holds the permission. */
export function authorize(tx: Tx, caller: Caller, permission: Permission, message?: string): CallerContext {
  const ctx = loadCaller(tx, caller);
  if (!can(ctx.membership.role, permission)) throw forbidden(message);
  return ctx;
}

export function ownerCount(tx: Tx, accountId: string): number {
  return (
    tx
      .select({ n: sql<number>`count(*)` })
      .from(memberships)
      .where(and(eq(memberships.accountId, accountId), eq(memberships.role, "owner")))
      .get()?.n ?? 0
  );
}

export const userActor = (user: Pick<User, "id" | "name">) => ({ type: "user" as const, id: user.id, name: user.name });

/** Who is acting through the public API: an authenticated key, already bound to one account. */
export interface KeyActor {
  kind: "key";
  keyId: string;
  keyName: string;
  /** For user keys, the owner acting through it. */
  userId: string | null;
  accountId: string;
  role: Membership["role"];
  ip?: string | null;
}

export interface ResolvedActor {
  accountId: string;
  role: Membership["role"];
  userId: string | null;
  audit: AuditActor;
  ip: string | null;
}

/** Console caller or API key, reduced to what a rule and an audit row need; refuses without the permission. */
export function resolveActor(tx: Tx, who: Caller | KeyActor, permission: Permission, message?: string): ResolvedActor {
  if ("kind" in who) {
    if (!can(who.role, permission)) throw forbidden(message);
    // A user key's events name the person behind it: accountability is why user keys exist.
    const owner = who.userId ? tx.select({ email: users.email }).from(users).where(eq(users.id, who.userId)).get() : undefined;
    return {
      accountId: who.accountId,
      role: who.role,
      userId: who.userId,
      audit: { type: "key", id: who.keyId, name: owner ? `${who.keyName} (${owner.email})` : who.keyName },
      ip: who.ip ?? null,
    };
  }
  const { user, account, membership } = authorize(tx, who, permission, message);
  return { accountId: account.id, role: membership.role, userId: user.id, audit: userActor(user), ip: who.ip ?? null };
}

/** The actor of an API request: the verified key, bound to its account, and the client IP. */
export function keyActor(principal: { keyId: string; name: string; userId: string | null; accountId: string; role: Membership["role"] }, ip: string): KeyActor {
  return { kind: "key", keyId: principal.keyId, keyName: principal.name, userId: principal.userId, accountId: principal.accountId, role: principal.role, ip };
}
