// The one verification path of the public API (docs/architecture.md#how-an-api-request-flows): cheap checks first
// (prefix, length, alphabet, checksum), then one SHA-256 and one indexed look-up that brings the key, the caller's
// membership in the named account and the account together; then status, expiry and role. No writes here: last-used
// bookkeeping goes to memory (lib/key-usage.ts). The one exception is a key with a rate limit where its counts are
// shared by every process (db/rate-limits.ts). The statements themselves are the database's (db/key-lookup.ts), reached
// through databaseOf.
import type { DB } from "@/db/connection";
import { databaseOf, type AccountRow, type DescribedKeyRow, type KeyRow } from "@/db/database";
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

/** What GET /me shows besides the key: the account acted in, and the key's person. */
export interface Described {
  accountName: string;
  plan: string;
  email: string | null;
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const fail = (code: ErrorCode, message: string): Verification => ({ ok: false, code, message });
const INVALID = fail("invalid_key", "The API key is not valid.");

/** Extracts the token of `Authorization: Bearer <token>`; null when absent or another scheme. */
export function bearerToken(header: string | null): string | null {
  if (!header) return null;
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : null;
}

/**
 * Verifies a key. Where the database answers synchronously (SQLite) so does this (the hot path stays
 * one prepared statement with no promise); otherwise with a promise. Callers `await` either.
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
  if (account !== null && !UUID_PATTERN.test(account))
    return fail("bad_request", "X-Account-Id must be an account ID (a UUID).");
  const lookup = databaseOf(db).keyLookup;
  const describe = !!options.describe;
  const row = describe ? lookup.byHashDescribed(account, hashToken(token)) : lookup.byHash(account, hashToken(token));
  return row instanceof Promise
    ? row.then((r) => finish(db, r, account, now, ip, describe, "key"))
    : finish(db, row, account, now, ip, describe, "key");
}

/**
 * The key behind an access token (docs/concepts.md#access-tokens), re-checked on every request exactly as a key is: by
 * its id (the JWT's `key_id`) in the account the token was issued for.
 */
export function verifyKeyById(
  db: DB,
  keyId: string,
  accountId: string,
  now = Date.now(),
  ip: string | null = null,
): Verification | Promise<Verification> {
  if (!UUID_PATTERN.test(keyId) || !UUID_PATTERN.test(accountId)) return INVALID;
  const row = databaseOf(db).keyLookup.byId(accountId, keyId);
  return row instanceof Promise
    ? row.then((r) => finish(db, r, accountId, now, ip, false, "access_token"))
    : finish(db, row, accountId, now, ip, false, "access_token");
}

/** Decides on the row, then spends one of the key's rate limit (db/rate-limits.ts: in memory, or shared). */
function finish(
  db: DB,
  row: KeyRow | DescribedKeyRow | undefined,
  account: string | null,
  now: number,
  ip: string | null,
  describe: boolean,
  via: ActorKey["via"],
): Verification | Promise<Verification> {
  const result = decide(row as KeyRow | undefined, account, ip, now, via);
  if (!result.ok) return result;
  const [limit, window] = [row![11], row![12]];
  if (describe && row && row[14] != null) {
    const cut = row[14].lastIndexOf("\u001f");
    result.described = {
      accountName: row[14].slice(0, cut),
      plan: row[14].slice(cut + 1),
      email: (row[15] as string | null) ?? null,
    };
  }
  if (limit === null || window === null) return result;
  const limiter = keyRateLimiterFor(db);
  const state = limiter.hit(result.actor.key!.id, limit, window, now);
  return state instanceof Promise
    ? state.then((s) => withRate(result, s, limit, window))
    : withRate(result, state, limit, window);
}

function withRate(
  result: Verification & { ok: true },
  state: KeyRateState & { ok: boolean },
  limit: number,
  window: number,
): Verification {
  if (!state.ok)
    return {
      ok: false,
      code: "rate_limited",
      message: `This API key allows ${limit} requests per ${window} s. Try again later.`,
      headers: rateLimitHeaders(state, true),
    };
  result.rateLimit = state;
  return result;
}

function decide(
  row: KeyRow | undefined,
  account: string | null,
  ip: string | null,
  now: number,
  via: ActorKey["via"],
): Verification {
  if (!row) return INVALID;
  const [
    id,
    kind,
    name,
    status,
    expiresAt,
    ownRole,
    keyAccountId,
    ownerUserId,
    memberRole,
    pendingRotation,
    permissions,
    rateLimit,
    rateLimitWindow,
    allowedIps,
  ] = row;
  if (status !== "active") return fail("key_disabled", "This API key is disabled.");
  if (expiresAt !== null && expiresAt <= now) return fail("key_expired", "This API key has expired.");

  if (kind === "user" && !account)
    return fail("account_required", "User API keys need the X-Account-Id header naming the account.");
  if (kind !== "user" && account && account !== keyAccountId)
    return fail("forbidden", "This API key has no access to that account.");
  const role = keyRole(kind, ownRole, memberRole);
  // A user key of someone who is not a member (never, or removed a moment ago), or no such account: the same answer.
  if (!role) return fail("forbidden", "This API key has no access to that account.");
  // Limits of section 9, after everything else: a refused address spends none of the key's rate limit
  // (counted by finish()).
  if (allowedIps !== null && !allowListMatcher(allowedIps)(ip))
    return fail("ip_not_allowed", "This API key may not be used from this IP address.");
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
        rateLimit:
          rateLimit !== null && rateLimitWindow !== null ? { limit: rateLimit, windowSeconds: rateLimitWindow } : null,
        allowedIps,
      },
      ip,
    },
    endsRotationOf: pendingRotation,
    rateLimit: null,
  };
}

/**
 * GET /me's view of the calling key: what the verification already read (`described`), or one prepared
 * statement (the query builder costs more than the query).
 */
export async function describeKeyActor(db: DB, actor: Actor, described?: Described) {
  authorize(actor, "account.read");
  if (!actor.key) throw new Error("describeKeyActor needs a key");
  const row: AccountRow = described
    ? [actor.accountId, described.accountName, described.plan, described.email]
    : (await databaseOf(db).keyLookup.account(actor.userId, actor.accountId))!;
  const [accountId, accountName, plan, email] = row;
  return {
    key: { id: actor.key.id, kind: actor.key.kind, name: actor.key.name, role: actor.role },
    user: actor.userId && email !== null ? { id: actor.userId, email } : null,
    account: { id: accountId, name: accountName, plan },
  };
}
