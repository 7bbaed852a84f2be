// The usage flush's statements (docs/architecture.md#work-off-the-request-path): last used, daily counts
// and per-resource access, written in batches by the tracker of lib/key-usage.ts inside its transaction.
// Reached through the database's interface (db/database.ts) as `writeKeyUsage`.
import type BetterSqlite3 from "better-sqlite3";
import type { PostgresClient } from "./connection";

export type LastUsed = { id: string; at: number; ip: string };
export type Daily = { keyId: string; day: string; n: number };
export type Access = Daily & { resource: string; access: string };

/** One flush: last-used values (only ever moving forward) and counts to add to what is stored. */
export interface KeyUsageBatch {
  lastUsed: LastUsed[];
  daily: Daily[];
  access: Access[];
}

/** SQLite: prepared statements run row by row (synchronous, microseconds each), prepared once per connection. */
export function sqliteKeyUsageWriter(sqlite: BetterSqlite3.Database): (batch: KeyUsageBatch) => void {
  let statements:
    | { setLastUsed: BetterSqlite3.Statement; addCount: BetterSqlite3.Statement; addAccess: BetterSqlite3.Statement }
    | undefined;
  return ({ lastUsed, daily, access }) => {
    statements ??= {
      setLastUsed: sqlite.prepare(
        "UPDATE api_keys SET last_used_at = ?, last_used_ip = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at <= ?)",
      ),
      addCount: sqlite.prepare(
        `INSERT INTO key_usage_daily (key_id, day, count) SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM api_keys WHERE id = ?)
     ON CONFLICT (key_id, day) DO UPDATE SET count = count + excluded.count`,
      ),
      addAccess: sqlite.prepare(
        `INSERT INTO key_usage_access (key_id, day, resource, access, count) SELECT ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM api_keys WHERE id = ?)
     ON CONFLICT (key_id, day, resource, access) DO UPDATE SET count = count + excluded.count`,
      ),
    };
    const { setLastUsed, addCount, addAccess } = statements;
    for (const u of lastUsed) setLastUsed.run(u.at, u.ip, u.id, u.at);
    for (const d of daily) addCount.run(d.keyId, d.day, d.n, d.keyId);
    for (const a of access) addAccess.run(a.keyId, a.day, a.resource, a.access, a.n, a.keyId);
  };
}

/**
 * PostgreSQL: one statement per kind of row (arrays unnested), adding to what other processes wrote;
 * last-used only ever moves forward, whichever process flushes last.
 */
export function postgresKeyUsageWriter(sql: PostgresClient): (batch: KeyUsageBatch) => Promise<void> {
  return async ({ lastUsed, daily, access }) => {
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
  };
}
