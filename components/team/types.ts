import type { Role } from "@latchkey/domain/db/schema";

export interface MemberRow {
  userId: string;
  name: string;
  email: string;
  role: Role;
  joinedAt: string;
  canCreateKeys: boolean;
  keyCount: number;
  isSelf: boolean;
  /** Roles the viewer may set for this member (empty: the select is read-only). */
  assignableRoles: Role[];
  canRemove: boolean;
  removeBlockedReason?: string;
}
