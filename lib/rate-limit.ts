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
