// The one verification pipeline (docs/permissions.md#one-verification-pipeline): every way a credential is presented —
// an API request with a key or an access token, POST /api/v1/keys/verify, the token exchange, and gateways to come —
// goes through checkCredential, so status, expiry, membership, restriction, allow-list, rate limit and a rotation's
// first use are decided once, the same way. A refusal counts against the per-IP limit of failed key checks; an
// acceptance is a use of the key (last used, usage counts, a rotation's first use). On SQLite an accepted key is
// answered without a promise: on the API's hot path every await is a cost.
import type { DB } from "@/db/connection";
import { looksLikeJwt, verifyAccessToken } from "./access-tokens";
import { verifyKey, verifyKeyById, type Verification } from "./api-auth";
import type { ErrorCode } from "./errors";
import { recordAcceptedUse } from "./keys/rotation";
import { failedKeyCheck } from "./rate-limit";

export type Accepted = Verification & { ok: true };
export type Refused = {
  ok: false;
  code: ErrorCode;
  message: string;
  headers?: Record<string, string>;
  retryAfter?: number;
};
export type Checked = Accepted | Refused;

export interface Presented {
  /** The token as presented: an API key, or (where `accessTokens`) an access token. */
  token: string | null;
  /** The account named by the request (X-Account-Id, accountId, account_id), or null. */
  accountId: string | null;
  /** The client's address: what allow-lists, last-used and the failed-check limit see. */
  ip: string;
  now?: number;
  /** Whether an access token (a JWT from POST /api/v1/token) stands for a key here: the API only. */
  accessTokens?: boolean;
  /** GET /me: the look-up also reads the account and user it shows. */
  describe?: boolean;
}

export function checkCredential(db: DB, presented: Presented): Checked | Promise<Checked> {
  const now = presented.now ?? Date.now();
  const { token, ip } = presented;
  if (presented.accessTokens && token && looksLikeJwt(token))
    return verifyAccessTokenFor(db, token, presented.accountId, now, ip).then((r) => settle(db, r, ip, now));
  const result = verifyKey(db, token, presented.accountId, now, ip, { describe: presented.describe });
  return result instanceof Promise ? result.then((r) => settle(db, r, ip, now)) : settle(db, result, ip, now);
}

function settle(db: DB, result: Verification, ip: string, now: number): Checked | Promise<Checked> {
  if (!result.ok) return refuse(result, ip, now);
  const recorded = recordAcceptedUse(db, result, ip, now);
  return recorded ? recorded.then(() => result) : result;
}

/**
 * Failed key checks count per IP; past the limit they get 429. A valid key from the same address still
 * passes, so one noisy client behind a shared address cannot lock out the others.
 */
async function refuse(result: Verification & { ok: false }, ip: string, now: number): Promise<Refused> {
  const wait = await failedKeyCheck(result.code, ip, now);
  if (wait)
    return {
      ok: false,
      code: "rate_limited",
      message: "Too many failed authentication attempts. Try again later.",
      headers: { "Retry-After": String(wait) },
      retryAfter: wait,
    };
  const retry = result.headers?.["Retry-After"];
  return retry ? { ...result, retryAfter: Number(retry) } : result;
}

/**
 * An access token (docs/concepts.md#access-tokens): its signature and lifetime, then the key behind it exactly as if it
 * had been sent itself, in the account the token was issued for — deleting, disabling or removing takes
 * effect at once, whatever the token's `exp`. The actor it yields is marked `via: "access_token"`.
 */
async function verifyAccessTokenFor(
  db: DB,
  token: string,
  accountHeader: string | null,
  now: number,
  ip: string,
): Promise<Verification> {
  const claims = await verifyAccessToken(db, token, now);
  if (!claims) return { ok: false, code: "invalid_key", message: "The access token is not valid or has expired." };
  if (accountHeader && accountHeader.trim().toLowerCase() !== claims.account_id)
    return { ok: false, code: "forbidden", message: "This access token has no access to that account." };
  return await verifyKeyById(db, claims.key_id, claims.account_id, now, ip);
}
