import { randomUUID } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import { accounts, apiKeys, memberships, users, type Plan, type Role } from "@/db/schema";
import type { DB } from "@/db/connection";
import { recordAudit } from "./audit";
import { notify } from "./notifications";
import { authorizedPerson, loadPerson, personAudit, type Actor } from "./actor";
import { PublicError } from "./errors";
import { hashPassword } from "./passwords";

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export function findUserByEmail(db: DB, email: string) {
  return db.select().from(users).where(eq(users.email, normalizeEmail(email))).get();
}

export function findUserById(db: DB, id: string) {
  return db.select().from(users).where(eq(users.id, id)).get();
}

/** Sign-up: the user and their personal `hobby` account, which they own, in one transaction. */
export async function createUserWithAccount(
  db: DB,
  input: { name: string; email: string; password: string },
  ip?: string | null,
) {
  const passwordHash = await hashPassword(input.password);
  const email = normalizeEmail(input.email);
  return db.transaction(
    (tx) => {
      if (tx.select({ id: users.id }).from(users).where(eq(users.email, email)).get())
        throw new PublicError("conflict", "An account with this email already exists. Sign in instead.");
      const user = tx.insert(users).values({ id: randomUUID(), email, name: input.name.trim(), passwordHash }).returning().get();
      const account = tx
        .insert(accounts)
        .values({ id: randomUUID(), name: `${user.name}'s account`, plan: "hobby" })
        .returning()
        .get();
      tx.insert(memberships).values({ accountId: account.id, userId: user.id, role: "owner" }).run();
      recordAudit(tx, {
        accountId: account.id,
        actor: personAudit(user),
        action: "account.created",
        target: { type: "account", id: account.id, name: account.name },
        ip,
      });
      return { user, account };
    },
    { behavior: "immediate" },
  );
}

export interface AccountSummary {
  id: string;
  name: string;
  plan: Plan;
  role: Role;
}

export function listUserAccounts(db: DB, userId: string): AccountSummary[] {
  return db
    .select({ id: accounts.id, name: accounts.name, plan: accounts.plan, role: memberships.role })
    .from(memberships)
    .innerJoin(accounts, eq(accounts.id, memberships.accountId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(accounts.name), asc(accounts.id))
    .all();
}

export function updateProfile(db: DB, userId: string, input: { name: string }) {
  const name = input.name.trim();
  db.update(users).set({ name }).where(eq(users.id, userId)).run();
  return { name };
}

export function renameAccount(db: DB, actor: Actor, name: string) {
  return db.transaction(
    (tx) => {
      const { user, account } = authorizedPerson(tx, actor, "account.update", "Only owners and admins can rename the account.");
      const next = name.trim();
      if (next === account.name) return { name: next };
      tx.update(accounts).set({ name: next }).where(eq(accounts.id, account.id)).run();
      recordAudit(tx, {
        accountId: account.id,
        actor: personAudit(user),
        action: "account.renamed",
        target: { type: "account", id: account.id, name: next },
        details: { from: account.name, to: next },
        ip: actor.ip,
      });
      return { name: next };
    },
    { behavior: "immediate" },
  );
}

export function changePlan(db: DB, actor: Actor, plan: Plan) {
  return db.transaction(
    (tx) => {
      const { user, account } = authorizedPerson(tx, actor, "account.own", "Only an owner can change the plan.");
      if (plan === account.plan) return { plan };
      tx.update(accounts).set({ plan }).where(eq(accounts.id, account.id)).run();
      recordAudit(tx, {
        accountId: account.id,
        actor: personAudit(user),
        action: "account.plan_changed",
        target: { type: "account", id: account.id, name: account.name },
        details: { from: account.plan, to: plan },
        ip: actor.ip,
      });
      return { plan };
    },
    { behavior: "immediate" },
  );
}

export function setRestrictKeyCreation(db: DB, actor: Actor, restrict: boolean) {
  return db.transaction(
    (tx) => {
      const { user, account } = authorizedPerson(tx, actor, "account.update",
        "Only owners and admins can change who creates API keys.",
      );
      if (restrict === account.restrictKeyCreation) return { restrict };
      tx.update(accounts).set({ restrictKeyCreation: restrict }).where(eq(accounts.id, account.id)).run();
      recordAudit(tx, {
        accountId: account.id,
        actor: personAudit(user),
        action: "account.key_creation_restricted",
        target: { type: "account", id: account.id, name: account.name },
        details: { restrictKeyCreation: restrict },
        ip: actor.ip,
      });
      return { restrict };
    },
    { behavior: "immediate" },
  );
}

export const KEY_LIFETIME_CHOICES = [null, 30, 90, 365] as const;

/** Maximum key lifetime (SPEC section 9): owners and admins; existing keys are not changed. */
export function setMaxKeyLifetime(db: DB, actor: Actor, days: (typeof KEY_LIFETIME_CHOICES)[number]) {
  return db.transaction(
    (tx) => {
      const { user, account } = authorizedPerson(tx, actor, "account.update", "Only owners and admins set the key policy.");
      if (days === account.maxKeyLifetimeDays) return { days };
      tx.update(accounts).set({ maxKeyLifetimeDays: days }).where(eq(accounts.id, account.id)).run();
      recordAudit(tx, {
        accountId: account.id,
        actor: personAudit(user),
        action: "account.key_lifetime_changed",
        target: { type: "account", id: account.id, name: account.name },
        details: { from: account.maxKeyLifetimeDays, to: days },
        ip: actor.ip,
      });
      return { days };
    },
    { behavior: "immediate" },
  );
}

/** The caller's view of their current account (general settings page). */
export function getAccountForActor(db: DB, actor: Actor) {
  return loadPerson(db, actor);
}

export function isMember(db: DB, accountId: string, userId: string): boolean {
  return !!db
    .select({ a: memberships.accountId })
    .from(memberships)
    .where(and(eq(memberships.accountId, accountId), eq(memberships.userId, userId)))
    .get();
}

/**
 * Deletes an account (owners; SPEC section 2): its memberships, keys — service keys, the legacy key and
 * the user keys created in it — checks and invitations go with it, so its keys stop working at once.
 * The owner types the account's name to confirm. The audit log keeps the event (audit rows outlive
 * their account), and every member is told.
 */
export function deleteAccount(db: DB, actor: Actor, confirmName: string) {
  return db.transaction(
    (tx) => {
      const me = authorizedPerson(tx, actor, "account.own", "Only an owner can delete the account.");
      if (confirmName.trim() !== me.account.name)
        throw new PublicError("validation_failed", "Type the account's name to confirm.", { confirmName: [`Type ${me.account.name} exactly.`] });
      const members = tx.select({ userId: memberships.userId }).from(memberships).where(eq(memberships.accountId, me.account.id)).all();
      const keys = tx.select({ id: apiKeys.id }).from(apiKeys).where(eq(apiKeys.accountId, me.account.id)).all();
      recordAudit(tx, {
        accountId: me.account.id,
        actor: me.audit,
        action: "account.deleted",
        target: { type: "account", id: me.account.id, name: me.account.name },
        details: { members: members.length, keysDeleted: keys.length },
        ip: me.ip,
      });
      notify(
        tx,
        members.map((m) => m.userId).filter((id) => id !== me.user.id),
        { kind: "account.deleted", message: `${me.user.name} deleted the account “${me.account.name}”. Your access and your keys there are gone.`, link: null },
      );
      tx.delete(accounts).where(eq(accounts.id, me.account.id)).run();
      return { name: me.account.name, keysDeleted: keys.length };
    },
    { behavior: "immediate" },
  );
}
