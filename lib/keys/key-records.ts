// What every kind of key shares: its public shape, its insertion with the audit event, edits and status
// changes with theirs. Tokens come from lib/tokens.ts and leave only in the return value of insertKey.
import { first, only } from "@/db/query";
import { randomUUID } from "node:crypto";
import { and, eq, gte } from "drizzle-orm";
import {
  accounts,
  apiKeys,
  keyUsageDaily,
  memberships,
  type ApiKey,
  type LeakAction,
  type ServiceRole,
} from "@/db/schema";
import type { DB } from "@/db/connection";
import { doneBy, keyTarget, personAudit, recordAudit, type AuditActor, type KeyChanges, type Tx } from "../audit";
import { forbidden, PublicError } from "../errors";
import { assertWithinCeiling, keyOwnRole, keyRole, keyViewerRights, type Caller, type KeyPower } from "../policy";
import { generateToken } from "../tokens";
import type { Access } from "../policy";
import { keyLimits, serializePermissions, type RateLimit } from "./limits";
import { assertFutureExpiry, DAY_MS, expiryWithinPolicy } from "./schemas";

/** The limits of section 9 a key may carry; on an edit, `undefined` keeps the current value. */
export interface KeyLimitsInput {
  permissions?: Access | null;
  rateLimit?: RateLimit | null;
  allowedIps?: string[] | null;
}

export interface KeyInput extends KeyLimitsInput {
  name: string;
  description: string | null;
  expiresAt: Date | null;
  leakAction: LeakAction;
}

/** The columns for a key's limits (an empty allow-list means none). */
function limitColumns(input: KeyLimitsInput) {
  const out: Partial<Pick<ApiKey, "permissions" | "rateLimit" | "rateLimitWindow" | "allowedIps">> = {};
  if (input.permissions !== undefined) out.permissions = serializePermissions(input.permissions);
  if (input.rateLimit !== undefined) {
    out.rateLimit = input.rateLimit?.limit ?? null;
    out.rateLimitWindow = input.rateLimit?.windowSeconds ?? null;
  }
  if (input.allowedIps !== undefined)
    out.allowedIps = input.allowedIps?.length ? JSON.stringify(input.allowedIps) : null;
  return out;
}

/** Metadata only: what lists and the API show. */
export function serializeKey(k: ApiKey) {
  return {
    id: k.id,
    kind: k.kind,
    name: k.name,
    description: k.description,
    hint: k.hint,
    role: keyOwnRole(k),
    status: k.status,
    expiresAt: k.expiresAt?.toISOString() ?? null,
    leakAction: k.leakAction,
    leakedAt: k.leakedAt?.toISOString() ?? null,
    ...keyLimits(k),
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    lastUsedIp: k.lastUsedIp,
    createdAt: k.createdAt.toISOString(),
  };
}

/**
 * Who changes a key: the caller as the policy sees it (role, person, key — lib/actor.ts's LoadedActor is
 * one) and what the audit log says of them. Every write of a key below takes it, so the key ceiling of
 * docs/permissions.md#the-key-ceiling is asked on every path that creates, edits, enables or rotates a key.
 */
export type ChangedBy = Caller & { audit: AuditActor; ip: string | null };

/** A signed-in person changing their own user keys: no key of their own, so the ceiling is their roles. */
export const asPerson = (user: { id: string; name: string }, ip: string | null | undefined): ChangedBy => ({
  role: null,
  userId: user.id,
  key: null,
  audit: personAudit(user),
  ip: ip ?? null,
});

/** A key's power as the ceiling compares it, from its row (and, for an edit, the row as it would be). */
export function keyPower(
  k: Pick<
    ApiKey,
    "kind" | "ownerUserId" | "role" | "permissions" | "rateLimit" | "rateLimitWindow" | "allowedIps" | "expiresAt"
  >,
): KeyPower {
  const limits = keyLimits(k);
  return {
    kind: k.kind,
    ownerUserId: k.ownerUserId,
    role: k.role,
    ...limits,
    expiresAt: k.expiresAt?.getTime() ?? null,
  };
}

/**
 * Access tokens act; they never create, edit, rotate or delete keys
 * (docs/permissions.md#access-tokens-never-manage-keys).
 */
export function assertManagesKeys(by: Caller): void {
  if (by.key?.via === "access_token")
    throw forbidden("An access token cannot create, edit, rotate or delete API keys: use an API key.");
}

/**
 * Inserts a key of any kind that may be created (user or service) with its audit event, in the
 * caller's transaction. The plaintext token leaves only in the return value.
 */
