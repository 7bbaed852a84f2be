import { db as processDb } from "@/db/client";
import { nativeOf, type DB, type PostgresClient } from "@/db/connection";
import { STATUS_BY_CODE, type ErrorCode } from "./errors";

// Rate limits (docs/api.md#rate-limits, docs/operations.md#running-more-than-one-process). On SQLite, Latchkey is one process, so counters in its
// memory see every request (a restart forgets them, which only helps a user). On PostgreSQL any number
// of processes serve, so the counters live in PostgreSQL's `rate_limits` table, one row per bucket,
// bumped by one upsert: every process sees the same counts.
export interface Limiter {
  /** Seconds until the key may try again, or 0 when it is not blocked. */
  retryAfter(key: string, now?: number): number | Promise<number>;
  /** Records one attempt (a failure, or any request for plain request limits). */
  hit(key: string, now?: number): void | Promise<void>;
  reset(key: string): void | Promise<void>;
  clear(): void | Promise<void>;
}

export function createLimiter({ limit, windowMs, maxKeys = 50_000 }: { limit: number; windowMs: number; maxKeys?: number }): Limiter {
  const windows = new Map<string, { count: number; resetAt: number }>();
  return {
    retryAfter(key, now = Date.now()) {
      const w = windows.get(key);
      if (!w) return 0;
      if (w.resetAt <= now) {
        windows.delete(key);
        return 0;
      }
      return w.count >= limit ? Math.ceil((w.resetAt - now) / 1000) : 0;
    },
    hit(key, now = Date.now()) {
      const w = windows.get(key);
      if (!w || w.resetAt <= now) {
        // Bounded memory: drop the oldest entry (Map keeps insertion order) when full.
        if (windows.size >= maxKeys) windows.delete(windows.keys().next().value!);
        windows.set(key, { count: 1, resetAt: now + windowMs });
      } else w.count++;
    },
    reset(key) {
      windows.delete(key);
    },
    clear() {
      windows.clear();
    },
  };
}

/** The same limiter, with its counts in PostgreSQL (shared by every process on the database). */
export function createSharedLimiter(sql: PostgresClient, name: string, { limit, windowMs }: { limit: number; windowMs: number }): Limiter {
  const bucket = (key: string) => `${name}:${key}`;
  return {
    async retryAfter(key, now = Date.now()) {
      const [row] = await sql<{ count: number; window_start: number }[]>`SELECT count, window_start FROM rate_limits WHERE bucket = ${bucket(key)}`;
      if (!row || row.window_start + windowMs <= now || row.count < limit) return 0;
      return Math.ceil((row.window_start + windowMs - now) / 1000);
    },
    async hit(key, now = Date.now()) {
      await sql`
        INSERT INTO rate_limits (bucket, window_start, count) VALUES (${bucket(key)}, ${now}, 1)
        ON CONFLICT (bucket) DO UPDATE SET
          count = CASE WHEN rate_limits.window_start + ${windowMs} > ${now} THEN rate_limits.count + 1 ELSE 1 END,
          window_start = CASE WHEN rate_limits.window_start + ${windowMs} > ${now} THEN rate_limits.window_start ELSE ${now} END`;
    },
    async reset(key) {
      await sql`DELETE FROM rate_limits WHERE bucket = ${bucket(key)}`;
    },
    async clear() {
      await sql`DELETE FROM rate_limits WHERE bucket LIKE ${`${name}:%`}`;
    },
  };
}

const envInt = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};

// Shared across route handlers and server actions of one process (and dev reloads), and on PostgreSQL
// across processes.
function createLimiters(db: DB) {
  const native = nativeOf(db);
  const make = (name: string, options: { limit: number; windowMs: number }) =>
    native.dialect === "postgres" ? createSharedLimiter(native.sql, name, options) : createLimiter(options);
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

// ---------------------------------------------------------------------------------------------
// Per-key rate limits (docs/concepts.md#restrictions-rate-limits-and-allow-lists): fixed windows aligned to the clock (a 60 s window resets at
// each full minute). On SQLite counted in this process's memory, off the database write path; on
// PostgreSQL in the shared `rate_limits` table (one upsert per use of a limited key).

export interface KeyRateState {
  limit: number;
  remaining: number;
  /** Seconds until the window resets. */
  reset: number;
}

export interface KeyRateLimiter {
  /** Counts one use of the key; `ok: false` once the window's limit is spent. */
  hit(keyId: string, limit: number, windowSeconds: number, now?: number): (KeyRateState & { ok: boolean }) | Promise<KeyRateState & { ok: boolean }>;
  clear(): void | Promise<void>;
}

export function createKeyRateLimiter(maxKeys = 200_000) {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    /** Counts one use of the key; `ok: false` once the window's limit is spent. */
    hit(keyId: string, limit: number, windowSeconds: number, now = Date.now()): KeyRateState & { ok: boolean } {
      const size = windowSeconds * 1000;
      const start = now - (now % size);
      let w = windows.get(keyId);
      if (!w || w.start !== start) {
        if (!w && windows.size >= maxKeys) windows.delete(windows.keys().next().value!);
        w = { start, count: 0 };
        windows.set(keyId, w);
      }
      const reset = Math.max(1, Math.ceil((start + size - now) / 1000));
      if (w.count >= limit) return { ok: false, limit, remaining: 0, reset };
      w.count++;
      return { ok: true, limit, remaining: limit - w.count, reset };
    },
    forget(keyId: string) {
      windows.delete(keyId);
    },
    clear() {
      windows.clear();
    },
  };
}

/** Per-key windows kept in PostgreSQL: the same counts for every process. */
export function createSharedKeyRateLimiter(sql: PostgresClient): KeyRateLimiter {
  return {
    async hit(keyId, limit, windowSeconds, now = Date.now()) {
      const size = windowSeconds * 1000;
      const start = now - (now % size);
      const [row] = await sql<{ count: number }[]>`
        INSERT INTO rate_limits (bucket, window_start, count) VALUES (${`key:${keyId}`}, ${start}, 1)
        ON CONFLICT (bucket) DO UPDATE SET
          count = CASE WHEN rate_limits.window_start = ${start} THEN rate_limits.count + 1 ELSE 1 END,
          window_start = ${start}
        RETURNING count`;
      const count = row!.count;
      const reset = Math.max(1, Math.ceil((start + size - now) / 1000));
      return { ok: count <= limit, limit, remaining: Math.max(0, limit - count), reset };
    },
    async clear() {
      await sql`DELETE FROM rate_limits WHERE bucket LIKE 'key:%'`;
    },
  };
}

export const keyRateLimits = createKeyRateLimiter();
const sharedKeyRates = new WeakMap<object, KeyRateLimiter>();

/** The per-key limiter for a database: this process's memory on SQLite, the shared table on PostgreSQL. */
export function keyRateLimiterFor(db: DB): KeyRateLimiter {
  const native = nativeOf(db);
  if (native.dialect === "sqlite") return keyRateLimits;
  let shared = sharedKeyRates.get(native.sql);
  if (!shared) sharedKeyRates.set(native.sql, (shared = createSharedKeyRateLimiter(native.sql)));
  return shared;
}

/** The headers every response to a rate-limited key carries (IETF draft RateLimit header fields). */
export function rateLimitHeaders(state: KeyRateState, refused = false): Record<string, string> {
  const h: Record<string, string> = { "RateLimit-Limit": String(state.limit), "RateLimit-Remaining": String(state.remaining), "RateLimit-Reset": String(state.reset) };
  if (refused) h["Retry-After"] = String(state.reset);
  return h;
}
