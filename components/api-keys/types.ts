export type AccessLevelName = "none" | "read" | "write";

/** A key's limits (docs/concepts.md#restrictions-rate-limits-and-allow-lists), as the dialogs and rows show them. */
export interface KeyLimitsData {
  permissions: Record<"checks" | "members" | "api_keys" | "audit_log", AccessLevelName> | null;
  rateLimit: { limit: number; windowSeconds: number } | null;
  allowedIps: string[] | null;
}

/** What a key row shows; never a token or a hash. */
export interface KeyRowData {
  id: string;
  kind: "user" | "service" | "legacy";
  name: string;
  description: string | null;
  hint: string;
  role: string | null;
  /** User keys: the account they were created in. */
  accountName?: string;
  /** Admin views: whose key it is. */
  ownerName?: string | null;
  creatorName?: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  lastUsedIp: string | null;
  expiresLabel: string;
  /** YYYY-MM-DD, for the edit dialog. */
  expiresOn: string | null;
  expired: boolean;
  status: "active" | "disabled";
  leakedAt: string | null;
  leakedUrl: string | null;
  canEdit: boolean;
  canDelete: boolean;
  /** Whoever sees the row may rotate the key (its owner; owners and admins for service and legacy keys). */
  canRotate: boolean;
  /** Being replaced after a rotation: until when, and whether something still used it since. */
  rotating: { until: string; usedSince: { at: string; ip: string | null } | null } | null;
  limits: KeyLimitsData;
  /** The maximum key lifetime of the key's account, in days (null: none): the edit dialog's expiry choices. */
  maxLifetimeDays: number | null;
}
