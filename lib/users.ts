import { first } from "@/db/query";
import { transaction } from "@/db/transaction";
import { eq, sql } from "drizzle-orm";
import { sessions, users } from "@/db/schema";
import type { DB } from "@/db/connection";
import { PublicError } from "./errors";
import { notify } from "./notifications";
import { hashPassword, verifyPassword } from "./passwords";
import { limiters } from "./rate-limit";
import { endUserSessions } from "./sessions";

/** Voids every session of the user: sessions carry the version they were issued with. */
export async function signOutEverywhere(db: DB, userId: string): Promise<void> {
  await transaction(db, async (tx) => {
    await tx
      .update(users)
      .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(eq(users.id, userId));
    await tx.delete(sessions).where(eq(sessions.userId, userId));
  });
}

/**
 * Changes a password: the current one is required (wrong guesses count against the sign-in limit for the
 * address), and every other session of the user ends; the one that asked stays signed in.
 */
export async function changePassword(
  db: DB,
  userId: string,
  keepSessionId: string,
  current: string,
  next: string,
  now = new Date(),
) {
  const user = await first(db.select().from(users).where(eq(users.id, userId)));
  if (!user) throw new PublicError("unauthenticated", "Sign in again.");
  if (await limiters.signInByEmail.retryAfter(user.email))
    throw new PublicError("rate_limited", "Too many wrong passwords. Wait a few minutes and try again.");
  if (!(await verifyPassword(current, user.passwordHash))) {
    await limiters.signInByEmail.hit(user.email);
    throw new PublicError("validation_failed", "Your current password is not right.", {
      currentPassword: ["That is not your current password."],
    });
  }
  if (current === next)
    throw new PublicError("validation_failed", "Choose a new password.", {
      newPassword: ["The new password is the same as the current one."],
    });
  const passwordHash = await hashPassword(next);
  await transaction(db, async (tx) => {
    await tx.update(users).set({ passwordHash }).where(eq(users.id, userId));
    await endUserSessions(tx, userId, keepSessionId);
    await notify(
      tx,
      [userId],
      {
        kind: "password.changed",
        message: "Your password was changed. Your other sessions were signed out.",
        link: "/settings/user",
      },
      now,
    );
  });
  return { ok: true as const };
}
