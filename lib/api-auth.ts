// The one verification path of the public API (docs/architecture.md#how-an-api-request-flows): cheap checks first (prefix,
// length, alphabet, checksum), then one SHA-256 and one indexed look-up that brings the key, the
// caller's membership in the named account and the account together; then status, expiry and role.
// No writes here: last-used bookkeeping goes to memory (lib/key-usage.ts). The one exception is a key
// with a rate limit on PostgreSQL, whose use is counted by an upsert shared by every process.
import type Database from "better-sqlite3";
import { nativeOf, type DB } from "@/db/connection";
import type { KeyKind, Role } from "@/db/schema";
import type { Actor, ActorKey } from "./actor";
import type { ErrorCode } from "./errors";
import { allowListMatcher, parsePermissions } from "./keys/limits";
import { authorize, keyRole } from "./policy";
import { keyRateLimiterFor, rateLimitHeaders, type KeyRateState } from "./rate-limit";
import { hashToken, parseToken } from "./tokens";

/** A verified key is an Actor (lib/actor.ts): this is one of the two places one is built. */
export type Verification =
  | {
      ok: true;
      actor: Actor;
      /** Set on a rotated key's first accepted use: the old key it ends. */
      endsRotationOf: string | null;
      /** The key's rate-limit window after this use, when it has a limit. */
      rateLimit: KeyRateState | null;
      /** With `describe`: what GET /me shows of the account and user, read by the same statement. */
      described?: Described;
    }
  | { ok: false; code: ErrorCode; message: string; headers?: Record<string, string> };

// Columns of LOOKUP, read as an array (no per-row object, positional parameters: the cheapest bind).
type Row = [
  id: string,
  kind: KeyKind,
  name: string,
  status: "active" | "disabled",
  expiresAt: number | null,
  keyRole: Role | null,
  keyAccountId: string,
  ownerUserId: string | null,
  memberRole: Role | null,
  /** The key this one replaces, until this one's first accepted use (docs/concepts.md#rotation). */
  pendingRotation: string | null,
  permissions: string | null,
  rateLimit: number | null,
  rateLimitWindow: number | null,
  allowedIps: string | null,
];

// One statement: api_keys by its unique hash index, and for user keys the membership by primary key.
// Account and user details are not needed to decide; handlers that show them (GET /me) read them.
// The membership is a correlated subquery on its primary key rather than a LEFT JOIN: after ANALYZE,
// SQLite may plan a join on a small memberships table as a scan, which costs 3x at 100,000 keys.
const LOOKUP = `
SELECT k.id, k.kind, k.name, k.status, k.expires_at, k.role, k.account_id, k.owner_user_id,
       (SELECT m.role FROM memberships m WHERE m.account_id = ? AND m.user_id = k.owner_user_id) AS member_role,
       CASE WHEN k.first_used_at IS NULL THEN k.rotated_from END AS pending_rotation,
       k.permissions, k.rate_limit, k.rate_limit_window, k.allowed_ips
FROM api_keys k
WHERE k.token_hash = ?`;

const LOOKUP_BY_ID = LOOKUP.replace("WHERE k.token_hash = ?", "WHERE k.id = ?");

/** What GET /me shows besides the key: the account acted in, and the key's person. */
export interface Described {
  accountName: string;
  plan: string;
  email: string | null;
}

// GET /me's look-up: the same statement with the account and user it describes as two more columns, so
// describing the caller costs no second statement (under load each statement costs ≈ 13 µs, 3× its
// cost in a loop). Scalar subqueries on primary keys, not joins on bound values (see DESCRIBE below).
const LOOKUP_DESCRIBE = LOOKUP.replace(
  "\nFROM api_keys k",
  `,
       (SELECT a.name || char(31) || a.plan FROM accounts a WHERE a.id = coalesce(?, k.account_id)),
       (SELECT u.email FROM users u WHERE u.id = k.owner_user_id)
FROM api_keys k`,
);
type DescribeRowTail = [accountDescription: string | null, email: string | null];
const describeLookups = new WeakMap<Database.Database, Database.Statement<[string | null, string | null, string], [...Row, ...DescribeRowTail]>>();
const statements = new WeakMap<Database.Database, Database.Statement<[string | null, string], Row>>();
const byIdStatements = new WeakMap<Database.Database, Database.Statement<[string | null, string], Row>>();
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// The same statements for PostgreSQL: numbered parameters, times as epoch milliseconds (float8, so
// postgres.js hands back a number), chr(31) for SQLite's char(31). Prepared once per connection by
// postgres.js.
const toPostgres = (statement: string, parameters: number) => {
  let n = 0;
  const text = statement.replace(/\?/g, () => `$${++n}`).replace("k.expires_at,", "(extract(epoch FROM k.expires_at) * 1000)::float8,").replace("char(31)", "chr(31)");
  if (n !== parameters) throw new Error("parameter count");
  return text;
};
const PG_LOOKUP = toPostgres(LOOKUP, 2);
const PG_LOOKUP_BY_ID = toPostgres(LOOKUP_BY_ID, 2);
const PG_LOOKUP_DESCRIBE = toPostgres(LOOKUP_DESCRIBE, 3);

