"use server";
import { cookies } from "next/headers";
import { z } from "zod";
import { db } from "@latchkey/domain/db/client";
import { isMember } from "@latchkey/domain/accounts";
import { accountCookieOptions } from "@latchkey/domain/account-cookie";
import { userAction } from "@/app/_server/action";
import { forbidden } from "@latchkey/domain/errors";
import { ACCOUNT_COOKIE } from "@/app/_server/session";
import { idSchema } from "@latchkey/domain/validation";

/** Remembers the chosen account; every later request re-checks the membership anyway. */
export const switchAccount = userAction(z.object({ accountId: idSchema }), async ({ accountId }, session) => {
  if (!(await isMember(db, accountId, session.user.id))) throw forbidden("You are not a member of that account.");
  (await cookies()).set(ACCOUNT_COOKIE, accountId, accountCookieOptions);
  return { accountId };
});
