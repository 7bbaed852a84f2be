import { eq, sql } from "drizzle-orm";
import { sessions, users } from "@/db/schema";
import type { DB } from "@/db/connection";

/** Voids every session of the user: sessions carry the version they were issued with. */
export function signOutEverywhere(db: DB, userId: string): void {
  db.transaction((tx) => {
    tx.update(users).set({ sessionVersion: sql`${users.sessionVersion} + 1` }).where(eq(users.id, userId)).run();
    tx.delete(sessions).where(eq(sessions.userId, userId)).run();
  });
}
