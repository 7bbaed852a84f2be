// Last-used time and IP, and daily request counts, without a database write on the request path:
// requests update memory; a flush writes at most once a minute per key (SPEC section 3), off the
// request (setImmediate), and the daily counts on the same timer.
import { transaction } from "@/db/transaction";
import type Database from "better-sqlite3";
import { db } from "@/db/client";
import { nativeOf, type DB, type PostgresClient } from "@/db/connection";

// Once a minute (SPEC section 3); shorter only for tests that add up usage across processes.
const WRITE_INTERVAL_MS = Number(process.env.LATCHKEY_USAGE_WRITE_MS) || 60_000;

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

type LastUsed = { id: string; at: number; ip: string };
type Daily = { keyId: string; day: string; n: number };
type Access = Daily & { resource: string; access: string };

function writeSqlite(sqlite: Database.Database, lastUsed: LastUsed[], daily: Daily[], access: Access[]) {
  const setLastUsed = sqlite.prepare("UPDATE api_keys SET last_used_at = ?, last_used_ip = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at <= ?)");
  const addCount = sqlite.prepare(
    `INSERT INTO key_usage_daily (key_id, day, count) SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM api_keys WHERE id = ?)
     ON CONFLICT (key_id, day) DO UPDATE SET count = count + excluded.count`,
  );
  const addAccess = sqlite.prepare(
    `INSERT INTO key_usage_access (key_id, day, resource, access, count) SELECT ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM api_keys WHERE id = ?)
     ON CONFLICT (key_id, day, resource, access) DO UPDATE SET count = count + excluded.count`,
  );
  for (const u of lastUsed) setLastUsed.run(u.at, u.ip, u.id, u.at);
  for (const d of daily) addCount.run(d.keyId, d.day, d.n, d.keyId);
  for (const a of access) addAccess.run(a.keyId, a.day, a.resource, a.access, a.n, a.keyId);
}

// PostgreSQL: one statement per kind of row (arrays unnested), adding to what other processes wrote;
// last-used only ever moves forward, whichever process flushes last.
async function writePostgres(sql: PostgresClient, lastUsed: LastUsed[], daily: Daily[], access: Access[]) {
  if (lastUsed.length)
    await sql`
      UPDATE api_keys k SET last_used_at = to_timestamp(v.at / 1000.0), last_used_ip = v.ip
      FROM unnest(${lastUsed.map((u) => u.id)}::text[], ${lastUsed.map((u) => u.at)}::float8[], ${lastUsed.map((u) => u.ip)}::text[]) AS v(id, at, ip)
      WHERE k.id = v.id AND (k.last_used_at IS NULL OR k.last_used_at <= to_timestamp(v.at / 1000.0))`;
  if (daily.length)
    await sql`
      INSERT INTO key_usage_daily (key_id, day, count)
      SELECT v.key_id, v.day, v.n FROM unnest(${daily.map((d) => d.keyId)}::text[], ${daily.map((d) => d.day)}::text[], ${daily.map((d) => d.n)}::int[]) AS v(key_id, day, n)
      WHERE EXISTS (SELECT 1 FROM api_keys WHERE id = v.key_id)
      ON CONFLICT (key_id, day) DO UPDATE SET count = key_usage_daily.count + excluded.count`;
  if (access.length)
    await sql`
      INSERT INTO key_usage_access (key_id, day, resource, access, count)
      SELECT v.key_id, v.day, v.resource, v.access, v.n
      FROM unnest(${access.map((a) => a.keyId)}::text[], ${access.map((a) => a.day)}::text[], ${access.map((a) => a.resource)}::text[], ${access.map((a) => a.access)}::text[], ${access.map((a) => a.n)}::int[])
        AS v(key_id, day, resource, access, n)
      WHERE EXISTS (SELECT 1 FROM api_keys WHERE id = v.key_id)
      ON CONFLICT (key_id, day, resource, access) DO UPDATE SET count = key_usage_access.count + excluded.count`;
}

export function createKeyUsageTracker(database: () => DB): KeyUsageTracker {
  const seen = new Map<string, Seen>();
  const dirty = new Set<string>();
  const counts = new Map<string, number>(); // `${keyId}|${day}` → requests not yet written
  const accessCounts = new Map<string, number>(); // `${keyId}|${day}|${resource}|${access}` → the same, per resource
  let scheduled = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();

  async function flush(): Promise<void> {
    scheduled = false;
    if (!dirty.size && !counts.size && !accessCounts.size) return;
    const lastUsed = [...dirty].flatMap((id) => {
      const s = seen.get(id);
      return s ? [{ id, at: s.at, ip: s.ip }] : [];
    });
    const daily = [...counts].map(([k, n]) => {
      const [keyId, day] = k.split("|") as [string, string];
      return { keyId, day, n };
    });
    const access = [...accessCounts].map(([k, n]) => {
      const [keyId, day, resource, kind] = k.split("|") as [string, string, string, string];
      return { keyId, day, resource, access: kind, n };
    });
    dirty.clear();
    counts.clear();
    accessCounts.clear();
    try {
      await transaction(database(), async (tx) => {
        const native = nativeOf(tx);
        if (native.dialect === "sqlite") writeSqlite(native.sqlite, lastUsed, daily, access);
        else await writePostgres(native.sql, lastUsed, daily, access);
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
    async settled() {
      await new Promise((resolve) => setImmediate(resolve));
      await inFlight;
    },
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
export const keyUsage: KeyUsageTracker = (g.__latchkeyKeyUsage ??= createKeyUsageTracker(() => db));
