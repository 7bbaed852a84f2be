// API keys as the console manages them. Tokens come from lib/tokens.ts and leave this module only in
// the return value of a create call, once.
import { randomUUID } from "node:crypto";
import { and, desc, eq, gte, inArray, lt, or, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { z } from "zod";
import { accounts, apiKeys, keyUsageDaily, LEAK_ACTIONS, memberships, users, type ApiKey, type LeakAction, type ServiceRole } from "@/db/schema";
import type { DB } from "@/db/connection";
import { recordAudit, type AuditActor, type Tx } from "./audit";
import { loadActor, loadPerson, personAudit, type Actor } from "./actor";
import { forbidden, notFound, PublicError } from "./errors";
import { authorize, canCreateServiceKey, canCreateUserKey, keyViewerRights } from "./policy";
import { generateToken } from "./tokens";
import { plainText } from "./validation";

const DAY_MS = 24 * 60 * 60 * 1000;
export const EXPIRY_CHOICES = ["never", "7", "30", "90", "custom"] as const;

export const keyNameSchema = plainText({ min: 1, max: 100 });
export const keyDescriptionSchema = plainText({ max: 500, multiline: true })
  .optional()
  .transform((v) => (v ? v : null));
export const leakActionSchema = z.enum(LEAK_ACTIONS, { error: "Choose what happens if the key leaks." });

/**
 * The Expires control of the create and edit dialogs: never, 7/30/90 days, or a custom date (the key
 * works until the end of that day, UTC). A date in the past is refused.
 */
export function expiryFormSchema(now: () => number = Date.now) {
  return z
    .object({
      expires: z.enum(EXPIRY_CHOICES, { error: "Choose when the key expires." }).default("never"),
      expiresOn: z.string().optional(),
    })
    .transform((v, ctx): Date | null => {
      if (v.expires === "never") return null;
      if (v.expires !== "custom") return new Date(now() + Number(v.expires) * DAY_MS);
      const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v.expiresOn ?? "");
      const end = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 23, 59, 59, 999) : NaN;
      if (!Number.isFinite(end)) {
        ctx.addIssue({ code: "custom", path: ["expiresOn"], message: "Enter a date." });
        return z.NEVER;
      }
      if (end <= now()) {
        ctx.addIssue({ code: "custom", path: ["expiresOn"], message: "Choose a date in the future." });
        return z.NEVER;
      }
      return new Date(end);
    });
}

export function assertFutureExpiry(expiresAt: Date | null, now = Date.now()): void {
  if (expiresAt && expiresAt.getTime() <= now)
    throw new PublicError("validation_failed", "The expiry date must be in the future.", { expiresAt: ["Choose a date in the future."] });
}

export interface KeyInput {
  name: string;
  description: string | null;
  expiresAt: Date | null;
  leakAction: LeakAction;
}

/** Metadata only: what lists and the API show. */
export function serializeKey(k: ApiKey) {
  return {
    id: k.id,
    kind: k.kind,
    name: k.name,
    description: k.description,
    hint: k.hint,
    role: k.kind === "legacy" ? "admin" : k.role,
    status: k.status,
    expiresAt: k.expiresAt?.toISOString() ?? null,
    leakAction: k.leakAction,
    leakedAt: k.leakedAt?.toISOString() ?? null,
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    lastUsedIp: k.lastUsedIp,
    createdAt: k.createdAt.toISOString(),
  };
}

/** What a key change records about who made it. */
type ChangedBy = { audit: AuditActor; ip: string | null; userId: string | null };

/**
 * Inserts a key of any kind that may be created (user or service) with its audit event, in the
 * caller's transaction. The plaintext token leaves only in the return value.
 */
function insertKey(
  tx: Tx,
  kind: "user" | "service",
  accountId: string,
  input: KeyInput & { role?: ServiceRole },
  actor: ChangedBy,
  now: Date,
) {
  const { token, hash, hint } = generateToken(kind);
  const key = tx
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
      createdBy: actor.userId,
      createdAt: now,
    })
    .returning()
    .get();
  recordAudit(tx, {
    accountId,
    actor: actor.audit,
    action: "api_key.created",
    target: { type: "api_key", id: key.id, name: key.name },
    details: { kind, ...(kind === "service" ? { role: input.role } : {}), hint, expiresAt: key.expiresAt?.toISOString() ?? null, leakAction: key.leakAction },
    ip: actor.ip,
  });
  return { key, token };
}

