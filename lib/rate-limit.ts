import { STATUS_BY_CODE, type ErrorCode } from "./errors";

// Fixed-window failure counters in memory. Latchkey runs as one process on one SQLite file, so a
// process-local limiter sees every request; a restart forgets the counts, which only helps a user.
export interface Limiter {
  /** Seconds until the key may try again, or 0 when it is not blocked. */
  retryAfter(key: string, now?: number): number;
  /** Records one attempt (a failure, or any request for plain request limits). */
  hit(key: string, now?: number): void;
  reset(key: string): void;
  clear(): void;
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

const envInt = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};

// Shared across route handlers and server actions of one process (and dev reloads).
function createLimiters() {
  return {
  signInByIp: createLimiter({ limit: envInt("LATCHKEY_SIGNIN_IP_LIMIT", 30), windowMs: 15 * 60_000 }),
  signInByEmail: createLimiter({ limit: envInt("LATCHKEY_SIGNIN_EMAIL_LIMIT", 10), windowMs: 15 * 60_000 }),
  keyFailuresByIp: createLimiter({ limit: envInt("LATCHKEY_KEY_FAILURE_LIMIT", 50), windowMs: 60_000 }),
  leakReportsByIp: createLimiter({ limit: envInt("LATCHKEY_LEAK_REPORT_LIMIT", 30), windowMs: 60_000 }),
  signUpByIp: createLimiter({ limit: envInt("LATCHKEY_SIGNUP_IP_LIMIT", 30), windowMs: 60 * 60_000 }),
  };
}
const g = globalThis as unknown as { __latchkeyLimiters?: ReturnType<typeof createLimiters> };
export const limiters = (g.__latchkeyLimiters ??= createLimiters());

/**
 * Every refused key check — API request, verify, token exchange — goes through here: a refusal that
 * says the key itself is bad (a 401 code) counts against the client IP. Returns the seconds to wait
 * once that IP is over its limit, else 0. A valid key never comes here, so it is never blocked.
 */
export function failedKeyCheck(code: ErrorCode, ip: string, now = Date.now()): number {
  if (STATUS_BY_CODE[code] !== 401) return 0;
  const wait = limiters.keyFailuresByIp.retryAfter(ip, now);
  if (!wait) limiters.keyFailuresByIp.hit(ip, now);
  return wait;
}

// ---------------------------------------------------------------------------------------------
// Per-key rate limits (SPEC section 9): fixed windows aligned to the clock (a 60 s window resets at
// each full minute), counted in this process's memory — off the database write path. Issue "Beyond one
// machine" moves the counts to a shared engine.

export interface KeyRateState {
  limit: number;
  remaining: number;
  /** Seconds until the window resets. */
  reset: number;
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

const gk = globalThis as unknown as { __latchkeyKeyRates?: ReturnType<typeof createKeyRateLimiter> };
export const keyRateLimits = (gk.__latchkeyKeyRates ??= createKeyRateLimiter());

/** The headers every response to a rate-limited key carries (IETF draft RateLimit header fields). */
export function rateLimitHeaders(state: KeyRateState, refused = false): Record<string, string> {
  const h: Record<string, string> = { "RateLimit-Limit": String(state.limit), "RateLimit-Remaining": String(state.remaining), "RateLimit-Reset": String(state.reset) };
  if (refused) h["Retry-After"] = String(state.reset);
  return h;
}