export async function insertKey(
  tx: Tx,
  kind: "user" | "service",
  accountId: string,
  input: KeyInput & { role?: ServiceRole },
  actor: ChangedBy,
  now: Date,
) {
  assertWithinCeiling(actor, {
    kind,
    ownerUserId: kind === "user" ? actor.userId : null,
    role: kind === "service" ? (input.role ?? null) : null,
    permissions: input.permissions ?? null,
    rateLimit: input.rateLimit ?? null,
    allowedIps: input.allowedIps?.length ? input.allowedIps : null,
    expiresAt: input.expiresAt?.getTime() ?? null,
  });
  const { token, hash, hint } = generateToken(kind);
  const key = await only(
    tx
      .insert(apiKeys)
      .values({
        id: randomUUID(),
        kind,
        name: input.name,
        description: input.description,
        tokenHash: hash,
        hint,
        ownerUserId: kind === "user" ? actor.userId : null,
        accountId,
        role: kind === "service" ? input.role : null,
        status: "active",
        expiresAt: input.expiresAt,
        leakAction: input.leakAction,
        ...limitColumns(input),
        createdBy: actor.userId,
        createdAt: now,
      })
      .returning(),
  );
  await recordAudit(tx, {
    accountId,
    ...doneBy(actor),
    action: "api_key.created",
    target: keyTarget(key),
    details: {
      kind,
      ...(kind === "service" ? { role: input.role } : {}),
      hint,
      expiresAt: key.expiresAt?.toISOString() ?? null,
      leakAction: key.leakAction,
      ...limitDetails(keyLimits(key)),
    },
  });
  return { key, token };
}

/** Only what the audit log needs to say about limits: never more than the key's row holds. */
function limitDetails(l: ReturnType<typeof keyLimits>) {
  return {
    ...(l.permissions ? { permissions: l.permissions } : {}),
    ...(l.rateLimit ? { rateLimit: l.rateLimit } : {}),
    ...(l.allowedIps ? { allowedIps: l.allowedIps } : {}),
  };
}

export interface KeyEdit extends KeyLimitsInput {
  /** `undefined` keeps the current name, description or expiry. */
  name?: string;
  description?: string | null;
  expiresAt?: Date | null;
}

/**
 * Applies an edit to a key already authorized for the actor, with its audit event. A new expiry keeps to the account's
 * maximum key lifetime (docs/concepts.md#status-expiry-and-deletion): later than the maximum, or none while one is set,
 * is 422.
 */
export async function editKey(tx: Tx, key: ApiKey, edit: KeyEdit, actor: ChangedBy, now: Date) {
  assertManagesKeys(actor);
  const expiresAt = edit.expiresAt === undefined ? key.expiresAt : edit.expiresAt;
  const expiryChanged = expiresAt?.getTime() !== key.expiresAt?.getTime();
  if (expiryChanged) {
    assertFutureExpiry(expiresAt, now.getTime());
    const policy = await first(
      tx.select({ maxDays: accounts.maxKeyLifetimeDays }).from(accounts).where(eq(accounts.id, key.accountId)),
    );
    if (policy?.maxDays && !expiresAt) {
      const message = `This account allows keys of at most ${policy.maxDays} days; choose an expiry.`;
      throw new PublicError("validation_failed", message, { expiresAt: [message], expires: [message] });
    }
    expiryWithinPolicy(expiresAt, policy?.maxDays ?? null, now.getTime());
  }
  const name = edit.name ?? key.name;
  const description = edit.description === undefined ? key.description : edit.description;
  const limits = limitColumns(edit);
  const before = keyLimits(key);
  const after = keyLimits({ ...key, ...limits });
  const changes: KeyChanges = {};
  if (name !== key.name) changes.name = { from: key.name, to: name };
  if (description !== key.description) changes.description = true;
  if (expiryChanged)
    changes.expiresAt = { from: key.expiresAt?.toISOString() ?? null, to: expiresAt?.toISOString() ?? null };
  for (const field of ["permissions", "rateLimit", "allowedIps"] as const)
    if (JSON.stringify(before[field]) !== JSON.stringify(after[field]))
      (changes as Record<typeof field, unknown>)[field] = { from: before[field], to: after[field] };
  // The key as it would be after the edit stays within the caller's own power; checked before an edit
  // that changes nothing answers too, so nobody edits, even idly, a key with more power than their own.
  assertWithinCeiling(actor, keyPower({ ...key, ...limits, expiresAt }));
  if (!Object.keys(changes).length) return serializeKey(key);
  const updated = (await only(
    tx
      .update(apiKeys)
      .set({
        name,
        description,
        expiresAt,
        ...limits,
        // A new expiry earns a new reminder and a new "expired" event.
        ...(expiryChanged ? { expiryNotifiedAt: null, expiredRecordedAt: null } : {}),
      })
      .where(and(eq(apiKeys.id, key.id), eq(apiKeys.accountId, key.accountId)))
      .returning(),
  ))!;
  await recordAudit(tx, {
    accountId: key.accountId,
    ...doneBy(actor),
    action: "api_key.updated",
    target: keyTarget(updated),
    details: { kind: key.kind, ...changes },
  });
  return serializeKey(updated);
}