/** A user key, created in the caller's current account (which decides whether creation is restricted). */
export function createUserKey(db: DB, actor: Actor, input: KeyInput, now = new Date()) {
  assertFutureExpiry(input.expiresAt, now.getTime());
  return db.transaction(
    (tx) => {
      const me = loadPerson(tx, actor);
      const decision = canCreateUserKey(me.membership, me.account);
      if (!decision.ok) throw forbidden(decision.reason);
      return insertKey(tx, "user", me.account.id, input, me, now);
    },
    { behavior: "immediate" },
  );
}

/** The user's own keys, in every account they were created in. */
export function listOwnKeys(db: DB, userId: string) {
  return db
    .select({ key: apiKeys, accountName: accounts.name })
    .from(apiKeys)
    .innerJoin(accounts, eq(accounts.id, apiKeys.accountId))
    .where(and(eq(apiKeys.kind, "user"), eq(apiKeys.ownerUserId, userId)))
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id))
    .all();
}

/** Only the owner of a user key edits it; anyone else's key looks missing. */
function loadOwnKey(tx: Tx, userId: string, keyId: string): ApiKey {
  const key = tx
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.id, keyId), eq(apiKeys.kind, "user"), eq(apiKeys.ownerUserId, userId)))
    .get();
  if (!key) throw notFound("No such API key.");
  return key;
}

/** The person acting on their own keys (in any account they belong to). */
function ownUser(tx: Tx, actor: Pick<Actor, "userId">) {
  if (!actor.userId) throw forbidden("Only a signed-in person manages their own keys.");
  const user = tx.select().from(users).where(eq(users.id, actor.userId)).get();
  if (!user) throw forbidden("Sign in again.");
  return user;
}

export interface KeyEdit {
  name: string;
  description: string | null;
  /** `undefined` keeps the current expiry. */
  expiresAt?: Date | null;
}

/** Applies an edit to a key already authorized for the actor, with its audit event. */
function editKey(tx: Tx, key: ApiKey, edit: KeyEdit, actor: Pick<ChangedBy, "audit" | "ip">, now: Date) {
  const expiresAt = edit.expiresAt === undefined ? key.expiresAt : edit.expiresAt;
  const expiryChanged = expiresAt?.getTime() !== key.expiresAt?.getTime();
  if (expiryChanged) assertFutureExpiry(expiresAt, now.getTime());
  const changes: Record<string, unknown> = {};
  if (edit.name !== key.name) changes.name = { from: key.name, to: edit.name };
  if (edit.description !== key.description) changes.description = true;
  if (expiryChanged) changes.expiresAt = { from: key.expiresAt?.toISOString() ?? null, to: expiresAt?.toISOString() ?? null };
  if (!Object.keys(changes).length) return serializeKey(key);
  const updated = tx
    .update(apiKeys)
    .set({
      name: edit.name,
      description: edit.description,
      expiresAt,
      // A new expiry earns a new reminder and a new "expired" event.
      ...(expiryChanged ? { expiryNotifiedAt: null, expiredRecordedAt: null } : {}),
    })
    .where(and(eq(apiKeys.id, key.id), eq(apiKeys.accountId, key.accountId)))
    .returning()
    .get()!;
  recordAudit(tx, {
    accountId: key.accountId,
    actor: actor.audit,
    action: "api_key.updated",
    target: { type: "api_key", id: key.id, name: updated.name },
    details: { kind: key.kind, ...changes },
    ip: actor.ip,
  });
  return serializeKey(updated);
}

export function updateOwnKey(db: DB, actor: Pick<Actor, "userId" | "ip">, keyId: string, edit: KeyEdit, now = new Date()) {
  return db.transaction(
    (tx) => {
      const user = ownUser(tx, actor);
      const key = loadOwnKey(tx, user.id, keyId);
      return editKey(tx, key, edit, { audit: personAudit(user), ip: actor.ip ?? null }, now);
    },
    { behavior: "immediate" },
  );
}

/** A leaked key comes back only once whoever enables it says they understand it was exposed. */
function assertLeakAcknowledged(key: ApiKey, status: "active" | "disabled", acknowledgeLeak: boolean) {
  if (status === "active" && key.status !== "active" && key.leakedAt && !acknowledgeLeak)
    throw new PublicError("conflict", "This key was reported as leaked. Confirm that you understand it was exposed before enabling it again.");
}

