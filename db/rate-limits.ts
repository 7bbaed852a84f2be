// Where rate-limit counts live (docs/api.md#rate-limits, docs/operations.md#running-more-than-one-process),
// reached through the database's interface (db/database.ts). On SQLite, Latchkey is one process, so
// counters in its memory see every request (a restart forgets them, which only helps a user). On
// PostgreSQL any number of processes serve, so the counters live in PostgreSQL's `rate_limits` table,
// one row per bucket, bumped by one upsert: every process sees the same counts. The domain
// (lib/rate-limit.ts) decides what is limited and how much; this module only keeps the counts.
import type { PostgresClient } from "./connection";

export interface Limiter {
  /** Seconds until the key may try again, or 0 when it is not blocked. */
  retryAfter(key: string, now?: number): number | Promise<number>;
  /** Records one attempt (a failure, or any request for plain request limits). */
  hit(key: string, now?: number): void | Promise<void>;
  reset(key: string): void | Promise<void>;
  clear(): void | Promise<void>;
}

export interface LimiterOptions {
  limit: number;
  windowMs: number;
}

export interface KeyRateState {
  limit: number;
  remaining: number;
  /** Seconds until the window resets. */
  reset: number;
}

/**
 * Per-key rate limits (docs/concepts.md#restrictions-rate-limits-and-allow-lists): fixed windows aligned
 * to the clock (a 60 s window resets at each full minute).
 */
export interface KeyRateLimiter {
  /** Counts one use of the key; `ok: false` once the window's limit is spent. */
  hit(
    keyId: string,
    limit: number,
    windowSeconds: number,
    now?: number,
  ): (KeyRateState & { ok: boolean }) | Promise<KeyRateState & { ok: boolean }>;
  clear(): void | Promise<void>;
}

/** A limiter in this process's memory, with bounded memory (the oldest window goes first). */
export function createMemoryLimiter({
  limit,
  windowMs,
  maxKeys = 50_000,
}: LimiterOptions & { maxKeys?: number }): Limiter {
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
export function createSharedLimiter(sql: PostgresClient, name: string, { limit, windowMs }: LimiterOptions): Limiter {
  const bucket = (key: string) => `${name}:${key}`;
  return {
    async retryAfter(key, now = Date.now()) {
      const [row] = await sql<
        { count: number; window_start: number }[]
      >`SELECT count, window_start FROM rate_limits WHERE bucket = ${bucket(key)}`;
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

/** Per-key windows in this process's memory, off the database write path; answers synchronously. */
export function createMemoryKeyRateLimiter(maxKeys = 200_000): KeyRateLimiter & {
  hit(keyId: string, limit: number, windowSeconds: number, now?: number): KeyRateState & { ok: boolean };
} {
  const windows = new Map<string, { start: number; count: number }>();
  return {
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
    clear() {
      windows.clear();
    },
  };
}

/** Per-key windows kept in PostgreSQL (one upsert per use of a limited key): the same counts for every process. */
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