const fail = (code: ErrorCode, message: string): Verification => ({ ok: false, code, message });
const INVALID = fail("invalid_key", "The API key is not valid.");

/** Extracts the token of `Authorization: Bearer <token>`; null when absent or another scheme. */
export function bearerToken(header: string | null): string | null {
  if (!header) return null;
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : null;
}

/**
 * Verifies a key. On SQLite the answer comes back synchronously (the hot path stays one prepared
 * statement with no promise); on PostgreSQL as a promise. Callers `await` either.
 */
export function verifyKey(
  db: DB,
  token: string | null,
  accountHeader: string | null,
  now = Date.now(),
  ip: string | null = null,
  options: { describe?: boolean } = {},
): Verification | Promise<Verification> {
  if (!token) return fail("unauthenticated", "Send an API key as `Authorization: Bearer <key>`.");
  // Malformed and mis-checksummed tokens never reach the database.
  if (!parseToken(token).ok) return INVALID;
  const account = accountHeader ? accountHeader.trim().toLowerCase() : null;
  if (account !== null && !UUID_PATTERN.test(account)) return fail("bad_request", "X-Account-Id must be an account ID (a UUID).");
  const native = nativeOf(db);

  if (native.dialect === "postgres") {
    const query = options.describe ? PG_LOOKUP_DESCRIBE : PG_LOOKUP;
    const parameters = options.describe ? [account, account, hashToken(token)] : [account, hashToken(token)];
    return native.sql
      .unsafe(query, parameters, { prepare: true })
      .values()
      .then((rows) => finish(db, rows[0] as unknown as [...Row, ...DescribeRowTail] | undefined, account, now, ip, !!options.describe, "key"));
  }
  const sqlite = native.sqlite;
  if (options.describe) {
    let described = describeLookups.get(sqlite);
    if (!described) describeLookups.set(sqlite, (described = sqlite.prepare<[string | null, string | null, string], [...Row, ...DescribeRowTail]>(LOOKUP_DESCRIBE).raw()));
    return finish(db, described.get(account, account, hashToken(token)), account, now, ip, true, "key") as Verification;
  }
  let stmt = statements.get(sqlite);
  if (!stmt) statements.set(sqlite, (stmt = sqlite.prepare<[string | null, string], Row>(LOOKUP).raw()));
  return finish(db, stmt.get(account, hashToken(token)), account, now, ip, false, "key") as Verification;
}

/**
 * The key behind an access token (docs/concepts.md#access-tokens), re-checked on every request exactly as a key is: by
 * its id (the JWT's `key_id`) in the account the token was issued for.
 */
export function verifyKeyById(db: DB, keyId: string, accountId: string, now = Date.now(), ip: string | null = null): Verification | Promise<Verification> {
  if (!UUID_PATTERN.test(keyId) || !UUID_PATTERN.test(accountId)) return INVALID;
  const native = nativeOf(db);
  if (native.dialect === "postgres")
    return native.sql
      .unsafe(PG_LOOKUP_BY_ID, [accountId, keyId], { prepare: true })
      .values()
      .then((rows) => finish(db, rows[0] as unknown as Row | undefined, accountId, now, ip, false, "access_token"));
  let stmt = byIdStatements.get(native.sqlite);
  if (!stmt) byIdStatements.set(native.sqlite, (stmt = native.sqlite.prepare<[string | null, string], Row>(LOOKUP_BY_ID).raw()));
  return finish(db, stmt.get(accountId, keyId), accountId, now, ip, false, "access_token") as Verification;
}

/** Decides on the row, then spends one of the key's rate limit (in memory, or shared in PostgreSQL). */
function finish(db: DB, row: Row | [...Row, ...DescribeRowTail] | undefined, account: string | null, now: number, ip: string | null, describe: boolean, via: ActorKey["via"]): Verification | Promise<Verification> {
  const result = decide(row as Row | undefined, account, ip, now, via);
  if (!result.ok) return result;
  const [limit, window] = [row![11], row![12]];
  if (describe && row && row[14] != null) {
    const cut = row[14].lastIndexOf("\u001f");
    result.described = { accountName: row[14].slice(0, cut), plan: row[14].slice(cut + 1), email: (row[15] as string | null) ?? null };
  }
  if (limit === null || window === null) return result;
  const limiter = keyRateLimiterFor(db);
  const state = limiter.hit(result.actor.key!.id, limit, window, now);
  return state instanceof Promise ? state.then((s) => withRate(result, s, limit, window)) : withRate(result, state, limit, window);
}

