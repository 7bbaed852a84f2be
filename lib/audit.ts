import { and, desc, eq, gte, lt } from "drizzle-orm";
import { z } from "zod";
import { auditEvents, type AuditEvent } from "@/db/schema";
import type { DB } from "@/db/connection";
import type { Actor } from "./actor";
import { authorize } from "./policy";
import { redactLeakedUrl, redactTokens, redactTokensDeep } from "./tokens";

export type Tx = Pick<DB, "select" | "insert" | "update" | "delete">;

export type AuditActor =
  | { type: "user"; id: string; name: string }
  | { type: "key"; id: string; name: string }
  | { type: "system"; id?: null; name: string }
  | { type: "anonymous"; id?: null; name: string };

export interface AuditEntry {
  accountId: string;
  actor: AuditActor;
  action: string;
  target?: { type: string; id: string; name: string };
  details?: Record<string, unknown>;
  ip?: string | null;
}

/** Writes one audit event; call it inside the transaction of the change it records. Never pass a token. */
export async function recordAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  await tx.insert(auditEvents)
    .values({
      accountId: entry.accountId,
      actorType: entry.actor.type,
      actorId: entry.actor.id ?? null,
      actorName: redactTokens(entry.actor.name),
      action: entry.action,
      targetType: entry.target?.type ?? null,
      targetId: entry.target?.id ?? null,
      targetName: entry.target ? redactTokens(entry.target.name) : null,
      details: entry.details ? redactTokensDeep(entry.details) : null,
      ip: entry.ip ?? null,
    });
}

export const auditQuerySchema = z.object({
  cursor: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  action: z.string().max(100).optional(),
  actor: z.string().max(100).optional(),
  /** UTC days, inclusive: events from the start of `from` to the end of `to`. */
  from: z.iso.date({ error: "Use a date, YYYY-MM-DD." }).optional(),
  to: z.iso.date({ error: "Use a date, YYYY-MM-DD." }).optional(),
});
export type AuditQuery = z.output<typeof auditQuerySchema>;

/** The account's audit log for an owner or admin: newest first, by id; `nextCursor` is the id for the next (older) page. */
export function listAuditEvents(db: DB, actor: Actor, q: AuditQuery) {
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
  const rows = await db
    .select()
    .from(auditEvents)
    .where(and(...conditions))
    .orderBy(desc(auditEvents.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  return { events: page.map(serializeAuditEvent), nextCursor: rows.length > q.limit ? page.at(-1)!.id : null };
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
    target: e.targetType ? { type: e.targetType, id: e.targetId, name: e.targetName === null ? null : redactTokens(e.targetName) } : null,
    // Redacted on the way out too, for events written before redaction existed (and a leak report's URL
    // as it is now stored, for events written before every encoding of a token was removed).
    details: redactTokensDeep(e.action === "api_key.leaked" ? leakDetails(e.details) : (e.details ?? {})),
    ip: e.ip,
    createdAt: e.createdAt.toISOString(),
  };
}

/** The choices of the filters: the actions and actors that occur in this account. */
export async function auditFacets(db: DB, actor: Actor) {
  authorize(actor, "audit_log.read", "Only owners and admins can read the audit log.");
  const { accountId } = actor;
  const actions = await db.selectDistinct({ v: auditEvents.action }).from(auditEvents).where(eq(auditEvents.accountId, accountId)).orderBy(auditEvents.action);
  const actors = await db.selectDistinct({ v: auditEvents.actorName }).from(auditEvents).where(eq(auditEvents.accountId, accountId)).orderBy(auditEvents.actorName);
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
    [e.id, e.createdAt, e.action, e.actor.type, e.actor.name, e.target?.type, e.target?.name, e.ip, e.details].map(csvCell).join(","),
  );
  return [header.join(","), ...lines].join("\r\n") + "\r\n";
}

/** Every event matching the filters, newest first (for the CSV download), page by page. */
export async function allAuditEvents(db: DB, actor: Actor, q: Pick<AuditQuery, "action" | "actor" | "from" | "to">) {
  authorize(actor, "audit_log.read", "Only owners and admins can read the audit log.");
  const { accountId } = actor;
  const out: ReturnType<typeof serializeAuditEvent>[] = [];
  let cursor: number | undefined;
  for (;;) {
    const page = await queryAuditEvents(db, accountId, { ...q, cursor, limit: 200 });
    out.push(...page.events);
    if (!page.nextCursor) return out;
    cursor = page.nextCursor;
  }
}
