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
}