/** A leaked key comes back only once whoever enables it says they understand it was exposed. */
function assertLeakAcknowledged(key: ApiKey, status: "active" | "disabled", acknowledgeLeak: boolean) {
  if (status === "active" && key.status !== "active" && key.leakedAt && !acknowledgeLeak)
    throw new PublicError(
      "conflict",
      "This key was reported as leaked. Confirm that you understand it was exposed before enabling it again.",
    );
}

/** Disables or enables a key already authorized for the actor, with its audit event. */
export async function changeStatus(
  tx: Tx,
  key: ApiKey,
  status: "active" | "disabled",
  acknowledgeLeak: boolean,
  actor: ChangedBy,
) {
  assertManagesKeys(actor);
  if (key.status === status) return serializeKey(key);
  assertLeakAcknowledged(key, status, acknowledgeLeak);
  // Enabling hands the key its power back: only to someone who has at least as much.
  if (status === "active") assertWithinCeiling(actor, keyPower(key));
  const updated = (await only(
    tx
      .update(apiKeys)
      .set({ status })
      .where(and(eq(apiKeys.id, key.id), eq(apiKeys.accountId, key.accountId)))
      .returning(),
  ))!;
  await recordAudit(tx, {
    accountId: key.accountId,
    ...doneBy(actor),
    action: status === "active" ? "api_key.enabled" : "api_key.disabled",
    target: keyTarget(key),
    details: { kind: key.kind, ...(key.leakedAt && status === "active" ? { leakAcknowledged: true as const } : {}) },
  });
  return serializeKey(updated);
}

/** The key detail page: the owner of a user key, or an owner or admin of the key's account. */
export async function getKeyForViewer(db: DB, userId: string, keyId: string) {
  const row = await first(
    db
      .select({
        key: apiKeys,
        accountName: accounts.name,
        maxLifetimeDays: accounts.maxKeyLifetimeDays,
        role: memberships.role,
      })
      .from(apiKeys)
      .innerJoin(accounts, eq(accounts.id, apiKeys.accountId))
      .leftJoin(memberships, and(eq(memberships.accountId, apiKeys.accountId), eq(memberships.userId, userId)))
      .where(eq(apiKeys.id, keyId)),
  );
  if (!row) return null;
  const { own, admin, visible } = keyViewerRights(row.key, { userId, roleInKeyAccount: row.role });
  if (!visible) return null;
  return { ...row, own, admin };
}

/** Requests per UTC day over the last `days` days, oldest first, zeros included. */
export async function keyDailyUsage(db: DB, keyId: string, days = 30, now = new Date()) {
  const dayKeys = Array.from({ length: days }, (_, i) =>
    new Date(now.getTime() - (days - 1 - i) * DAY_MS).toISOString().slice(0, 10),
  );
  const rows = await db
    .select({ day: keyUsageDaily.day, count: keyUsageDaily.count })
    .from(keyUsageDaily)
    .where(and(eq(keyUsageDaily.keyId, keyId), gte(keyUsageDaily.day, dayKeys[0]!)));
  const byDay = new Map(rows.map((r) => [r.day, r.count]));
  return dayKeys.map((day) => ({ day, count: byDay.get(day) ?? 0 }));
}

/** The role a key acts with in its own account today: its own, admin for legacy, its owner's for user keys. */
export async function keyActingRole(db: DB, key: Pick<ApiKey, "kind" | "role" | "accountId" | "ownerUserId">) {
  const member =
    key.kind === "user" && key.ownerUserId
      ? ((
          await first(
            db
              .select({ role: memberships.role })
              .from(memberships)
              .where(and(eq(memberships.accountId, key.accountId), eq(memberships.userId, key.ownerUserId))),
          )
        )?.role ?? null)
      : null;
  return keyRole(key.kind, key.role, member);
}
