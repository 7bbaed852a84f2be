"use server";
import { z } from "zod";
import { db } from "@latchkey/domain/db/client";
import { updateProfile } from "@latchkey/domain/accounts";
import { accountAction, userAction } from "@/app/_server/action";
import {
  createKeyFormSchema,
  createUserKey,
  deleteOwnKey,
  rotateKeyFormSchema,
  rotateOwnUserKey,
  setOwnKeyStatus,
  updateKeyFormSchema,
  updateOwnKey,
} from "@latchkey/domain/keys";
import { changePassword, signOutEverywhere } from "@latchkey/domain/users";
import { checkboxSchema, idSchema, passwordSchema, personNameSchema } from "@latchkey/domain/validation";

export const updateProfileAction = userAction(z.object({ name: personNameSchema }), ({ name }, session) =>
  updateProfile(db, session.user.id, { name }),
);

export const changePasswordAction = userAction(
  z
    .object({
      currentPassword: z.string().min(1, { error: "Enter your current password." }).max(256),
      newPassword: passwordSchema,
      confirmPassword: z.string().max(256),
    })
    .refine((v) => v.newPassword === v.confirmPassword, {
      path: ["confirmPassword"],
      error: "The two new passwords differ.",
    }),
  ({ currentPassword, newPassword }, session) =>
    changePassword(db, session.user.id, session.sessionId, currentPassword, newPassword),
);

export const signOutEverywhereAction = userAction(z.object({}), async (_input, session) => {
  await signOutEverywhere(db, session.user.id);
  return null;
});

/** Creates a user key in the current account. The token is in this response only (server action
 *  responses are never cached) and is not kept anywhere but the SHA-256. */
export const createUserKeyAction = accountAction(createKeyFormSchema, async (input, caller) => {
  const { key, token } = await createUserKey(db, caller, {
    name: input.name,
    description: input.description,
    expiresAt: input.expiresAt,
    leakAction: input.leakAction,
    permissions: input.permissions,
    rateLimit: input.rateLimit,
    allowedIps: input.allowedIps,
  });
  return { id: key.id, name: key.name, hint: key.hint, token };
});

export const updateUserKeyAction = userAction(updateKeyFormSchema, ({ keyId, ...edit }, session) =>
  updateOwnKey(db, { userId: session.user.id, ip: session.ip }, keyId, edit),
);

export const setUserKeyStatusAction = userAction(
  z.object({ keyId: idSchema, status: z.enum(["active", "disabled"]), acknowledgeLeak: checkboxSchema.optional() }),
  (input, session) =>
    setOwnKeyStatus(
      db,
      { userId: session.user.id, ip: session.ip },
      input.keyId,
      input.status,
      input.acknowledgeLeak ?? false,
    ),
);

export const deleteUserKeyAction = userAction(z.object({ keyId: idSchema }), (input, session) =>
  deleteOwnKey(db, { userId: session.user.id, ip: session.ip }, input.keyId),
);

/** Rotates one of the user's own keys; the new token is in this response only. */
export const rotateUserKeyAction = userAction(rotateKeyFormSchema, async ({ keyId, input }, session) => {
  const { key, token, oldKey } = await rotateOwnUserKey(db, { userId: session.user.id, ip: session.ip }, keyId, input);
  return { id: key.id, name: key.name, token, oldKeyEndsAt: oldKey.endsAt };
});
