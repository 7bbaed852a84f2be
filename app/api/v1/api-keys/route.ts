import { db } from "@/db/client";
import { json, keyActor, readBody, withApiKey } from "@/lib/api";
import { createServiceKey, createServiceKeyApiSchema, listAccountKeys, serializeKey } from "@/lib/keys";

/** The account's keys, metadata only (never a token or a hash). */
export const GET = withApiKey("account_keys.manage", ({ principal, ip }) =>
  json({
    apiKeys: listAccountKeys(db, keyActor(principal, ip)).map(({ key, ownerEmail }) => ({ ...serializeKey(key), owner: ownerEmail ? { id: key.ownerUserId, email: ownerEmail } : null })),
  }),
);

/** Creates a service key; the token is in this response only, which no cache may keep. */
export const POST = withApiKey("account_keys.manage", async ({ req, principal, ip }) => {
  const input = await readBody(req, createServiceKeyApiSchema);
  const { key, token } = createServiceKey(db, keyActor(principal, ip), {
    name: input.name,
    description: input.description || null,
    role: input.role,
    expiresAt: input.expiresAt ?? null,
    leakAction: input.leakAction ?? "disable",
  });
  return json({ ...serializeKey(key), token }, 201);
});
