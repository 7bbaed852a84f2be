// In-app notifications: written inside the transaction of the event they tell about.
import { randomUUID } from "node:crypto";
import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { memberships, notifications } from "@/db/schema";
import type { DB } from "@/db/connection";
import type { Tx } from "./audit";
import { redactTokens } from "./tokens";

export interface NotificationInput {
  kind: string;
  message: string;
  link?: string | null;
}

export function notify(tx: Tx, userIds: Iterable<string | null | undefined>, n: NotificationInput, now = new Date()): number {
  const recipients = [...new Set([...userIds].filter((id): id is string => !!id))];
  if (!recipients.length) return 0;
  tx.insert(notifications)
    .values(recipients.map((userId) => ({ id: randomUUID(), userId, kind: n.kind, message: redactTokens(n.message), link: n.link ?? null, createdAt: now })))
    .run();
  return recipients.length;
}

/** The owners and admins of an account: who hears about its keys. */
export function accountAdminIds(tx: Tx, accountId: string): string[] {
  return tx
    .select({ id: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.accountId, accountId), inArray(memberships.role, ["owner", "admin"])))
    .all()
    .map((r) => r.id);
}

export function listNotifications(db: DB, userId: string, limit = 20) {
  const items = db.select().from(notifications).where(eq(notifications.userId, userId)).orderBy(desc(notifications.createdAt), desc(notifications.id)).limit(limit).all();
  const unread =
    db
      .select({ n: sql<number>`count(*)` })
      .from(notifications)
      .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
      .get()?.n ?? 0;
  return {
    unread,
    items: items.map((n) => ({ id: n.id, kind: n.kind, message: redactTokens(n.message), link: n.link, read: !!n.readAt, createdAt: n.createdAt.toISOString() })),
  };
}

export function markNotificationRead(db: DB, userId: string, id: string, now = new Date()) {
  db.update(notifications)
    .set({ readAt: now })
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId), isNull(notifications.readAt)))
    .run();
}

export function markAllNotificationsRead(db: DB, userId: string, now = new Date()) {
  db.update(notifications).set({ readAt: now }).where(and(eq(notifications.userId, userId), isNull(notifications.readAt))).run();
}
