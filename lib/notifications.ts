// In-app notifications: written inside the transaction of the event they tell about.
import { first } from "@/db/query";
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

export async function notify(
  tx: Tx,
  userIds: Iterable<string | null | undefined>,
  n: NotificationInput,
  now = new Date(),
): Promise<number> {
  const recipients = [...new Set([...userIds].filter((id): id is string => !!id))];
  if (!recipients.length) return 0;
  await tx.insert(notifications).values(
    recipients.map((userId) => ({
      id: randomUUID(),
      userId,
      kind: n.kind,
      message: redactTokens(n.message),
      link: n.link ?? null,
      createdAt: now,
    })),
  );
  return recipients.length;
}

/** The owners and admins of an account: who hears about its keys. */
export async function accountAdminIds(tx: Tx, accountId: string): Promise<string[]> {
  return (
    await tx
      .select({ id: memberships.userId })
      .from(memberships)
      .where(and(eq(memberships.accountId, accountId), inArray(memberships.role, ["owner", "admin"])))
  ).map((r) => r.id);
}

export async function listNotifications(db: DB, userId: string, limit = 20) {
  const items = await db
    .select()
    .from(notifications)
    .where(eq(notifications.userId, userId))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(limit);
  const unread =
    (
      await first(
        db
          .select({ n: sql<number>`count(*)` })
          .from(notifications)
          .where(and(eq(notifications.userId, userId), isNull(notifications.readAt))),
      )
    )?.n ?? 0;
  return {
    unread,
    items: items.map((n) => ({
      id: n.id,
      kind: n.kind,
      message: redactTokens(n.message),
      link: n.link,
      read: !!n.readAt,
      createdAt: n.createdAt.toISOString(),
    })),
  };
}

export async function markNotificationRead(db: DB, userId: string, id: string, now = new Date()) {
  await db
    .update(notifications)
    .set({ readAt: now })
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId), isNull(notifications.readAt)));
}

export async function markAllNotificationsRead(db: DB, userId: string, now = new Date()) {
  await db
    .update(notifications)
    .set({ readAt: now })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
}