/** Disables or enables a key already authorized for the actor, with its audit event. */
function changeStatus(tx: Tx, key: ApiKey, status: "active" | "disabled", acknowledgeLeak: boolean, actor: Pick<ChangedBy, "audit" | "ip">) {
  if (key.status === status) return serializeKey(key);
  assertLeakAcknowledged(key, status, acknowledgeLeak);
  const updated = tx
    .update(apiKeys)
    .set({ status })
    .where(and(eq(apiKeys.id, key.id), eq(apiKeys.accountId, key.accountId)))
    .returning()
    .get()!;
  recordAudit(tx, {
    accountId: key.accountId,
    actor: actor.audit,
    action: status === "active" ? "api_key.enabled" : "api_key.disabled",
    target: { type: "api_key", id: key.id, name: key.name },
    details: { kind: key.kind, ...(key.leakedAt && status === "active" ? { leakAcknowledged: true } : {}) },
    ip: actor.ip,
  });
  return serializeKey(updated);
}

export function setOwnKeyStatus(db: DB, actor: Pick<Actor, "userId" | "ip">, keyId: string, status: "active" | "disabled", acknowledgeLeak = false) {
  return db.transaction(
    (tx) => {
      const user = ownUser(tx, actor);
      const key = loadOwnKey(tx, user.id, keyId);
      return changeStatus(tx, key, status, acknowledgeLeak, { audit: personAudit(user), ip: actor.ip ?? null });
    },
    { behavior: "immediate" },
  );
}

export function deleteOwnKey(db: DB, actor: Pick<Actor, "userId" | "ip">, keyId: string) {
  return db.transaction(
    (tx) => {
      const user = ownUser(tx, actor);
      const key = loadOwnKey(tx, user.id, keyId);
      tx.delete(apiKeys).where(and(eq(apiKeys.id, key.id), eq(apiKeys.ownerUserId, user.id))).run();
      recordAudit(tx, {
        accountId: key.accountId,
        actor: personAudit(user),
        action: "api_key.deleted",
        target: { type: "api_key", id: key.id, name: key.name },
        details: { kind: key.kind, hint: key.hint },
        ip: actor.ip,
      });
      return { id: key.id };
    },
    { behavior: "immediate" },
  );
}

const expiryFields = {
  expires: z.enum([...EXPIRY_CHOICES, "keep"], { error: "Choose when the key expires." }).optional(),
  expiresOn: z.string().max(20).optional(),
};

/** Turns the Expires control's fields into `expiresAt`, reporting errors on the right field. */
function withExpiresAt<T extends { expires?: string; expiresOn?: string }>(v: T, ctx: z.RefinementCtx): Omit<T, "expires" | "expiresOn"> & { expiresAt: Date | null } {
  const { expires, expiresOn, ...rest } = v;
  return { ...rest, expiresAt: parseExpiry(expires, expiresOn, ctx) };
}

/** As withExpiresAt, where "keep" leaves the expiry as it is (`undefined`). */
function withOptionalExpiresAt<T extends { expires?: string; expiresOn?: string }>(v: T, ctx: z.RefinementCtx): Omit<T, "expires" | "expiresOn"> & { expiresAt: Date | null | undefined } {
  const { expires, expiresOn, ...rest } = v;
  return { ...rest, expiresAt: expires === "keep" ? undefined : parseExpiry(expires, expiresOn, ctx) };
}

function parseExpiry(expires: string | undefined, expiresOn: string | undefined, ctx: z.RefinementCtx): Date | null {
  const expiry = expiryFormSchema().safeParse({ expires: expires || "never", expiresOn });
  if (!expiry.success) {
    for (const issue of expiry.error.issues) ctx.addIssue({ code: "custom", path: issue.path.length ? issue.path : ["expires"], message: issue.message });
    return null;
  }
  return expiry.data;
}

/** The create dialog (user and service keys; `role` is read for service keys only). */
export const createKeyFormSchema = z
  .object({ name: keyNameSchema, description: keyDescriptionSchema, leakAction: leakActionSchema.default("disable"), ...expiryFields })
  .transform(withExpiresAt);

export const updateKeyFormSchema = z
  .object({ keyId: z.string().uuid({ error: "Invalid id." }), name: keyNameSchema, description: keyDescriptionSchema, ...expiryFields })
  .transform(withOptionalExpiresAt);

