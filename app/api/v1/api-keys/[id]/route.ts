import { db } from "@/db/client";
import { keyActor, uuidParam, withApiKey } from "@/lib/api";
import { deleteAccountKey } from "@/lib/keys";

export const DELETE = withApiKey<{ id: string }>("account_keys.manage", ({ principal, params, ip }) => {
  deleteAccountKey(db, keyActor(principal, ip), uuidParam(params.id, "API key"));
  return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
});
