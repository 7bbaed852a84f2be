import { first, only } from "@/db/query";
import { transaction } from "@/db/transaction";
import { randomUUID } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import { accounts, apiKeys, memberships, users, type Plan, type Role } from "@/db/schema";
import type { DB } from "@/db/connection";
import { accountTarget, doneBy, personAudit, recordAudit } from "./audit";
import { notify } from "./notifications";
import { authorizedPerson, loadPerson, type Actor } from "./actor";
import { PublicError } from "./errors";
import { hashPassword } from "./passwords";

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export async function findUserByEmail(db: DB, email: string) {
  return await first(db.select().from(users).where(eq(users.email, normalizeEmail(email))));
}

export async function findUserById(db: DB, id: string) {
  return await first(db.select().from(users).where(eq(users.id, id)));
}

/** Sign-up: the user and their personal `hobby` account, which they own, in one transaction. */
export async function createUserWithAccount(
  db: DB,
  input: { name: string; email: string; password: string },
  ip?: string | null,
) {
  const passwordHash = await hashPassword(input.password);
  const email = normalizeEmail(input.email);
  return await transaction(db, async (tx) => {
    if ((await first(tx.select({ id: users.id }).from(users).where(eq(users.email, email)))))
      throw new PublicError("conflict", "An account with this email already exists. Sign in instead.");
    const user = await only(tx.insert(users).values({ id: randomUUID(), email, name: input.name.trim(), passwordHash }).returning());
    const account = await only(tx
      .insert(accounts)
      .values({ id: randomUUID(), name: `${user.name}'s account`, plan: "hobby" })
      .returning());
    await tx.insert(memberships).values({ accountId: account.id, userId: user.id, role: "owner" });
    await recordAudit(tx, {
      accountId: account.id,
      actor: personAudit(user),
      action: "account.created",
      target: accountTarget(account),
      ip,
    });
    return { user, account };
  });
}

export interface AccountSummary {
  id: string;
  name: string;
  plan: Plan;
  role: Role;
}

export async function listUserAccounts(db: DB, userId: string): Promise<AccountSummary[]> {
  return await db
    .select({ id: accounts.id, name: accounts.name, plan: accounts.plan, role: memberships.role })
    .from(memberships)
    .innerJoin(accounts, eq(accounts.id, memberships.accountId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(accounts.name), asc(accounts.id));
}

export async function updateProfile(db: DB, userId: string, input: { name: string }) {
  const name = input.name.trim();
  await db.update(users).set({ name }).where(eq(users.id, userId));
  return { name };
}

export async function renameAccount(db: DB, actor: Actor, name: string) {
  return await transaction(db, async (tx) => {
    const { user, account } = await authorizedPerson(tx, actor, "account.update", "Only owners and admins can rename the account.");
    const next = name.trim();
    if (next === account.name) return { name: next };
    await tx.update(accounts).set({ name: next }).where(eq(accounts.id, account.id));
    await recordAudit(tx, {
      accountId: account.id,
      actor: personAudit(user),
      action: "account.renamed",
      target: { type: "account", id: account.id, name: next },
      details: { from: account.name, to: next },
      ip: actor.ip,
    });
    return { name: next };
  });
}

export async function changePlan(db: DB, actor: Actor, plan: Plan) {
  return await transaction(db, async (tx) => {
    const { user, account } = await authorizedPerson(tx, actor, "account.own", "Only an owner can change the plan.");
    if (plan === account.plan) return { plan };
    await tx.update(accounts).set({ plan }).where(eq(accounts.id, account.id));
    await recordAudit(tx, {
      accountId: account.id,
      actor: personAudit(user),
      action: "account.plan_changed",
      target: { type: "account", id: account.id, name: account.name },
      details: { from: account.plan, to: plan },
      ip: actor.ip,
    });
    return { plan };
  });
}

export async function setRestrictKeyCreation(db: DB, actor: Actor, restrict: boolean) {
  return await transaction(db, async (tx) => {
    const { user, account } = await authorizedPerson(tx, actor, "account.update",
      "Only owners and admins can change who creates API keys.",
    );
    if (restrict === account.restrictKeyCreation) return { restrict };
    await tx.update(accounts).set({ restrictKeyCreation: restrict }).where(eq(accounts.id, account.id));
    await recordAudit(tx, {
      accountId: account.id,
      actor: personAudit(user),
      action: "account.key_creation_restricted",
      target: { type: "account", id: account.id, name: account.name },
      details: { restrictKeyCreation: restrict },
      ip: actor.ip,
    });
    return { restrict };
  });
}

export const KEY_LIFETIME_CHOICES = [null, 30, 90, 365] as const;

/** Maximum key lifetime (docs/concepts.md#status-expiry-and-deletion): owners and admins; existing keys are not changed. */
export async function setMaxKeyLifetime(db: DB, actor: Actor, days: (typeof KEY_LIFETIME_CHOICES)[number]) {
  return await transaction(db, async (tx) => {
    const { user, account } = await authorizedPerson(tx, actor, "account.update", "Only owners and admins set the key policy.");
    if (days === account.maxKeyLifetimeDays) return { days };
    await tx.update(accounts).set({ maxKeyLifetimeDays: days }).where(eq(accounts.id, account.id));
    await recordAudit(tx, {
      accountId: account.id,
      actor: personAudit(user),
      action: "account.key_lifetime_changed",
      target: { type: "account", id: account.id, name: account.name },
      details: { from: account.maxKeyLifetimeDays, to: days },
      ip: actor.ip,
    });
    return { days };
  });
}

/** The caller's view of their current account (general settings page). */
export function getAccountForActor(db: DB, actor: Actor) {
  return loadPerson(db, actor);
}

export async function isMember(db: DB, accountId: string, userId: string): Promise<boolean> {
  return !!(await first(db
    .select({ a: memberships.accountId })
    .from(memberships)
    .where(and(eq(memberships.accountId, accountId), eq(memberships.userId, userId)))));
}

/**
 * Deletes an account (owners; docs/concepts.md#accounts): its memberships, keys — service keys, the legacy key and
 * the user keys created in it — checks and invitations go with it, so its keys stop working at once.
 * The owner types the account's name to confirm. The audit log keeps the event (audit rows outlive
 * their account), and every member is told.
 */
export async function deleteAccount(db: DB, actor: Actor, confirmName: string) {
  return await transaction(db, async (tx) => {
    const me = await authorizedPerson(tx, actor, "account.own", "Only an owner can delete the account.");
    if (confirmName.trim() !== me.account.name)
      throw new PublicError("validation_failed", "Type the account's name to confirm.", { confirmName: [`Type ${me.account.name} exactly.`] });
    const members = await tx.select({ userId: memberships.userId }).from(memberships).where(eq(memberships.accountId, me.account.id));
    const keys = await tx.select({ id: apiKeys.id }).from(apiKeys).where(eq(apiKeys.accountId, me.account.id));
    await recordAudit(tx, {
      accountId: me.account.id,
      ...doneBy(me),
      action: "account.deleted",
      target: accountTarget(me.account),
      details: { members: members.length, keysDeleted: keys.length },
    });
    await notify(
      tx,
      members.map((m) => m.userId).filter((id) => id !== me.user.id),
      { kind: "account.deleted", message: `${me.user.name} deleted the account “${me.account.name}”. Your access and your keys there are gone.`, link: null },
    );
    await tx.delete(accounts).where(eq(accounts.id, me.account.id));
    return { name: me.account.name, keysDeleted: keys.length };
  });
}
