"use server";
import { headers } from "next/headers";
import { db } from "@/db/client";
import { createUserWithAccount } from "@/lib/accounts";
import { publicAction } from "@/lib/server/action";
import { clientIp } from "@/lib/server/client-ip";
import { PublicError } from "@/lib/errors";
import { limiters } from "@/lib/rate-limit";
import { signUpSchema } from "@/lib/validation";

export const signUp = publicAction(signUpSchema, async (input) => {
  const ip = clientIp(await headers());
  if (await limiters.signUpByIp.retryAfter(ip)) throw new PublicError("rate_limited", "Too many sign-ups from your network. Try again later.");
  await limiters.signUpByIp.hit(ip);
  const { user } = await createUserWithAccount(db, input, ip);
  return { email: user.email };
});
