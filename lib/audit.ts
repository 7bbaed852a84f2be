import { and, desc, eq, gte, lt } from "drizzle-orm";
import { z } from "zod";
import {
  auditEvents,
  type AuditEvent,
  type KeyKind,
  type LeakAction,
  type Plan,
  type Role,
  type ServiceRole,
  type User,
} from "@/db/schema";
import type { DB } from "@/db/connection";
import type { RateLimit } from "./keys/limits";
import { keysetPage, MAX_PAGE_LIMIT, pageLimitSchema } from "./paging";
import { authorize, type Access, type Caller } from "./policy";
import { redactLeakedUrl, redactTokens, redactTokensDeep } from "./tokens";

export type Tx = Pick<DB, "select" | "insert" | "update" | "delete">;

export type AuditActor =
  | { type: "user"; id: string; name: string }
  | { type: "key"; id: string; name: string }
  | { type: "system"; id?: null; name: string }
  | { type: "anonymous"; id?: null; name: string };

export interface AuditTarget {
  type: "account" | "api_key" | "user" | "invitation";
  id: string;
  name: string;
}

type Change<T> = { from: T; to: T };

/**
 * What an edit of a key changed (editKey): only the fields that changed, each from and to (the description: only that
 * it did).
 */
export interface KeyChanges {
  name?: Change<string>;
  description?: true;
  expiresAt?: Change<string | null>;
  permissions?: Change<Access | null>;
  rateLimit?: Change<RateLimit | null>;
  allowedIps?: Change<string[] | null>;
}

/**
 * Every action of the audit log (docs/concepts.md#audit-log-and-notifications) with what its event keeps in `details`,
 * in the order the keys are written; `undefined`: the event has no details. lib/audit-labels.ts words the same actions.
 */
export interface AuditDetails {
  "account.created": undefined;
  "account.renamed": Change<string>;
  "account.plan_changed": Change<Plan>;
  "account.key_creation_restricted": { restrictKeyCreation: boolean };
  "account.key_lifetime_changed": Change<number | null>;
  "account.ownership_transferred": { previousRole: Role };
  "account.deleted": { members: number; keysDeleted: number };
  "member.invited": { role: Role };
  "member.invitation_revoked": undefined;
  "member.joined": { role: Role };
  "member.left": { role: Role; keysAffected: number };
  "member.removed": { role: Role; keysAffected: number };
  "member.role_changed": Change<Role>;
  "member.key_creation_granted": undefined;
  "member.key_creation_revoked": undefined;
  "api_key.created": {
    kind: "user" | "service";
    role?: ServiceRole;
    hint: string;
    expiresAt: string | null;
    leakAction: LeakAction;
    permissions?: Access;
    rateLimit?: RateLimit;
    allowedIps?: string[];
  };
  "api_key.updated": { kind: KeyKind } & KeyChanges;
  "api_key.enabled": { kind: KeyKind; leakAcknowledged?: true };
  "api_key.disabled": { kind: KeyKind };
  "api_key.deleted": { kind: KeyKind; hint: string; ownerUserId?: string | null };
  "api_key.leaked": { kind: KeyKind; hint: string; url: string | null; leakAction: LeakAction };
  "api_key.expired": { kind: KeyKind; hint: string; expiresAt: string };
  "api_key.rotated": {
    kind: KeyKind;
    hint: string;
    newKeyId: string;
    newHint: string;
    oldKeyEnds: string;
    endsOnFirstUse: boolean;
  };
  "api_key.rotation_ended": { kind: KeyKind; hint: string; reason: "now" | "first_use" | "deadline" };
  "api_key.token_issued": { jti: string; expiresAt: string };
}

export type AuditAction = keyof AuditDetails;

/** One event: `details` is required exactly when its action has some, and typed by the action. */
export type AuditEntry<A extends AuditAction = AuditAction> = {
  accountId: string;
  actor: AuditActor;
  action: A;
  target?: AuditTarget;
  ip?: string | null;
} & (AuditDetails[A] extends undefined ? { details?: undefined } : { details: AuditDetails[A] });

// The common pieces of an event, written once.

/** A person acting in the console (or behind a user key: lib/actor.ts adds the key). */
export const personAudit = (user: Pick<User, "id" | "name">): AuditActor => ({
  type: "user",
  id: user.id,
  name: user.name,
});

/** Latchkey itself, for what the sweep records (expiry, the end of a rotation). */
export const SYSTEM_ACTOR: AuditActor = { type: "system", name: "Latchkey" };

/** Who did it and from where: the actor of an operation as loaded in its transaction (LoadedActor, ChangedBy). */
export const doneBy = (who: { audit: AuditActor; ip: string | null }) => ({ actor: who.audit, ip: who.ip });

/** The targets, by what they are; a member is named by their email. */
export const accountTarget = (a: { id: string; name: string }): AuditTarget => ({
  type: "account",
  id: a.id,
  name: a.name,
});
export const keyTarget = (k: { id: string; name: string }): AuditTarget => ({
  type: "api_key",
  id: k.id,
  name: k.name,
});
export const memberTarget = (u: { id: string; email: string }): AuditTarget => ({
  type: "user",
  id: u.id,
  name: u.email,
});
export const invitationTarget = (i: { id: string; email: string }): AuditTarget => ({
  type: "invitation",
  id: i.id,
  name: i.email,
});

