// The one verification path of the public API (SPEC sections 3, 4, 7): cheap checks first (prefix,
// length, alphabet, checksum), then one SHA-256 and one indexed look-up that brings the key, the
// caller's membership in the named account and the account together; then status, expiry and role.
// No writes here: last-used bookkeeping goes to memory (lib/key-usage.ts).
import type Database from "better-sqlite3";
import type { KeyKind, Role } from "@/db/schema";
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
  userId: string | null;
}

export type Verification = { ok: true; principal: KeyPrincipal } | { ok: false; code: ErrorCode; message: string };

// Columns of LOOKUP, read as an array (no per-row object, positional parameters: the cheapest bind).
type Row = [id: string, kind: KeyKind, name: string, status: "active" | "disabled", expiresAt: number | null, keyRole: Role | null, keyAccountId: string, ownerUserId: string | null, memberRole: Role | null];

// One statement: api_keys by its unique hash index, and for user keys the membership by primary key.
// Account and user details are not needed to decide; handlers that show them (GET /me) read them.
// The membership is a correlated subquery on its primary key rather than a LEFT JOIN: after ANALYZE,
// SQLite may plan a join on a small memberships table as a scan, which costs 3x at 100,000 keys.
const LOOKUP = `
SELECT k.id, k.kind, k.name, k.status, k.expires_at, k.role, k.account_id, k.owner_user_id,
       (SELECT m.role FROM memberships m WHERE m.account_id = ? AND m.user_id = k.owner_user_id) AS member_role
FROM api_keys k
WHERE k.token_hash = ?`;

const statements = new WeakMap<Database.Database, Database.Statement<[string | null, string], Row>>();
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
  if (account !== null && !UUID_PATTERN.test(account)) return fail("bad_request", "X-Account-Id must be an account ID (a UUID).");

  let stmt = statements.get(sqlite);
  if (!stmt) statements.set(sqlite, (stmt = sqlite.prepare<[string | null, string], Row>(LOOKUP).raw()));
  const row = stmt.get(account, hashToken(token));

  if (!row) return INVALID;
  const [id, kind, name, status, expiresAt, keyRole, keyAccountId, ownerUserId, memberRole] = row;
  if (status !== "active") return fail("key_disabled", "This API key is disabled.");
  if (expiresAt !== null && expiresAt <= now) return fail("key_expired", "This API key has expired.");

  let role: Role;
  if (kind === "user") {
    if (!account) return fail("account_required", "User API keys need the X-Account-Id header naming the account.");
    // Not a member (never, or removed a moment ago), or no such account: the same answer.
    if (!memberRole) return fail("forbidden", "This API key has no access to that account.");
    role = memberRole;
  } else {
    if (account && account !== keyAccountId) return fail("forbidden", "This API key has no access to that account.");
    role = kind === "legacy" ? "admin" : keyRole!;
  }
  return { ok: true, principal: { keyId: id, kind, name, role, accountId: account ?? keyAccountId, userId: ownerUserId } };
}

type DescribeRow = [accountId: string, accountName: string, plan: string, userId: string | null, email: string | null];
const DESCRIBE = `SELECT a.id, a.name, a.plan, u.id, u.email FROM accounts a LEFT JOIN users u ON u.id = ? WHERE a.id = ?`;
const describeStatements = new WeakMap<Database.Database, Database.Statement<[string | null, string], DescribeRow>>();

/** GET /me's view of the caller: one prepared statement (the query builder costs more than the query). */
export function describePrincipal(sqlite: Database.Database, p: KeyPrincipal) {
  let stmt = describeStatements.get(sqlite);
  if (!stmt) describeStatements.set(sqlite, (stmt = sqlite.prepare<[string | null, string], DescribeRow>(DESCRIBE).raw()));
  const [accountId, accountName, plan, userId, email] = stmt.get(p.userId, p.accountId)!;
  return {
    key: { id: p.keyId, kind: p.kind, name: p.name, role: p.role },
    user: userId ? { id: userId, email } : null,
    account: { id: accountId, name: accountName, plan },
  };
}
