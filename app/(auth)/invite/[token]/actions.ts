"use server";
import { cookies } from "next/headers";
import { z } from "zod";
import { db } from "@/db/client";
import { userAction } from "@/lib/server/action";
import { ACCOUNT_COOKIE } from "@/lib/server/session";
import { acceptInvitation } from "@/lib/teams";
import { accountCookieOptions } from "@/lib/account-cookie";

export const acceptInvite = userAction(z.object({ token: z.string().min(1).max(100) }), async ({ token }, session) => {
  const joined = await acceptInvitation(db, session.user.id, token, session.ip);
  (await cookies()).set(ACCOUNT_COOKIE, joined.accountId, accountCookieOptions);
  return joined;
});
