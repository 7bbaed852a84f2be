// Who is asking: one Actor, built in exactly two places — from a console session (app/_server/session.ts,
// actorFromSession) and from an API key or access token (lib/api-auth.ts, verifyKey) — and handed down
// to the domain. Each operation that writes loads it inside its own transaction (loadActor: the current
// role, and the key's current status and limits) and asks the policy module (authorize, and for keys the
// ceiling), so the decision and the write see the same rows.
import { first } from "@/db/query";
import { and, eq, sql } from "drizzle-orm";
import {
  accounts,
  apiKeys,
  memberships,
  users,
  type Account,
  type KeyKind,
  type Membership,
  type Role,
  type User,
} from "@/db/schema";
import { personAudit, type AuditActor, type Tx } from "./audit";
import { forbidden, PublicError } from "./errors";
import { keyLimits } from "./keys/limits";
import { authorize, keyOwnRole, type CallerKey, type Permission } from "./policy";

export interface Actor {
  /** The account the request acts in. */
  accountId: string;
  /** The role it acts with: the member's (people and user keys), the key's own (service keys), admin (legacy). */
  role: Role;
  /** The person: the signed-in user, or the owner of a user key; null for service and legacy keys. */
  userId: string | null;
  /**
   * The key the request came with, or the key behind its access token (`via`); null in the console. Its
   * restriction and limits are what the key ceiling compares (docs/permissions.md#the-key-ceiling).
   */
  key: ActorKey | null;
  ip: string | null;
}

export interface ActorKey extends CallerKey {
  name: string;
  kind: KeyKind;
}

/** The actor as its operation's transaction sees it: current role, account, person and audit name. */
export interface LoadedActor extends Actor {
  account: Account;
  user: User | null;
  membership: Membership | null;
  audit: AuditActor;
}

/**
 * Re-reads the actor inside the caller's transaction: a person must still be a member (their role is the
 * current one), a key must still exist and be active. Not so: forbidden, as at the door.
 */
export async function loadActor(tx: Tx, actor: Actor, now = Date.now()): Promise<LoadedActor> {
  const account = await first(tx.select().from(accounts).where(eq(accounts.id, actor.accountId)));
  if (!account) throw forbidden("You are not a member of this account.");
  let user: User | null = null;
  let membership: Membership | null = null;
  if (actor.userId) {
    const row = await first(
      tx
        .select({ user: users, membership: memberships })
        .from(users)
        .leftJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.accountId, actor.accountId)))
        .where(eq(users.id, actor.userId)),
    );
    if (!row?.membership) throw forbidden("You are not a member of this account.");
    ({ user, membership } = row);
  }
  let key = actor.key;
  let ownRole: Role | null = null;
  if (key) {
    // A key deleted, disabled or expired while its request was under way (a body upload) acts no more;
    // one edited meanwhile acts with what it has now.
    const row = await first(
      tx
        .select({
          role: apiKeys.role,
          status: apiKeys.status,
          expiresAt: apiKeys.expiresAt,
          permissions: apiKeys.permissions,
          rateLimit: apiKeys.rateLimit,
          rateLimitWindow: apiKeys.rateLimitWindow,
          allowedIps: apiKeys.allowedIps,
        })
        .from(apiKeys)
        .where(eq(apiKeys.id, key.id)),
    );
    if (!row || row.status !== "active" || (row.expiresAt && row.expiresAt.getTime() <= now))
      throw new PublicError("invalid_key", "The API key is not valid.");
    const limits = keyLimits(row);
    key = {
      ...key,
      expiresAt: row.expiresAt?.getTime() ?? null,
      permissions: limits.permissions,
      rateLimit: limits.rateLimit,
      allowedIps: row.allowedIps,
    };
    ownRole = keyOwnRole({ kind: key.kind, role: row.role });
  }
  const role = key && !actor.userId ? (ownRole ?? actor.role) : membership!.role;
  // A user key's events name the person behind it: accountability is why user keys exist.
  const audit: AuditActor = key
    ? { type: "key", id: key.id, name: user ? `${key.name} (${user.email})` : key.name }
    : personAudit(user!);
  return { ...actor, key, role, account, user, membership, audit };
}

/** loadActor for operations only a signed-in person does (never a key): the user and membership are there. */
export async function loadPerson(tx: Tx, actor: Actor): Promise<LoadedActor & { user: User; membership: Membership }> {
  const loaded = await loadActor(tx, actor);
  if (!loaded.user || !loaded.membership || loaded.key) throw forbidden("Only a signed-in member can do that.");
  return loaded as LoadedActor & { user: User; membership: Membership };
}

/** loadPerson, then the policy's answer for the permission: the usual first line of a console operation. */
export async function authorizedPerson(tx: Tx, actor: Actor, permission: Permission, message?: string) {
  const person = await loadPerson(tx, actor);
  authorize(person, permission, message);
  return person;
}

export async function ownerCount(tx: Tx, accountId: string): Promise<number> {
  return (
    (
      await first(
        tx
          .select({ n: sql<number>`count(*)` })
          .from(memberships)
          .where(and(eq(memberships.accountId, accountId), eq(memberships.role, "owner"))),
      )
    )?.n ?? 0
  );
}