function withRate(result: Verification & { ok: true }, state: KeyRateState & { ok: boolean }, limit: number, window: number): Verification {
  if (!state.ok) return { ok: false, code: "rate_limited", message: `This API key allows ${limit} requests per ${window} s. Try again later.`, headers: rateLimitHeaders(state, true) };
  result.rateLimit = state;
  return result;
}

function decide(row: Row | undefined, account: string | null, ip: string | null, now: number, via: ActorKey["via"]): Verification {
  if (!row) return INVALID;
  const [id, kind, name, status, expiresAt, ownRole, keyAccountId, ownerUserId, memberRole, pendingRotation, permissions, rateLimit, rateLimitWindow, allowedIps] = row;
  if (status !== "active") return fail("key_disabled", "This API key is disabled.");
  if (expiresAt !== null && expiresAt <= now) return fail("key_expired", "This API key has expired.");

  if (kind === "user" && !account) return fail("account_required", "User API keys need the X-Account-Id header naming the account.");
  if (kind !== "user" && account && account !== keyAccountId) return fail("forbidden", "This API key has no access to that account.");
  const role = keyRole(kind, ownRole, memberRole);
  // A user key of someone who is not a member (never, or removed a moment ago), or no such account: the same answer.
  if (!role) return fail("forbidden", "This API key has no access to that account.");
  // Limits of section 9, after everything else: a refused address spends none of the key's rate limit
  // (counted by finish(), in memory or in PostgreSQL).
  if (allowedIps !== null && !allowListMatcher(allowedIps)(ip)) return fail("ip_not_allowed", "This API key may not be used from this IP address.");
  return {
    ok: true,
    actor: {
      accountId: account ?? keyAccountId,
      role,
      userId: ownerUserId,
      key: {
        id,
        kind,
        name,
        via,
        expiresAt,
        permissions: permissions === null ? null : parsePermissions(permissions),
        rateLimit: rateLimit !== null && rateLimitWindow !== null ? { limit: rateLimit, windowSeconds: rateLimitWindow } : null,
        allowedIps,
      },
      ip,
    },
    endsRotationOf: pendingRotation,
    rateLimit: null,
  };
}

type DescribeRow = [accountId: string, accountName: string, plan: string, email: string | null];
// The user as a scalar subquery, not a LEFT JOIN on a bound id: SQLite runs the join form ≈ 2.5× slower
// (11 µs against 4 µs at 100,000 keys, measured), and this is on every GET /me.
const DESCRIBE = `SELECT a.id, a.name, a.plan, (SELECT u.email FROM users u WHERE u.id = ?) FROM accounts a WHERE a.id = ?`;
const describeStatements = new WeakMap<Database.Database, Database.Statement<[string | null, string], DescribeRow>>();
const PG_DESCRIBE = DESCRIBE.replace("?", "$1").replace("?", "$2");

/**
 * GET /me's view of the calling key: what the verification already read (`described`), or one prepared
 * statement (the query builder costs more than the query).
 */
export async function describeKeyActor(db: DB, actor: Actor, described?: Described) {
  authorize(actor, "account.read");
  if (!actor.key) throw new Error("describeKeyActor needs a key");
  let row: DescribeRow;
  if (described) row = [actor.accountId, described.accountName, described.plan, described.email];
  else {
    const native = nativeOf(db);
    if (native.dialect === "postgres") row = (await native.sql.unsafe(PG_DESCRIBE, [actor.userId, actor.accountId], { prepare: true }).values())[0] as unknown as DescribeRow;
    else {
      let stmt = describeStatements.get(native.sqlite);
      if (!stmt) describeStatements.set(native.sqlite, (stmt = native.sqlite.prepare<[string | null, string], DescribeRow>(DESCRIBE).raw()));
      row = stmt.get(actor.userId, actor.accountId)!;
    }
  }
  const [accountId, accountName, plan, email] = row;
  return {
    key: { id: actor.key.id, kind: actor.key.kind, name: actor.key.name, role: actor.role },
    user: actor.userId && email !== null ? { id: actor.userId, email } : null,
    account: { id: accountId, name: accountName, plan },
  };
}
