// POST /api/v1/token (docs/api.md#token-exchange, IBM Cloud's "use the API key to generate a token"): an API key for
// a short-lived access token, in OAuth 2.0's terms, through the one verification pipeline
// (lib/credentials.ts) like every other use of a key. The exchange is audited without the token.
import { groupCommit } from "@/db/client";
import type { DB } from "@/db/connection";
import { transaction } from "@/db/transaction";
import { issueAccessToken } from "./access-tokens";
import { loadActor } from "./actor";
import { UUID_PATTERN as UUID } from "./api-auth";
import { keyTarget, recordAudit } from "./audit";
import { checkCredential } from "./credentials";

export const APIKEY_GRANT = "urn:latchkey:params:oauth:grant-type:apikey";

export type Exchange =
  | { ok: true; accessToken: string; expiresIn: number; expiration: number }
  | {
      ok: false;
      status: number;
      error: "invalid_request" | "invalid_grant" | "unsupported_grant_type";
      description: string;
      retryAfter?: number;
    };

/**
 * POST /api/v1/token: an API key for an access token, in OAuth 2.0's terms. A refused key counts against
 * the per-IP limit of failed key checks, as everywhere; the exchange is audited without the token.
 */
export async function exchangeApiKey(
  db: DB,
  fields: Record<string, unknown>,
  ip: string,
  now = Date.now(),
): Promise<Exchange> {
  const str = (k: string) => (typeof fields[k] === "string" ? (fields[k] as string) : undefined);
  const grant = str("grant_type");
  if (!grant) return { ok: false, status: 400, error: "invalid_request", description: "grant_type is required." };
  if (grant !== APIKEY_GRANT)
    return { ok: false, status: 400, error: "unsupported_grant_type", description: `Use grant_type=${APIKEY_GRANT}.` };
  const apikey = str("apikey");
  if (!apikey) return { ok: false, status: 400, error: "invalid_request", description: "apikey is required." };
  const accountId = str("account_id");
  if (accountId !== undefined && !UUID.test(accountId))
    return {
      ok: false,
      status: 400,
      error: "invalid_request",
      description: "account_id must be an account ID (a UUID).",
    };
  const result = await checkCredential(db, { token: apikey.slice(0, 200), accountId: accountId ?? null, ip, now });
  if (!result.ok) {
    // Too many failed checks from this address, or the key's own rate limit spent: 429 with Retry-After.
    if (result.code === "rate_limited")
      return {
        ok: false,
        status: 429,
        error: "invalid_grant",
        description: `${result.message} (rate_limited)`,
        retryAfter: result.retryAfter ?? 1,
      };
    if (result.code === "account_required")
      return { ok: false, status: 400, error: "invalid_request", description: "User API keys need account_id." };
    return { ok: false, status: 400, error: "invalid_grant", description: `${result.message} (${result.code})` };
  }
  const issued = await issueAccessToken(db, result.actor, now);
  await groupCommit(
    async () =>
      await transaction(db, async (tx) => {
        const actor = await loadActor(tx, result.actor, now);
        await recordAudit(tx, {
          accountId: actor.accountId,
          actor: actor.audit,
          action: "api_key.token_issued",
          target: keyTarget(actor.key!),
          details: { jti: issued.jti, expiresAt: new Date(issued.expiration * 1000).toISOString() },
          ip,
        });
      }),
  );
  return { ok: true, accessToken: issued.token, expiresIn: issued.expiresIn, expiration: issued.expiration };
}
