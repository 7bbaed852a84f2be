import "server-only";
import { cache } from "react";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { getServerSession } from "next-auth";
import { db } from "@latchkey/domain/db/client";
import type { User } from "@latchkey/domain/db/schema";
import { findUserById, listUserAccounts, type AccountSummary } from "@latchkey/domain/accounts";
import { authOptions } from "./auth";
import type { Actor } from "@latchkey/domain/actor";
import { clientIp } from "@latchkey/domain/server/client-ip";
import { checkSession } from "@latchkey/domain/sessions";

export const ACCOUNT_COOKIE = "lk_account";

export interface SessionContext {
  user: User;
  accounts: AccountSummary[];
  /** The current account, re-checked against the memberships on every request; null if the user has none. */
  account: AccountSummary | null;
  ip: string;
  /** The server-side session row of this browser (lib/sessions.ts). */
  sessionId: string;
}

/**
 * The signed-in user, read from the database on every request (once per request thanks to `cache`):
 * a deleted user, or one whose session version moved on (password change, sign out everywhere), is
 * signed out at once; so is a session that was signed out, or idle for 12 hours (lib/sessions.ts).
 */
export const getSession = cache(async (): Promise<SessionContext | null> => {
  const session = await getServerSession(authOptions);
  const userId = session?.user?.id;
  if (!userId) return null;
  const user = await findUserById(db, userId);
  if (!user || user.sessionVersion !== session.sv || !(await checkSession(db, session.sid, user.id))) return null;
  const accounts = await listUserAccounts(db, user.id);
  const chosen = (await cookies()).get(ACCOUNT_COOKIE)?.value;
  const account = accounts.find((a) => a.id === chosen) ?? accounts[0] ?? null;
  return { user, accounts, account, ip: clientIp(await headers()), sessionId: session.sid };
});

/** For pages: the session, or a redirect to sign-in. */
export async function requireSession(): Promise<SessionContext> {
  const session = await getSession();
  if (!session) redirect("/login");
  return session;
}

/**
 * The signed-in person as an Actor in their current account: one of the two places an Actor is built
 * (the other is the key verification, lib/api-auth.ts). Operations re-read the role in their transaction.
 */
export function actorFromSession(session: SessionContext & { account: AccountSummary }): Actor {
  return {
    accountId: session.account.id,
    role: session.account.role,
    userId: session.user.id,
    key: null,
    ip: session.ip,
  };
}

/** For pages inside an account: the session and its actor in the current account. */
export async function requireAccount(): Promise<SessionContext & { account: AccountSummary; actor: Actor }> {
  const session = await requireSession();
  if (!session.account) redirect("/settings/user");
  const inAccount = { ...session, account: session.account };
  return { ...inAccount, actor: actorFromSession(inAccount) };
}
