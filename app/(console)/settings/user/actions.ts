"use server";
import { z } from "zod";
import { db } from "@/db/client";
import { updateProfile } from "@/lib/accounts";
import { userAction } from "@/lib/action";
import { signOutEverywhere } from "@/lib/users";
import { personNameSchema } from "@/lib/validation";

export const updateProfileAction = userAction(z.object({ name: personNameSchema }), ({ name }, session) =>
  updateProfile(db, session.user.id, { name }),
);

export const signOutEverywhereAction = userAction(z.object({}), (_input, session) => {
  signOutEverywhere(db, session.user.id);
  return null;
});
