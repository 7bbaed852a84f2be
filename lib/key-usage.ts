// Last-used time and IP, and daily request counts, without a database write on the request path:
// requests update memory; a flush writes at most once a minute per key (SPEC section 3), off the
// request (setImmediate), and the daily counts on the same timer.
import type Database from "better-sqlite3";
import { db } from "@/db/client";

const WRITE_INTERVAL_MS = 60_000;

interface Seen {
  at: number;
  ip: string;
  writtenAt: number;
}

export interface KeyUsageTracker {
  /** Records one accepted request. O(1), no I/O. */
  touch(keyId: string, ip: string, now?: number): void;
  /** Records what an accepted request did: a resource, read or write (key health). O(1), no I/O. */
  touchAccess(keyId: string, resource: string, access: "read" | "write", now?: number): void;
  /** Writes pending last-used values and counts now (tests, shutdown). */
  flush(): void;
  /** Last use seen in memory (newer than the database for up to a minute). */
  lastSeen(keyId: string): { at: number; ip: string } | undefined;
  forget(keyId: string): void;
}

// The UTC day of a time, YYYY-MM-DD, computed once per day rather than once per request.
let dayStart = 0;
let dayEnd = 0;
let dayKey = "";
function utcDay(now: number): string {
  if (now < dayStart || now >= dayEnd) {
    dayStart = now - (now % 86_400_000);
    dayEnd = dayStart + 86_400_000;
    dayKey = new Date(dayStart).toISOString().slice(0, 10);
  }
  return dayKey;
}

export function createKeyUsageTracker(sqlite: () => Database.Database): KeyUsageTracker {
  const seen = new Map<string, Seen>();
  const dirty = new Set<string>();
  const counts = new Map<string, number>(); // `${keyId}|${day}` → requests not yet written
  const accessCounts = new Map<string, number>(); // `${keyId}|${day}|${resource}|${access}` → the same, per resource
  let scheduled = false;
  let timer: NodeJS.Timeout | undefined;

  function flush() {
    scheduled = false;
    if (!dirty.size && !counts.size && !accessCounts.size) return;
    const db = sqlite();
    const setLastUsed = db.prepare("UPDATE api_keys SET last_used_at = ?, last_used_ip = ? WHERE id = ?");
    const addCount = db.prepare(
      `INSERT INTO key_usage_daily (key_id, day, count) SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM api_keys WHERE id = ?)
       ON CONFLICT (key_id, day) DO UPDATE SET count = count + excluded.count`,
    );
    const addAccess = db.prepare(
      `INSERT INTO key_usage_access (key_id, day, resource, access, count) SELECT ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM api_keys WHERE id = ?)
       ON CONFLICT (key_id, day, resource, access) DO UPDATE SET count = count + excluded.count`,
    );
    const pendingDirty = [...dirty];
    const pendingCounts = [...counts];
    const pendingAccess = [...accessCounts];
    dirty.clear();
    counts.clear();
    accessCounts.clear();
    try {
      db.transaction(() => {
        for (const id of pendingDirty) {
          const s = seen.get(id);
          if (s) setLastUsed.run(s.at, s.ip, id);
        }
        for (const [k, n] of pendingCounts) {
          const [keyId, day] = k.split("|") as [string, string];
          addCount.run(keyId, day, n, keyId);
        }
        for (const [k, n] of pendingAccess) {
          const [keyId, day, resource, access] = k.split("|") as [string, string, string, string];
          addAccess.run(keyId, day, resource, access, n, keyId);
        }
      })();
    } catch (error) {
      // Usage is best-effort bookkeeping: never fail a request over it.
      console.error("[latchkey] could not record key usage:", error instanceof Error ? error.message : error);
    }
  }

  // Counts go out on a timer, at most a minute after they were made.
  function later() {
    if (timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      flush();
    }, WRITE_INTERVAL_MS);
    timer.unref();
  }

  function schedule() {
    if (scheduled) return;
    scheduled = true;
    setImmediate(flush);
  }

  return {
    touch(keyId, ip, now = Date.now()) {
      const s = seen.get(keyId);
      if (!s) seen.set(keyId, { at: now, ip, writtenAt: 0 });
      else {
        s.at = now;
        s.ip = ip;
      }
      const entry = seen.get(keyId)!;
      if (now - entry.writtenAt >= WRITE_INTERVAL_MS) {
        entry.writtenAt = now;
        dirty.add(keyId);
        schedule();
      }
      const k = `${keyId}|${utcDay(now)}`;
      counts.set(k, (counts.get(k) ?? 0) + 1);
      later();
    },
    touchAccess(keyId, resource, access, now = Date.now()) {
      const k = `${keyId}|${utcDay(now)}|${resource}|${access}`;
      accessCounts.set(k, (accessCounts.get(k) ?? 0) + 1);
      later();
    },
    flush,
    lastSeen(keyId) {
      const s = seen.get(keyId);
      return s && { at: s.at, ip: s.ip };
    },
    forget(keyId) {
      seen.delete(keyId);
      dirty.delete(keyId);
    },
  };
}

// The process's tracker, shared by the API and the console pages (kept on globalThis: Next's bundle
// and the API server's bundle are two copies of this module in one process).
const g = globalThis as unknown as { __latchkeyKeyUsage?: KeyUsageTracker };
export const keyUsage: KeyUsageTracker = (g.__latchkeyKeyUsage ??= createKeyUsageTracker(() => db.$client));
