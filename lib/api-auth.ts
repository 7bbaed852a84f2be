// The one verification path of the public API (SPEC sections 3, 4, 7): cheap checks first (prefix,
// length, alphabet, checksum), then one SHA-256 and one indexed look-up that brings the key, the
// caller's membership in the named account and the account together; then status, expiry and role.
// No writes here: last-used bookkeeping goes to memory (lib/key-usage.ts).
import type Database from "better-sqlite3";
import type { KeyKind, Plan, Role } from "@/db/schema";
import type { ErrorCode } from "./errors";
import { hashToken, parseToken } from "./tokens";

export interface KeyPrincipal {
  keyId: string;
  kind: KeyKind;
  name: string;
  /** The role this request acts with: the owner's role in the account (user keys), the key's own role
   *  (service keys), or admin (legacy keys). */
  role: Role;
  accountId: string;
  accountName: string;
  plan: Plan;
  userId: string | null;
  userEmail: string | null;
}

export type Verification = { ok: true; principal: KeyPrincipal } | { ok: false; code: ErrorCode; message: string };

interface Row {
  id: string;
  kind: KeyKind;
  name: string;
  status: "active" | "disabled";
  expires_at: number | null;
  key_role: Role | null;
  key_account_id: string;
  owner_user_id: string | null;
  member_role: Role | null;
  account_id: string | null;
  account_name: string | null;
  plan: Plan | null;
  email: string | null;
}

// One statement: api_keys by its unique hash index; memberships by primary key; accounts and users by id.
const LOOKUP = `
SELECT k.id, k.kind, k.name, k.status, k.expires_at, k.role AS key_role, k.account_id AS key_account_id,
       k.owner_user_id, m.role AS member_role, a.id AS account_id, a.name AS account_name, a.plan, u.email
FROM api_keys k
LEFT JOIN memberships m ON k.kind = 'user' AND m.account_id = @account AND m.user_id = k.owner_user_id
LEFT JOIN accounts a ON a.id = CASE WHEN k.kind = 'user' THEN @account ELSE k.account_id END
LEFT JOIN users u ON u.id = k.owner_user_id
WHERE k.token_hash = @hash`;

const statements = new WeakMap<Database.Database, Database.Statement<{ hash: string; account: string | null }, Row>>();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const fail = (code: ErrorCode, message: string): Verification => ({ ok: false, code, message });
const INVALID = fail("invalid_key", "The API key is not valid.");

/** Extracts the token of `Authorization: Bearer <token>`; null when absent or another scheme. */
export function bearerToken(header: string | null): string | null {
  if (!header) return null;
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : null;
}

export function verifyKey(sqlite: Database.Database, token: string | null, accountHeader: string | null, now = Date.now()): Verification {
  if (!token) return fail("unauthenticated", "Send an API key as `Authorization: Bearer <key>`.");
  // Malformed and mis-checksummed tokens never reach the database.
  if (!parseToken(token).ok) return INVALID;
  const account = accountHeader ? accountHeader.trim().toLowerCase() : null;
  if (account !== null && !UUID.test(account)) return fail("bad_request", "X-Account-Id must be an account ID (a UUID).");

  let stmt = statements.get(sqlite);
  if (!stmt) statements.set(sqlite, (stmt = sqlite.prepare(LOOKUP)));
  const row = stmt.get({ hash: hashToken(token), account });

  if (!row) return INVALID;
  if (row.status !== "active") return fail("key_disabled", "This API key is disabled.");
  if (row.expires_at !== null && row.expires_at <= now) return fail("key_expired", "This API key has expired.");

  let role: Role;
  if (row.kind === "user") {
    if (!account) return fail("account_required", "User API keys need the X-Account-Id header naming the account.");
    // Not a member (never, or removed a moment ago), or no such account: the same answer.
    if (!row.member_role || !row.account_id) return fail("forbidden", "This API key has no access to that account.");
    role = row.member_role;
  } else {
    if (account && account !== row.key_account_id) return fail("forbidden", "This API key has no access to that account.");
    role = row.kind === "legacy" ? "admin" : row.key_role!;
  }
  return {
    ok: true,
    principal: {
      keyId: row.id,
      kind: row.kind,
      name: row.name,
      role,
      accountId: row.account_id!,
      accountName: row.account_name!,
      plan: row.plan!,
      userId: row.owner_user_id,
      userEmail: row.email,
    },
  };
}
