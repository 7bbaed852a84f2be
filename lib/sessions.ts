// Server-side console sessions (ASVS 7.x): the signed cookie only names a row here, and the row decides.
// Signing out deletes it; a session idle for 12 hours, or older than 30 days, is over.
import { first } from "@/db/query";
import { randomUUID } from "node:crypto";
import { and, eq, ne } from "drizzle-orm";
import { sessions } from "@/db/schema";
import type { DB } from "@/db/connection";

export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
export const SESSION_MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;
// Last-seen is written at most this often per session, so most requests only read.
const TOUCH_EVERY_MS = 5 * 60 * 1000;

export async function startSession(db: DB, userId: string, now = new Date()): Promise<string> {
  const id = randomUUID();
  await db.insert(sessions).values({ id, userId, createdAt: now, lastSeenAt: now });
  return id;
}

/** True while the session exists and is neither idle too long nor too old; keeps its last-seen time. */
export async function checkSession(
  db: DB,
  sessionId: string | undefined,
  userId: string,
  now = Date.now(),
): Promise<boolean> {
  if (!sessionId) return false;
  const row = await first(
    db
      .select()
      .from(sessions)
      .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId))),
  );
  if (!row) return false;
  if (now - row.lastSeenAt.getTime() > SESSION_IDLE_MS || now - row.createdAt.getTime() > SESSION_MAX_AGE_MS) {
    await db.delete(sessions).where(eq(sessions.id, sessionId));
    return false;
  }
  if (now - row.lastSeenAt.getTime() > TOUCH_EVERY_MS)
    await db
      .update(sessions)
      .set({ lastSeenAt: new Date(now) })
      .where(eq(sessions.id, sessionId));
  return true;
}

export async function endSession(db: DB, sessionId: string | undefined): Promise<void> {
  if (sessionId) await db.delete(sessions).where(eq(sessions.id, sessionId));
}

/** Every session of the user but `keep` (password change keeps the current one). */
export async function endUserSessions(db: Pick<DB, "delete">, userId: string, keep?: string): Promise<void> {
  await db
    .delete(sessions)
    .where(keep ? and(eq(sessions.userId, userId), ne(sessions.id, keep)) : eq(sessions.userId, userId));
}
