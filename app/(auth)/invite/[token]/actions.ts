"use server";
import { cookies } from "next/headers";
import { z } from "zod";
import { db } from "@latchkey/domain/db/client";
import { userAction } from "@/app/_server/action";
import { ACCOUNT_COOKIE } from "@/app/_server/session";
import { acceptInvitation } from "@latchkey/domain/teams";
import { accountCookieOptions } from "@latchkey/domain/account-cookie";

export const acceptInvite = userAction(z.object({ token: z.string().min(1).max(100) }), async ({ token }, session) => {
  const joined = await acceptInvitation(db, session.user.id, token, session.ip);
  (await cookies()).set(ACCOUNT_COOKIE, joined.accountId, accountCookieOptions);
  return joined;
});
