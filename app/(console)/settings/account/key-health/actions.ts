"use server";
import { z } from "zod";
import { db } from "@latchkey/domain/db/client";
import { applyHealthFix, FINDINGS } from "@latchkey/domain/keys";
import { accountAction } from "@/app/_server/action";
import { idSchema } from "@latchkey/domain/validation";

/** A finding's one-click fix: worked out again on the server, applied through the usual operations. */
export const fixKeyHealthAction = accountAction(
  z.object({ keyId: idSchema, finding: z.enum(FINDINGS) }),
  async ({ keyId, finding }, actor) => {
    const { fix, token } = await applyHealthFix(db, actor, keyId, finding);
    return { action: fix.action, token };
  },
);
