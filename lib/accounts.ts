import { first, only } from "@/db/query";
import { transaction } from "@/db/transaction";
import { randomUUID } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import { accounts, apiKeys, memberships, users, type Account, type Plan, type Role } from "@/db/schema";
import type { DB } from "@/db/connection";
import {
  accountTarget,
  doneBy,
  personAudit,
  recordAudit,
  type AuditAction,
  type AuditDetails,
  type AuditEntry,
} from "./audit";
import { notify } from "./notifications";
import { authorizedPerson, loadPerson, type Actor } from "./actor";
import { PublicError } from "./errors";
import type { Permission } from "./policy";
import { hashPassword } from "./passwords";

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export async function findUserByEmail(db: DB, email: string) {
  return await first(
    db
      .select()
      .from(users)
      .where(eq(users.email, normalizeEmail(email))),
  );
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
    if (await first(tx.select({ id: users.id }).from(users).where(eq(users.email, email))))
      throw new PublicError("conflict", "An account with this email already exists. Sign in instead.");
    const user = await only(
      tx.insert(users).values({ id: randomUUID(), email, name: input.name.trim(), passwordHash }).returning(),
    );
    const account = await only(
      tx
        .insert(accounts)
        .values({ id: randomUUID(), name: `${user.name}'s account`, plan: "hobby" })
        .returning(),
    );
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

/** The account settings a person changes in the console (Settings → General), and the event each change records. */
interface AccountSetting<C extends keyof Account, A extends AuditAction> {
  permission: Permission;
  /** The refusal when the role does not have the permission. */
  refusal: string;
  column: C;
  value: Account[C];
  action: A;
  /** The event's details, from the account as it was. */
  details: (before: Account) => AuditDetails[A];
}

/**
 * The one template of an account setting: the signed-in person with the permission, nothing written (and
 * nothing audited) when the account already has the value, else the accounts row and its audit event in one
 * transaction. The event's target names the account as it is after the change.
 */
async function updateAccountSetting<C extends keyof Account, A extends AuditAction>(
  db: DB,
  actor: Actor,
  setting: AccountSetting<C, A>,
): Promise<void> {
  await transaction(db, async (tx) => {
    const me = await authorizedPerson(tx, actor, setting.permission, setting.refusal);
    const before = me.account;
    if (before[setting.column] === setting.value) return;
    const after: Account = { ...before, [setting.column]: setting.value };
    await tx
      .update(accounts)
      .set({ [setting.column]: setting.value })
      .where(eq(accounts.id, before.id));
    // AuditEntry<A> cannot be resolved for a generic A; the details are AuditDetails[A] by construction.
    await recordAudit(tx, {
      accountId: before.id,
      ...doneBy(me),
      action: setting.action,
      target: accountTarget(after),
      details: setting.details(before),
    } as AuditEntry<A>);
  });
}

export async function renameAccount(db: DB, actor: Actor, name: string) {
  const next = name.trim();
  await updateAccountSetting(db, actor, {
    permission: "account.update",
    refusal: "Only owners and admins can rename the account.",
    column: "name",
    value: next,
    action: "account.renamed",
    details: (before) => ({ from: before.name, to: next }),
  });
  return { name: next };
}

export async function changePlan(db: DB, actor: Actor, plan: Plan) {
  await updateAccountSetting(db, actor, {
    permission: "account.own",
    refusal: "Only an owner can change the plan.",
    column: "plan",
    value: plan,
    action: "account.plan_changed",
    details: (before) => ({ from: before.plan, to: plan }),
  });
  return { plan };
}

export async function setRestrictKeyCreation(db: DB, actor: Actor, restrict: boolean) {
  await updateAccountSetting(db, actor, {
    permission: "account.update",
    refusal: "Only owners and admins can change who creates API keys.",
    column: "restrictKeyCreation",
    value: restrict,
    action: "account.key_creation_restricted",
    details: () => ({ restrictKeyCreation: restrict }),
  });
  return { restrict };
}

export const KEY_LIFETIME_CHOICES = [null, 30, 90, 365] as const;

/**
 * Maximum key lifetime (docs/concepts.md#status-expiry-and-deletion): owners and admins; existing keys are not changed.
 */
export async function setMaxKeyLifetime(db: DB, actor: Actor, days: (typeof KEY_LIFETIME_CHOICES)[number]) {
  await updateAccountSetting(db, actor, {
    permission: "account.update",
    refusal: "Only owners and admins set the key policy.",
    column: "maxKeyLifetimeDays",
    value: days,
    action: "account.key_lifetime_changed",
    details: (before) => ({ from: before.maxKeyLifetimeDays, to: days }),
  });
  return { days };
}

/** The caller's view of their current account (general settings page). */
export function getAccountForActor(db: DB, actor: Actor) {
  return loadPerson(db, actor);
}

export async function isMember(db: DB, accountId: string, userId: string): Promise<boolean> {
  return !!(await first(
    db
      .select({ a: memberships.accountId })
      .from(memberships)
      .where(and(eq(memberships.accountId, accountId), eq(memberships.userId, userId))),
  ));
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
      throw new PublicError("validation_failed", "Type the account's name to confirm.", {
        confirmName: [`Type ${me.account.name} exactly.`],
      });
    const members = await tx
      .select({ userId: memberships.userId })
      .from(memberships)
      .where(eq(memberships.accountId, me.account.id));
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
      {
        kind: "account.deleted",
        message: `${me.user.name} deleted the account “${me.account.name}”. Your access and your keys there are gone.`,
        link: null,
      },
    );
    await tx.delete(accounts).where(eq(accounts.id, me.account.id));
    return { name: me.account.name, keysDeleted: keys.length };
  });
}
