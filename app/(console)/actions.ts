"use server";
import { cookies } from "next/headers";
import { z } from "zod";
import { db } from "@/db/client";
import { isMember } from "@/lib/accounts";
import { accountCookieOptions } from "@/lib/account-cookie";
import { userAction } from "@/lib/server/action";
import { forbidden } from "@/lib/errors";
import { ACCOUNT_COOKIE } from "@/lib/server/session";
import { idSchema } from "@/lib/validation";

/** Remembers the chosen account; every later request re-checks the membership anyway. */
export const switchAccount = userAction(z.object({ accountId: idSchema }), async ({ accountId }, session) => {
  if (!(await isMember(db, accountId, session.user.id))) throw forbidden("You are not a member of that account.");
  (await cookies()).set(ACCOUNT_COOKIE, accountId, accountCookieOptions);
  return { accountId };
});
