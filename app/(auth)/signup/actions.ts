"use server";
import { headers } from "next/headers";
import { db } from "@latchkey/domain/db/client";
import { createUserWithAccount } from "@latchkey/domain/accounts";
import { publicAction } from "@/app/_server/action";
import { clientIp } from "@latchkey/domain/server/client-ip";
import { PublicError } from "@latchkey/domain/errors";
import { limiters } from "@latchkey/domain/rate-limit";
import { signUpSchema } from "@latchkey/domain/validation";

export const signUp = publicAction(signUpSchema, async (input) => {
  const ip = clientIp(await headers());
  if (await limiters.signUpByIp.retryAfter(ip))
    throw new PublicError("rate_limited", "Too many sign-ups from your network. Try again later.");
  await limiters.signUpByIp.hit(ip);
  const { user } = await createUserWithAccount(db, input, ip);
  return { email: user.email };
});