/** Writes one audit event; call it inside the transaction of the change it records. Never pass a token. */
export async function recordAudit<A extends AuditAction>(tx: Tx, entry: AuditEntry<A>): Promise<void> {
  const details = (entry as { details?: Record<string, unknown> }).details;
  await tx.insert(auditEvents).values({
    accountId: entry.accountId,
    actorType: entry.actor.type,
    actorId: entry.actor.id ?? null,
    actorName: redactTokens(entry.actor.name),
    action: entry.action,
    targetType: entry.target?.type ?? null,
    targetId: entry.target?.id ?? null,
    targetName: entry.target ? redactTokens(entry.target.name) : null,
    details: details ? redactTokensDeep(details) : null,
    ip: entry.ip ?? null,
  });
}

export const auditQuerySchema = z.object({
  cursor: z.coerce.number().int().positive().optional(),
  limit: pageLimitSchema(50),
  action: z.string().max(100).optional(),
  actor: z.string().max(100).optional(),
  /** UTC days, inclusive: events from the start of `from` to the end of `to`. */
  from: z.iso.date({ error: "Use a date, YYYY-MM-DD." }).optional(),
  to: z.iso.date({ error: "Use a date, YYYY-MM-DD." }).optional(),
});
export type AuditQuery = z.output<typeof auditQuerySchema>;

/** Whoever reads the log: an Actor (lib/actor.ts), as the policy module sees it, in the account it reads. */
type AuditReader = Caller & { accountId: string };

/**
 * The account's audit log for an owner or admin: newest first, by id; `nextCursor` is the id for the next (older) page.
 */
export function listAuditEvents(db: DB, actor: AuditReader, q: AuditQuery) {
  authorize(actor, "audit_log.read", "Only owners and admins can read the audit log.");
  return queryAuditEvents(db, actor.accountId, q);
}

async function queryAuditEvents(db: DB, accountId: string, q: AuditQuery) {
  const conditions = [eq(auditEvents.accountId, accountId)];
  if (q.cursor) conditions.push(lt(auditEvents.id, q.cursor));
  if (q.action) conditions.push(eq(auditEvents.action, q.action));
  if (q.actor) conditions.push(eq(auditEvents.actorName, q.actor));
  if (q.from) conditions.push(gte(auditEvents.createdAt, new Date(`${q.from}T00:00:00Z`)));
  if (q.to) conditions.push(lt(auditEvents.createdAt, new Date(Date.parse(`${q.to}T00:00:00Z`) + 86_400_000)));
  const page = await keysetPage(
    q.limit,
    (count) =>
      db
        .select()
        .from(auditEvents)
        .where(and(...conditions))
        .orderBy(desc(auditEvents.id))
        .limit(count),
    (last) => last.id,
  );
  return { events: page.rows.map(serializeAuditEvent), nextCursor: page.nextCursor };
}

function leakDetails(details: AuditEvent["details"]) {
  const d = (details ?? {}) as Record<string, unknown>;
  return typeof d.url === "string" ? { ...d, url: redactLeakedUrl(d.url) } : d;
}

export function serializeAuditEvent(e: AuditEvent) {
  return {
    id: e.id,
    action: e.action,
    actor: { type: e.actorType, id: e.actorId, name: redactTokens(e.actorName) },
    target: e.targetType
      ? { type: e.targetType, id: e.targetId, name: e.targetName === null ? null : redactTokens(e.targetName) }
      : null,
    // Redacted on the way out too, for events written before redaction existed (and a leak report's URL
    // as it is now stored, for events written before every encoding of a token was removed).
    details: redactTokensDeep(e.action === "api_key.leaked" ? leakDetails(e.details) : (e.details ?? {})),
    ip: e.ip,
    createdAt: e.createdAt.toISOString(),
  };
}

/** The choices of the filters: the actions and actors that occur in this account. */
export async function auditFacets(db: DB, actor: AuditReader) {
  authorize(actor, "audit_log.read", "Only owners and admins can read the audit log.");
  const { accountId } = actor;
  const actions = await db
    .selectDistinct({ v: auditEvents.action })
    .from(auditEvents)
    .where(eq(auditEvents.accountId, accountId))
    .orderBy(auditEvents.action);
  const actors = await db
    .selectDistinct({ v: auditEvents.actorName })
    .from(auditEvents)
    .where(eq(auditEvents.accountId, accountId))
    .orderBy(auditEvents.actorName);
  return { actions: actions.map((r) => r.v), actors: actors.map((r) => r.v) };
}

const csvCell = (v: unknown) => {
  const s = v == null ? "" : typeof v === "string" ? v : JSON.stringify(v);
  // Quote always; neutralise spreadsheet formulas (CSV injection).
  return `"${(/^[=+\-@\t\r]/.test(s) ? `'${s}` : s).replace(/"/g, '""')}"`;
};

export function auditCsv(events: ReturnType<typeof serializeAuditEvent>[]): string {
  const header = ["id", "time", "action", "actor_type", "actor", "target_type", "target", "ip", "details"];
  const lines = events.map((e) =>
    [e.id, e.createdAt, e.action, e.actor.type, e.actor.name, e.target?.type, e.target?.name, e.ip, e.details]
      .map(csvCell)
      .join(","),
  );
  return [header.join(","), ...lines].join("\r\n") + "\r\n";
}

/** Every event matching the filters, newest first (for the CSV download), page by page. */
export async function allAuditEvents(
  db: DB,
  actor: AuditReader,
  q: Pick<AuditQuery, "action" | "actor" | "from" | "to">,
) {
  authorize(actor, "audit_log.read", "Only owners and admins can read the audit log.");
  const { accountId } = actor;
  const out: ReturnType<typeof serializeAuditEvent>[] = [];
  let cursor: number | undefined;
  for (;;) {
    const page = await queryAuditEvents(db, accountId, { ...q, cursor, limit: MAX_PAGE_LIMIT });
    out.push(...page.events);
    if (!page.nextCursor) return out;
    cursor = page.nextCursor;
  }
}
