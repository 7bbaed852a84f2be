// Expiry bookkeeping, run by the sweep (lib/server/sweeper.ts, started by server.ts) and by tests with an injected
// clock: one reminder seven days ahead, and one audit event when a key has expired. Verification itself compares
// expiresAt with the request time, so a key stops working at the instant whatever the sweep does.
import { transaction, tryTransactionLock } from "@/db/transaction";
import { and, eq, gt, isNotNull, isNull, lte } from "drizzle-orm";
import { apiKeys } from "@/db/schema";
import { SWEEP_LOCK, type DB } from "@/db/connection";
import { keyTarget, recordAudit, SYSTEM_ACTOR } from "./audit";
import { endRotation } from "./keys/rotation";
import { formatDate } from "./format";
import { accountAdminIds, notify } from "./notifications";

export const REMINDER_MS = 7 * 24 * 60 * 60 * 1000;

export async function sweepExpiry(db: DB, now = new Date()) {
  return await transaction(db, async (tx) => {
    // Many processes, one sweep (docs/operations.md#running-more-than-one-process): whoever holds the lock sweeps; the
    // others skip this round instead of queueing behind it.
    if (!(await tryTransactionLock(tx, SWEEP_LOCK))) return { reminded: 0, expired: 0, skipped: true as const };
    const soon = await tx
      .select()
      .from(apiKeys)
      .where(
        and(
          isNull(apiKeys.expiryNotifiedAt),
          gt(apiKeys.expiresAt, now),
          lte(apiKeys.expiresAt, new Date(now.getTime() + REMINDER_MS)),
        ),
      );
    for (const key of soon) {
      const recipients = key.kind === "user" ? [key.ownerUserId] : await accountAdminIds(tx, key.accountId);
      await notify(
        tx,
        recipients,
        {
          kind: "api_key.expiring",
          message: `API key “${key.name}” (${key.hint}) expires on ${formatDate(key.expiresAt)}.`,
          link: `/settings/api-keys/${key.id}`,
        },
        now,
      );
      await tx
        .update(apiKeys)
        .set({ expiryNotifiedAt: now })
        .where(and(eq(apiKeys.id, key.id), eq(apiKeys.accountId, key.accountId)));
    }
    const expired = await tx
      .select()
      .from(apiKeys)
      .where(and(isNull(apiKeys.expiredRecordedAt), isNotNull(apiKeys.expiresAt), lte(apiKeys.expiresAt, now)));
    for (const key of expired) {
      if (key.rotatedAt) {
        // A rotated key's deadline passed: its rotation ended.
        await endRotation(tx, key.id, "deadline", now);
        continue;
      }
      await recordAudit(tx, {
        accountId: key.accountId,
        actor: SYSTEM_ACTOR,
        action: "api_key.expired",
        target: keyTarget(key),
        details: { kind: key.kind, hint: key.hint, expiresAt: key.expiresAt!.toISOString() },
      });
      await tx
        .update(apiKeys)
        .set({ expiredRecordedAt: now })
        .where(and(eq(apiKeys.id, key.id), eq(apiKeys.accountId, key.accountId)));
    }
    return { reminded: soon.length, expired: expired.length };
  });
}