// ---------------------------------------------------------------------------------------------
// Account-side keys (SPEC section 3): service keys, the legacy key, and the admins' view of every key.

export const serviceRoleSchema = z.enum(["admin", "read_write", "read_only"], { error: "Choose a role: admin, read_write or read_only." });

export const createServiceKeyFormSchema = z
  .object({
    name: keyNameSchema,
    description: keyDescriptionSchema,
    role: serviceRoleSchema,
    leakAction: leakActionSchema.default("disable"),
    ...expiryFields,
  })
  .transform(withExpiresAt);

/** POST /api/v1/api-keys: `{name, role, expiresAt?, leakAction?, description?}`. */
export const createServiceKeyApiSchema = z.strictObject({
  name: keyNameSchema,
  description: plainText({ max: 500, multiline: true }).optional(),
  role: serviceRoleSchema,
  expiresAt: z.iso
    .datetime({ offset: true, error: "Use an ISO 8601 date-time, e.g. 2030-01-31T00:00:00Z." })
    .transform((v) => new Date(v))
    .nullish(),
  leakAction: leakActionSchema.optional(),
});

export const KEY_VIEWS = ["mine", "users", "service"] as const;

/** GET /api/v1/api-keys: pages of keys, newest first. The cursor is opaque (created-at and id of the last row). */
export const accountKeysQuerySchema = z.object({
  cursor: z
    .string()
    .max(200)
    .optional()
    .transform((v, ctx) => {
      if (v === undefined) return undefined;
      const m = /^(\d{1,15})_([0-9a-f-]{36})$/.exec(Buffer.from(v, "base64url").toString("utf8"));
      if (!m) {
        ctx.addIssue({ code: "custom", message: "Pass the nextCursor of the previous page." });
        return z.NEVER;
      }
      return { createdAt: new Date(Number(m[1])), id: m[2]! };
    }),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});
export type KeyPage = z.output<typeof accountKeysQuerySchema>;
const encodeKeyCursor = (k: ApiKey) => Buffer.from(`${k.createdAt.getTime()}_${k.id}`).toString("base64url");
export type KeyView = (typeof KEY_VIEWS)[number];

export function createServiceKey(db: DB, actor: Actor, input: KeyInput & { role: ServiceRole }, now = new Date()) {
  assertFutureExpiry(input.expiresAt, now.getTime());
  return db.transaction(
    (tx) => {
      const me = loadActor(tx, actor);
      const decision = canCreateServiceKey(me.role, me.account.plan);
      if (!decision.ok) throw forbidden(decision.reason);
      return insertKey(tx, "service", me.account.id, input, me, now);
    },
    { behavior: "immediate" },
  );
}

/**
 * The account's keys as the API and the admins' views list them: user keys created in this account
 * (with their owner), service keys and the legacy key.
 */
export function listAccountKeys(db: DB, actor: Actor, view: KeyView | "all" = "all") {
  return queryAccountKeys(db, actor, view).all();
}

/** listAccountKeys a page at a time, for the API. */
export function pageAccountKeys(db: DB, actor: Actor, page: KeyPage) {
  const after = page.cursor;
  const rows = queryAccountKeys(db, actor, "all", after ? or(lt(apiKeys.createdAt, after.createdAt), and(eq(apiKeys.createdAt, after.createdAt), lt(apiKeys.id, after.id))) : undefined)
    .limit(page.limit + 1)
    .all();
  const shown = rows.slice(0, page.limit);
  return { rows: shown, nextCursor: rows.length > page.limit ? encodeKeyCursor(shown.at(-1)!.key) : null };
}

function queryAccountKeys(db: DB, who: Actor, view: KeyView | "all", before?: SQL) {
  const actor = loadActor(db, who);
  authorize(actor, view === "mine" ? "own_keys.manage" : "account_keys.manage", "Only owners and admins see all keys of the account.");
  const owner = alias(users, "owner");
  const creator = alias(users, "creator");
  const where =
    view === "mine"
      ? and(eq(apiKeys.accountId, actor.accountId), eq(apiKeys.kind, "user"), eq(apiKeys.ownerUserId, actor.userId ?? ""))
      : view === "users"
        ? and(eq(apiKeys.accountId, actor.accountId), eq(apiKeys.kind, "user"))
        : view === "service"
          ? and(eq(apiKeys.accountId, actor.accountId), inArray(apiKeys.kind, ["service", "legacy"]))
          : eq(apiKeys.accountId, actor.accountId);
  return db
    .select({ key: apiKeys, ownerName: owner.name, ownerEmail: owner.email, creatorName: creator.name })
    .from(apiKeys)
    .leftJoin(owner, eq(owner.id, apiKeys.ownerUserId))
    .leftJoin(creator, eq(creator.id, apiKeys.createdBy))
    .where(before ? and(where, before) : where)
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id));
}

