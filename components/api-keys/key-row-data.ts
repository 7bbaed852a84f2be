import type { ApiKey } from "@latchkey/domain/db/schema";
import { keyLimits } from "@latchkey/domain/keys/limits";
import { keyOwnRole } from "@latchkey/domain/policy";
import { expiryLabel, formatDate, formatDateTime } from "@latchkey/domain/format";
import { redactLeakedUrl } from "@latchkey/domain/tokens";
import type { KeyRowData } from "./types";

/** Server-side: a key row for the client, with the freshest last use (memory is ahead of the database). */
export function toKeyRowData(
  key: ApiKey,
  extra: {
    accountName?: string;
    ownerName?: string | null;
    creatorName?: string | null;
    canEdit: boolean;
    canDelete: boolean;
    canRotate?: boolean;
    lastSeen?: { at: number; ip: string };
    /** The key's account's maximum key lifetime in days, if it has one. */
    maxLifetimeDays?: number | null;
  },
  now = Date.now(),
): KeyRowData {
  const lastAt = extra.lastSeen?.at ?? key.lastUsedAt?.getTime() ?? null;
  return {
    id: key.id,
    kind: key.kind,
    name: key.name,
    description: key.description,
    hint: key.hint,
    role: keyOwnRole(key),
    accountName: extra.accountName,
    ownerName: extra.ownerName,
    creatorName: extra.creatorName,
    createdAt: formatDate(key.createdAt),
    lastUsedAt: lastAt ? formatDateTime(lastAt) : null,
    lastUsedIp: extra.lastSeen?.ip ?? key.lastUsedIp,
    expiresLabel: expiryLabel(key.expiresAt, now),
    expiresOn: key.expiresAt ? key.expiresAt.toISOString().slice(0, 10) : null,
    expired: !!key.expiresAt && key.expiresAt.getTime() <= now,
    status: key.status,
    leakedAt: key.leakedAt ? formatDate(key.leakedAt) : null,
    // Redacted again on the way out, for URLs stored before every encoding of a token was removed.
    leakedUrl: key.leakedUrl === null ? null : redactLeakedUrl(key.leakedUrl),
    canEdit: extra.canEdit,
    canDelete: extra.canDelete,
    canRotate:
      (extra.canRotate ?? extra.canEdit) &&
      // A key disabled after a leak report is replaced by rotating it as well (lib/keys/rotation.ts).
      (key.status === "active" || key.leakedAt !== null) &&
      !key.rotatedAt &&
      !(key.expiresAt && key.expiresAt.getTime() <= now),
    rotating:
      key.rotatedAt && !(key.expiresAt && key.expiresAt.getTime() <= now)
        ? {
            until: key.expiresAt ? formatDateTime(key.expiresAt.getTime()) : "the new key's first use",
            usedSince:
              lastAt && lastAt > key.rotatedAt.getTime()
                ? { at: formatDateTime(lastAt), ip: extra.lastSeen?.ip ?? key.lastUsedIp }
                : null,
          }
        : null,
    limits: keyLimits(key),
    maxLifetimeDays: extra.maxLifetimeDays ?? null,
  };
}
