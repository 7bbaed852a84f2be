"use server";
import { z } from "zod";
import { db } from "@latchkey/domain/db/client";
import { accountAction } from "@/app/_server/action";
import {
  createServiceKey,
  createServiceKeyFormSchema,
  deleteAccountKey,
  rotateAccountKey,
  rotateKeyFormSchema,
  setServiceKeyStatus,
  updateKeyFormSchema,
  updateServiceKey,
} from "@latchkey/domain/keys";
import { checkboxSchema, idSchema } from "@latchkey/domain/validation";

/** The token is in this response only (server action responses are never cached). */
export const createServiceKeyAction = accountAction(createServiceKeyFormSchema, async (input, caller) => {
  const { key, token } = await createServiceKey(db, caller, input);
  return { id: key.id, name: key.name, hint: key.hint, token };
});

export const updateServiceKeyAction = accountAction(updateKeyFormSchema, ({ keyId, ...edit }, caller) =>
  updateServiceKey(db, caller, keyId, edit),
);

export const setServiceKeyStatusAction = accountAction(
  z.object({ keyId: idSchema, status: z.enum(["active", "disabled"]), acknowledgeLeak: checkboxSchema.optional() }),
  (input, caller) => setServiceKeyStatus(db, caller, input.keyId, input.status, input.acknowledgeLeak ?? false),
);

/** Any key of the account, by an owner or admin. */
export const deleteAccountKeyAction = accountAction(z.object({ keyId: idSchema }), ({ keyId }, caller) =>
  deleteAccountKey(db, caller, keyId),
);

/** Rotates a service or legacy key of the account (owners and admins); the new token is in this response only. */
export const rotateAccountKeyAction = accountAction(rotateKeyFormSchema, async ({ keyId, input }, actor) => {
  const { key, token, oldKey } = await rotateAccountKey(db, actor, keyId, input);
  return { id: key.id, name: key.name, token, oldKeyEndsAt: oldKey.endsAt };
});