function loadAccountKey(tx: Tx, accountId: string, keyId: string, kinds: ApiKey["kind"][]) {
  const key = tx
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.id, keyId), eq(apiKeys.accountId, accountId), inArray(apiKeys.kind, kinds)))
    .get();
  // Another account's key looks exactly like a missing one.
  if (!key) throw notFound("No such API key in this account.");
  return key;
}

/**
 * Owners and admins delete any key of their account: service keys, the legacy key, and members' user
 * keys created here. The audit event names who did it.
 */
export function deleteAccountKey(db: DB, who: Actor, keyId: string) {
  return db.transaction(
    (tx) => {
      const actor = loadActor(tx, who);
      authorize(actor, "account_keys.manage", "Only owners and admins delete other people's keys.");
      const key = loadAccountKey(tx, actor.accountId, keyId, ["user", "service", "legacy"]);
      tx.delete(apiKeys).where(and(eq(apiKeys.id, key.id), eq(apiKeys.accountId, actor.accountId))).run();
      recordAudit(tx, {
        accountId: actor.accountId,
        actor: actor.audit,
        action: "api_key.deleted",
        target: { type: "api_key", id: key.id, name: key.name },
        details: { kind: key.kind, hint: key.hint, ownerUserId: key.ownerUserId },
        ip: actor.ip,
      });
      return { id: key.id, kind: key.kind };
    },
    { behavior: "immediate" },
  );
}

/** Service keys are edited, disabled and enabled by owners and admins. */
export function updateServiceKey(db: DB, who: Actor, keyId: string, edit: KeyEdit, now = new Date()) {
  return db.transaction(
    (tx) => {
      const actor = loadActor(tx, who);
      authorize(actor, "account_keys.manage", "Only owners and admins manage service API keys.");
      const key = loadAccountKey(tx, actor.accountId, keyId, ["service"]);
      return editKey(tx, key, edit, actor, now);
    },
    { behavior: "immediate" },
  );
}

export function setServiceKeyStatus(db: DB, who: Actor, keyId: string, status: "active" | "disabled", acknowledgeLeak = false) {
  return db.transaction(
    (tx) => {
      const actor = loadActor(tx, who);
      authorize(actor, "account_keys.manage", "Only owners and admins manage service API keys.");
      const key = loadAccountKey(tx, actor.accountId, keyId, ["service"]);
      return changeStatus(tx, key, status, acknowledgeLeak, actor);
    },
    { behavior: "immediate" },
  );
}

/** The key detail page: the owner of a user key, or an owner or admin of the key's account. */
export function getKeyForViewer(db: DB, userId: string, keyId: string) {
  const row = db
    .select({ key: apiKeys, accountName: accounts.name, role: memberships.role })
    .from(apiKeys)
    .innerJoin(accounts, eq(accounts.id, apiKeys.accountId))
    .leftJoin(memberships, and(eq(memberships.accountId, apiKeys.accountId), eq(memberships.userId, userId)))
    .where(eq(apiKeys.id, keyId))
    .get();
  if (!row) return null;
  const { own, admin, visible } = keyViewerRights(row.key, { userId, roleInKeyAccount: row.role });
  if (!visible) return null;
  return { ...row, own, admin };
}

/** Requests per UTC day over the last `days` days, oldest first, zeros included. */
export function keyDailyUsage(db: DB, keyId: string, days = 30, now = new Date()) {
  const dayKeys = Array.from({ length: days }, (_, i) => new Date(now.getTime() - (days - 1 - i) * DAY_MS).toISOString().slice(0, 10));
  const rows = db
    .select({ day: keyUsageDaily.day, count: keyUsageDaily.count })
    .from(keyUsageDaily)
    .where(and(eq(keyUsageDaily.keyId, keyId), gte(keyUsageDaily.day, dayKeys[0]!)))
    .all();
  const byDay = new Map(rows.map((r) => [r.day, r.count]));
  return dayKeys.map((day) => ({ day, count: byDay.get(day) ?? 0 }));
}
