// The verification look-up's statements (docs/architecture.md#how-an-api-request-flows): the hot path of
// the API, so hand-written, read as arrays (no per-row object, positional parameters: the cheapest bind)
// and prepared once per handle — SQLite's answer synchronously, PostgreSQL's as named prepared
// statements of postgres.js. lib/api-auth.ts decides on the rows; it reaches them through the database's
// interface (db/database.ts) as `keyLookup`.
import type BetterSqlite3 from "better-sqlite3";
import type { PostgresClient } from "./connection";
import type { KeyKind, Role } from "./schema";

/** A value now (SQLite) or later (PostgreSQL): callers on the hot path check before awaiting. */
export type Answer<T> = T | Promise<T>;

/** The key, the caller's membership in the named account, and what decides on the key. */
export type KeyRow = [
  id: string,
  kind: KeyKind,
  name: string,
  status: "active" | "disabled",
  /** Epoch milliseconds. */
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

/** GET /me's look-up: the key row, then the account (name, U+001F, plan) and the key's person's email. */
export type DescribedKeyRow = [...KeyRow, accountDescription: string | null, email: string | null];

/** GET /me's view of an account and a user, when the verification did not read it. */
export type AccountRow = [accountId: string, accountName: string, plan: string, email: string | null];

export interface KeyLookup {
  /** By the token's hash, with the membership of the key's owner in `account` (when named). */
  byHash(account: string | null, tokenHash: string): Answer<KeyRow | undefined>;
  /** The same, with the account (the named one, else the key's) and the owner's email. */
  byHashDescribed(account: string | null, tokenHash: string): Answer<DescribedKeyRow | undefined>;
  /** By the key's id (an access token's `key_id`), in `account`. */
  byId(account: string, keyId: string): Answer<KeyRow | undefined>;
  /** An account by id, and a user's email. */
  account(userId: string | null, accountId: string): Answer<AccountRow | undefined>;
}

// How the two databases spell the few things that differ in these statements.
interface Spelling {
  /** The n-th parameter (1-based). */
  param(n: number): string;
  /** `k.expires_at` as epoch milliseconds (PostgreSQL: float8, so postgres.js hands back a number). */
  expiresAt: string;
  /** The character U+001F. */
  unitSeparator: string;
}
const SQLITE: Spelling = { param: () => "?", expiresAt: "k.expires_at", unitSeparator: "char(31)" };
const POSTGRES: Spelling = {
  param: (n) => `$${n}`,
  expiresAt: "(extract(epoch FROM k.expires_at) * 1000)::float8",
  unitSeparator: "chr(31)",
};

// One statement: api_keys by its unique hash index (or its id), and for user keys the membership by
// primary key. The membership is a correlated subquery on its primary key rather than a LEFT JOIN:
// after ANALYZE, SQLite may plan a join on a small memberships table as a scan, which costs 3x at
// 100,000 keys. With `describe`, the account and user GET /me shows are two more columns, so describing
// the caller costs no second statement (under load each statement costs ≈ 13 µs, 3× its cost in a loop):
// scalar subqueries on primary keys, not joins on bound values. Parameters: the account, (the account
// again, when described), then the hash or id.
function lookupStatement(s: Spelling, by: "hash" | "id", describe: boolean): string {
  const described = describe
    ? `,
       (SELECT a.name || ${s.unitSeparator} || a.plan FROM accounts a WHERE a.id = coalesce(${s.param(2)}, k.account_id)),
       (SELECT u.email FROM users u WHERE u.id = k.owner_user_id)`
    : "";
  return `
SELECT k.id, k.kind, k.name, k.status, ${s.expiresAt}, k.role, k.account_id, k.owner_user_id,
       (SELECT m.role FROM memberships m WHERE m.account_id = ${s.param(1)} AND m.user_id = k.owner_user_id) AS member_role,
       CASE WHEN k.first_used_at IS NULL THEN k.rotated_from END AS pending_rotation,
       k.permissions, k.rate_limit, k.rate_limit_window, k.allowed_ips${described}
FROM api_keys k
WHERE ${by === "hash" ? "k.token_hash" : "k.id"} = ${s.param(describe ? 3 : 2)}`;
}

// The user as a scalar subquery, not a LEFT JOIN on a bound id: SQLite runs the join form ≈ 2.5× slower
// (11 µs against 4 µs at 100,000 keys, measured), and this is on every GET /me.
const accountStatement = (s: Spelling) =>
  `SELECT a.id, a.name, a.plan, (SELECT u.email FROM users u WHERE u.id = ${s.param(1)}) FROM accounts a WHERE a.id = ${s.param(2)}`;

/** SQLite: each statement prepared on first use, then run synchronously. */
export function sqliteKeyLookup(sqlite: BetterSqlite3.Database): KeyLookup {
  let byHash: BetterSqlite3.Statement<[string | null, string], KeyRow> | undefined;
  let byHashDescribed: BetterSqlite3.Statement<[string | null, string | null, string], DescribedKeyRow> | undefined;
  let byId: BetterSqlite3.Statement<[string, string], KeyRow> | undefined;
  let account: BetterSqlite3.Statement<[string | null, string], AccountRow> | undefined;
  return {
    byHash(accountId, tokenHash) {
      byHash ??= sqlite.prepare<[string | null, string], KeyRow>(lookupStatement(SQLITE, "hash", false)).raw();
      return byHash.get(accountId, tokenHash);
    },
    byHashDescribed(accountId, tokenHash) {
      byHashDescribed ??= sqlite
        .prepare<[string | null, string | null, string], DescribedKeyRow>(lookupStatement(SQLITE, "hash", true))
        .raw();
      return byHashDescribed.get(accountId, accountId, tokenHash);
    },
    byId(accountId, keyId) {
      byId ??= sqlite.prepare<[string, string], KeyRow>(lookupStatement(SQLITE, "id", false)).raw();
      return byId.get(accountId, keyId);
    },
    account(userId, accountId) {
      account ??= sqlite.prepare<[string | null, string], AccountRow>(accountStatement(SQLITE)).raw();
      return account.get(userId, accountId);
    },
  };
}

/** PostgreSQL: the same statements, prepared by postgres.js once per pooled connection. */
const PG_STATEMENTS = {
  byHash: lookupStatement(POSTGRES, "hash", false),
  byHashDescribed: lookupStatement(POSTGRES, "hash", true),
  byId: lookupStatement(POSTGRES, "id", false),
  account: accountStatement(POSTGRES),
};

export function postgresKeyLookup(sql: PostgresClient): KeyLookup {
  const statements = PG_STATEMENTS;
  const firstRow = <T>(text: string, parameters: (string | null)[]): Promise<T | undefined> =>
    sql
      .unsafe(text, parameters, { prepare: true })
      .values()
      .then((rows) => rows[0] as unknown as T | undefined);
  return {
    byHash: (accountId, tokenHash) => firstRow<KeyRow>(statements.byHash, [accountId, tokenHash]),
    byHashDescribed: (accountId, tokenHash) =>
      firstRow<DescribedKeyRow>(statements.byHashDescribed, [accountId, accountId, tokenHash]),
    byId: (accountId, keyId) => firstRow<KeyRow>(statements.byId, [accountId, keyId]),
    account: (userId, accountId) => firstRow<AccountRow>(statements.account, [userId, accountId]),
  };
}
