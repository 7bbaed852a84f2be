// The database's own operations, the same interface on SQLite and PostgreSQL
// (docs/architecture.md#the-database-layer). The domain (lib/) writes its queries with Drizzle's query
// builder on the handle (`DB`); what cannot be written once for both — the hot path's hand-written
// look-ups, the batched usage writes, where rate-limit counts live — it reaches as
// `databaseOf(db).<operation>`, and never asks which database runs.
//
// One `Database` per handle, made on first use and kept in a WeakMap keyed by the handle object: plain
// module state, one instance per process (docs/architecture.md#one-instance-of-the-domain). A
// PostgreSQL transaction is a handle of its own (its statements go to the transaction's connection).
import { nativeOf, type DB } from "./connection";
import { postgresKeyLookup, sqliteKeyLookup, type KeyLookup } from "./key-lookup";
import { postgresKeyUsageWriter, sqliteKeyUsageWriter, type KeyUsageBatch } from "./key-usage-writes";
import {
  createMemoryKeyRateLimiter,
  createMemoryLimiter,
  createSharedKeyRateLimiter,
  createSharedLimiter,
  type KeyRateLimiter,
  type Limiter,
  type LimiterOptions,
} from "./rate-limits";

export type { Answer, AccountRow, DescribedKeyRow, KeyLookup, KeyRow } from "./key-lookup";
export type { Access, Daily, KeyUsageBatch, LastUsed } from "./key-usage-writes";
export type { KeyRateLimiter, KeyRateState, Limiter, LimiterOptions } from "./rate-limits";

export interface Database {
  /**
   * The verification look-ups (db/key-lookup.ts): one indexed statement each, prepared once per
   * handle. SQLite answers synchronously, so an accepted key costs no promise; PostgreSQL with a promise.
   */
  readonly keyLookup: KeyLookup;
  /** Writes one usage flush (db/key-usage-writes.ts). Call it on the transaction's handle. */
  writeKeyUsage(batch: KeyUsageBatch): void | Promise<void>;
  /**
   * A named limit of attempts per window (sign-in, failed key checks, …): counted in this process's
   * memory on SQLite (one process), in the shared `rate_limits` table on PostgreSQL (any number).
   */
  limiter(name: string, options: LimiterOptions): Limiter;
  /** Per-key rate limits: this handle's memory on SQLite (synchronous), `rate_limits` on PostgreSQL. */
  readonly keyRateLimiter: KeyRateLimiter;
}

const databases = new WeakMap<object, Database>();

/** The interface of a handle (the process's `db`, a test's, or a transaction's `tx`). */
export function databaseOf(db: DB): Database {
  let database = databases.get(db);
  if (!database) databases.set(db, (database = open(db)));
  return database;
}

function open(db: DB): Database {
  const native = nativeOf(db);
  if (native.dialect === "sqlite") {
    const { sqlite } = native;
    return {
      keyLookup: sqliteKeyLookup(sqlite),
      writeKeyUsage: sqliteKeyUsageWriter(sqlite),
      limiter: (_name, options) => createMemoryLimiter(options),
      keyRateLimiter: createMemoryKeyRateLimiter(),
    };
  }
  const { sql } = native;
  return {
    keyLookup: postgresKeyLookup(sql),
    writeKeyUsage: postgresKeyUsageWriter(sql),
    limiter: (name, options) => createSharedLimiter(sql, name, options),
    keyRateLimiter: createSharedKeyRateLimiter(sql),
  };
}
