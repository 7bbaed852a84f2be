import { auditEvents } from "@/db/schema";
import type { DB } from "@/db/connection";

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
export function recordAudit(tx: Tx, entry: AuditEntry): void {
  tx.insert(auditEvents)
    .values({
      accountId: entry.accountId,
      actorType: entry.actor.type,
      actorId: entry.actor.id ?? null,
      actorName: entry.actor.name,
      action: entry.action,
      targetType: entry.target?.type ?? null,
      targetId: entry.target?.id ?? null,
      targetName: entry.target?.name ?? null,
      details: entry.details ?? null,
      ip: entry.ip ?? null,
    })
    .run();
}
