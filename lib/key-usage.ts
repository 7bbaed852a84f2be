// Last-used time and IP, and daily request counts, without a database write on the request path:
// requests update memory; a flush writes at most once a minute per key (docs/concepts.md), off the
// request (setImmediate), and the daily counts on the same timer.
// The statements that write a flush are the database's (db/key-usage-writes.ts).
import { transaction } from "@/db/transaction";
import { db } from "@/db/client";
import type { DB } from "@/db/connection";
import { databaseOf, type Access, type Daily } from "@/db/database";

// Once a minute (docs/concepts.md#usage-last-used-and-request-counts); shorter only for tests that add up usage across
// processes.
const WRITE_INTERVAL_MS = Number(process.env.LATCHKEY_USAGE_WRITE_MS) || 60_000;

export interface KeyUsageTracker {
  /** Records one accepted request. O(1), no I/O. */
  touch(keyId: string, ip: string, now?: number): void;
  /** Records what an accepted request did: a resource, read or write (key health). O(1), no I/O. */
  touchAccess(keyId: string, resource: string, access: "read" | "write", now?: number): void;
  /** Writes pending last-used values and counts now (tests, shutdown). */
  flush(): Promise<void>;
  /** Resolves once a write scheduled by earlier touches has finished (tests). */
  settled(): Promise<void>;
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

// One record per key, found with one Map look-up per request: no string is built on the request path
// (a `${keyId}|${day}` key cost ≈ 1 µs a request under load, measured). Counts belong to `day`; a request
// on a later day moves the earlier day's counts to `carried` first.
interface Usage {
  keyId: string;
  at: number;
  ip: string;
  writtenAt: number;
  day: string;
  count: number;
  /** resource → [reads, writes] of `day`. */
  access: Map<string, [number, number]>;
}

export function createKeyUsageTracker(database: () => DB): KeyUsageTracker {
  const usage = new Map<string, Usage>();
  const dirty = new Set<string>();
  const counted = new Set<Usage>(); // records with counts not yet written
  let carried: { daily: Daily[]; access: Access[] } = { daily: [], access: [] };
  let scheduled = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();

  // Moves a record's counts out (to a flush, or to `carried` when its day is over).
  function takeCounts(u: Usage, into: { daily: Daily[]; access: Access[] }) {
    const { keyId, day } = u;
    if (u.count) into.daily.push({ keyId, day, n: u.count });
    for (const [resource, [reads, writes]] of u.access) {
      if (reads) into.access.push({ keyId, day, resource, access: "read", n: reads });
      if (writes) into.access.push({ keyId, day, resource, access: "write", n: writes });
    }
    u.count = 0;
    u.access.clear();
  }

  function record(keyId: string, now: number): Usage {
    const day = utcDay(now);
    let u = usage.get(keyId);
    if (!u) usage.set(keyId, (u = { keyId, at: 0, ip: "", writtenAt: 0, day, count: 0, access: new Map() }));
    else if (u.day !== day) {
      takeCounts(u, carried);
      u.day = day;
    }
    if (!counted.has(u)) {
      counted.add(u);
      later();
    }
    return u;
  }

  async function flush(): Promise<void> {
    scheduled = false;
    const pending = carried;
    carried = { daily: [], access: [] };
    // Only the records counted since the last flush, not every key ever seen.
    for (const u of counted) takeCounts(u, pending);
    counted.clear();
    const lastUsed = [...dirty].flatMap((id) => {
      const u = usage.get(id);
      return u ? [{ id, at: u.at, ip: u.ip }] : [];
    });
    dirty.clear();
    const { daily, access } = pending;
    if (!lastUsed.length && !daily.length && !access.length) return;
    try {
      await transaction(database(), async (tx) => {
        await databaseOf(tx).writeKeyUsage({ lastUsed, daily, access });
      });
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
      void flush();
    }, WRITE_INTERVAL_MS);
    timer.unref();
  }

  function schedule() {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => void (inFlight = flush()));
  }

  return {
    touch(keyId, ip, now = Date.now()) {
      const u = record(keyId, now);
      u.at = now;
      u.ip = ip;
      u.count++;
      if (now - u.writtenAt >= WRITE_INTERVAL_MS) {
        u.writtenAt = now;
        dirty.add(keyId);
        schedule();
      }
    },
    touchAccess(keyId, resource, access, now = Date.now()) {
      const u = record(keyId, now);
      let counts = u.access.get(resource);
      if (!counts) u.access.set(resource, (counts = [0, 0]));
      counts[access === "read" ? 0 : 1]++;
    },
    flush,
    async settled() {
      await new Promise((resolve) => setImmediate(resolve));
      await inFlight;
    },
    lastSeen(keyId) {
      const u = usage.get(keyId);
      return u && u.at ? { at: u.at, ip: u.ip } : undefined;
    },
    forget(keyId) {
      const u = usage.get(keyId);
      if (u) counted.delete(u);
      usage.delete(keyId);
      dirty.delete(keyId);
    },
  };
}

// The process's tracker, shared by the API and the console pages: one instance, since both load this
// module once (scripts/build-server.mjs).
export const keyUsage: KeyUsageTracker = createKeyUsageTracker(() => db);
