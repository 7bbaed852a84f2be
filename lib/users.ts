import { eq, sql } from "drizzle-orm";
import { users } from "@/db/schema";
import type { DB } from "@/db/connection";

/** Voids every session of the user: sessions carry the version they were issued with. */
export function signOutEverywhere(db: DB, userId: string): void {
  db.update(users).set({ sessionVersion: sql`${users.sessionVersion} + 1` }).where(eq(users.id, userId)).run();
}
