"use server";
import { z } from "zod";
import { db } from "@/db/client";
import { applyHealthFix, FINDINGS } from "@/lib/keys";
import { accountAction } from "@/lib/server/action";
import { idSchema } from "@/lib/validation";

/** A finding's one-click fix: worked out again on the server, applied through the usual operations. */
export const fixKeyHealthAction = accountAction(z.object({ keyId: idSchema, finding: z.enum(FINDINGS) }), ({ keyId, finding }, actor) => {
  const { fix, token } = applyHealthFix(db, actor, keyId, finding);
  return { action: fix.action, token };
});
