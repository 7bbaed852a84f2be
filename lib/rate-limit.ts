import { db as processDb } from "@/db/client";
import type { DB } from "@/db/connection";
import { databaseOf, type KeyRateLimiter, type KeyRateState } from "@/db/database";
import { STATUS_BY_CODE, type ErrorCode } from "./errors";

// Rate limits (docs/api.md#rate-limits, docs/operations.md#running-more-than-one-process): what is
// limited and how much. Where the counts live is the database's (db/rate-limits.ts): in this process's
// memory where one process serves, in a table every process shares where several may.
export type { KeyRateLimiter, KeyRateState, Limiter } from "@/db/database";

const envInt = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};

// Shared across route handlers and server actions of one process, and where the database shares them,
// across processes.
function createLimiters(db: DB) {
  const database = databaseOf(db);
  const make = (name: string, options: { limit: number; windowMs: number }) => database.limiter(name, options);
  return {
    signInByIp: make("sign-in-ip", { limit: envInt("LATCHKEY_SIGNIN_IP_LIMIT", 30), windowMs: 15 * 60_000 }),
    signInByEmail: make("sign-in-email", { limit: envInt("LATCHKEY_SIGNIN_EMAIL_LIMIT", 10), windowMs: 15 * 60_000 }),
    keyFailuresByIp: make("key-failures-ip", { limit: envInt("LATCHKEY_KEY_FAILURE_LIMIT", 50), windowMs: 60_000 }),
    leakReportsByIp: make("leak-reports-ip", { limit: envInt("LATCHKEY_LEAK_REPORT_LIMIT", 30), windowMs: 60_000 }),
    signUpByIp: make("sign-up-ip", { limit: envInt("LATCHKEY_SIGNUP_IP_LIMIT", 30), windowMs: 60 * 60_000 }),
  };
}
export const limiters = createLimiters(processDb);

/**
 * Every refused key check — API request, verify, token exchange — goes through here: a refusal that
 * says the key itself is bad (a 401 code) counts against the client IP. Returns the seconds to wait
 * once that IP is over its limit, else 0. A valid key never comes here, so it is never blocked.
 */
export async function failedKeyCheck(code: ErrorCode, ip: string, now = Date.now()): Promise<number> {
  if (STATUS_BY_CODE[code] !== 401) return 0;
  const wait = await limiters.keyFailuresByIp.retryAfter(ip, now);
  if (!wait) await limiters.keyFailuresByIp.hit(ip, now);
  return wait;
}

/**
 * The per-key limiter of a database (docs/concepts.md#restrictions-rate-limits-and-allow-lists): fixed
 * windows aligned to the clock; off the write path where the database keeps them in memory.
 */
export function keyRateLimiterFor(db: DB): KeyRateLimiter {
  return databaseOf(db).keyRateLimiter;
}

/** The headers every response to a rate-limited key carries (IETF draft RateLimit header fields). */
export function rateLimitHeaders(state: KeyRateState, refused = false): Record<string, string> {
  const h: Record<string, string> = {
    "RateLimit-Limit": String(state.limit),
    "RateLimit-Remaining": String(state.remaining),
    "RateLimit-Reset": String(state.reset),
  };
  if (refused) h["Retry-After"] = String(state.reset);
  return h;
}
