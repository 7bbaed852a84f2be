import "server-only";
import { db } from "@latchkey/domain/db/client";
import { lookupInvitation } from "@latchkey/domain/teams";

/**
 * The valid invitation a sign-in or sign-up page returns to (its `next` or `callbackUrl` is `/invite/{token}`), or
 * null: its email fills in the sign-up form, and the sign-up page says which account the person is joining.
 */
export async function pendingInvitation(returnTo: string) {
  const match = /^\/invite\/([^/?#]+)$/.exec(returnTo);
  if (!match) return null;
  let token: string;
  try {
    token = decodeURIComponent(match[1]!);
  } catch {
    return null;
  }
  const invitation = await lookupInvitation(db, token.slice(0, 100));
  return invitation.state === "valid" ? { email: invitation.email, accountName: invitation.accountName } : null;
}

/** The sign-up page that comes back to `returnTo` (an invitation: with its email filled in). */
export function signUpHref(returnTo: string, email?: string) {
  const query = new URLSearchParams({ next: returnTo, ...(email ? { email } : {}) });
  return `/signup?${query.toString()}`;
}
