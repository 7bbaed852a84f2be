// Opening the database (docs/operations.md#sqlite, docs/operations.md#postgresql): the embedded SQLite file, or
// PostgreSQL when DATABASE_URL names one. Both are driven through Drizzle with one face, `DB` (typed with SQLite's
// builders; see db/schema.ts and docs/architecture.md#the-database-layer). What differs between the two lives in db/:
// the domain reaches it through db/database.ts (look-ups, usage writes, rate limits), db/transaction.ts, db/query.ts
// and db/health.ts. `nativeOf` is for db/ (and tests and the bench that look at the file itself); lib/ never calls it
// (db/boundary.test.ts).
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { is } from "drizzle-orm";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { readMigrationFiles } from "drizzle-orm/migrator";
import { PgDatabase } from "drizzle-orm/pg-core";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgresFolder } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { dialectOf } from "./dialect";
import * as pgSchema from "./schema-pg";
import * as schema from "./schema-sqlite";

/**
 * The database as the domain sees it: Drizzle's query builder, with SQLite's types, on either database
 * (Drizzle has no builder type common to both; db/schema-parity.test.ts keeps the tables alike).
 */
export type DB = BetterSQLite3Database<typeof schema>;
export type PostgresClient = postgres.Sql;

export function databasePath(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.DATABASE_PATH ?? "./data/latchkey.db");
}

export const MIGRATIONS_FOLDER = path.resolve(/*turbopackIgnore: true*/ process.cwd(), "db/migrations");
export const PG_MIGRATIONS_FOLDER = path.resolve(/*turbopackIgnore: true*/ process.cwd(), "db/migrations-pg");

/** Where the database is, for messages: the SQLite file, or the PostgreSQL URL without its password. */
export function databaseLocation(url = process.env.DATABASE_URL): string {
  if (dialectOf(url) !== "postgres") return databasePath();
  return url!.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@");
}

/** Where a DB's statements go: the SQLite connection, or the PostgreSQL client (or transaction). */
export type Native = { dialect: "sqlite"; sqlite: Database.Database } | { dialect: "postgres"; sql: PostgresClient };

// Per handle, in a WeakMap keyed by the handle object: one instance of this module per process
// (docs/architecture.md#one-instance-of-the-domain), so plain module state.
const natives = new WeakMap<object, Native>();
const tag = (db: object, native: Native) => void natives.set(db, native);

export function nativeOf(db: DB): Native {
  const known = natives.get(db);
  if (known) return known;
  // Inside a PostgreSQL transaction `db` is Drizzle's transaction object, whose session holds the
  // transaction's own client.
  if (is(db, PgDatabase)) {
    const session = (db as unknown as { session: { client: PostgresClient } }).session;
    const native: Native = { dialect: "postgres", sql: session.client };
    tag(db, native);
    return native;
  }
  throw new Error("Not a Latchkey database handle.");
}

/** The database of DATABASE_URL / DATABASE_PATH. PostgreSQL must be `await migrateDatabase(db)`-ed before use. */
export function connect(url = process.env.DATABASE_URL): DB {
  return dialectOf(url) === "postgres" ? openPostgres(url!) : openDatabase();
}

/** Opens (creating if needed) the SQLite file with the pragmas of docs/operations.md#sqlite and migrates it. */
export function openDatabase(file = databasePath()): DB {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  // FULL: a revoked key must stay revoked after a power loss.
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  // 32 MiB of page cache (default 2 MiB): the key index of 100,000 keys stays in memory.
  sqlite.pragma("cache_size = -32768");
  migrate(sqlite);
  const db = drizzle({ client: sqlite, schema }) as DB;
  tag(db, { dialect: "sqlite", sqlite });
  return db;
}

/**
 * A PostgreSQL connection pool (postgres.js, pure JS). Connections open on first use, so a process
 * started while the database is down comes up and answers 503 from health until it returns.
 */
export function openPostgres(url: string, options: { max?: number } = {}): DB {
  const sql = postgres(url, {
    max: options.max ?? Number(process.env.DATABASE_POOL_SIZE ?? 10),
    onnotice: () => {},
    // A dead connection is dropped and the next query opens a new one: recovery without a restart.
    idle_timeout: 60,
    connect_timeout: 5,
    // bigint and numeric come back as numbers where they fit (counts, sums, identity ids).
    types: { bigint: { to: 20, from: [20], serialize: (n: number) => String(n), parse: (s: string) => Number(s) } },
  });
  const db = drizzlePostgres({ client: sql, schema: pgSchema }) as unknown as DB;
  tag(db, { dialect: "postgres", sql });
  return db;
}

/** Applies pending migrations. SQLite is migrated when opened; PostgreSQL here, under an advisory lock. */
export async function migrateDatabase(db: DB): Promise<void> {
  const native = nativeOf(db);
  if (native.dialect === "sqlite") return migrate(native.sqlite);
  // Processes starting together take turns: the first applies, the others then find nothing left to do.
  await withStartupLock(db, MIGRATION_LOCK, () =>
    migratePostgresFolder(db as never, { migrationsFolder: PG_MIGRATIONS_FOLDER }),
  );
}

/**
 * Runs `work` while holding a PostgreSQL session advisory lock, so that processes starting together
 * (migrating, seeding an empty database) take turns. On SQLite, which one process uses, it just runs.
 */
export async function withStartupLock<T>(db: DB, lockId: number, work: () => Promise<T>): Promise<T> {
  const native = nativeOf(db);
  if (native.dialect === "sqlite") return work();
  const reserved = await native.sql.reserve();
  try {
    await reserved`SELECT pg_advisory_lock(${lockId})`;
    return await work();
  } finally {
    await reserved`SELECT pg_advisory_unlock(${lockId})`.catch(() => {});
    reserved.release();
  }
}

/** Advisory lock ids of this application (pg_advisory_lock takes one bigint). */
export const MIGRATION_LOCK = 0x4c4b0001;
export const SWEEP_LOCK = 0x4c4b0002;
export const SEED_LOCK = 0x4c4b0003;

export async function closeDatabase(db: DB): Promise<void> {
  const native = nativeOf(db);
  if (native.dialect === "sqlite") native.sqlite.close();
  else await native.sql.end({ timeout: 5 });
}

/**
 * Applies drizzle-kit's committed migrations. Drizzle's own migrator opens a deferred transaction,
 * which lets two processes starting together (next build workers, a test server) race on the same
 * file; BEGIN IMMEDIATE makes the second one wait and then find nothing left to do. The bookkeeping
 * table is drizzle's, so `drizzle-kit migrate` stays compatible.
 */
export function migrate(sqlite: Database.Database, migrationsFolder = MIGRATIONS_FOLDER): void {
  const migrations = readMigrationFiles({ migrationsFolder });
  sqlite.exec(
    `CREATE TABLE IF NOT EXISTS "__drizzle_migrations" (id INTEGER PRIMARY KEY AUTOINCREMENT, hash text NOT NULL, created_at numeric)`,
  );
  const last = sqlite.prepare(`SELECT created_at FROM "__drizzle_migrations" ORDER BY created_at DESC LIMIT 1`);
  const lastApplied = () => Number((last.get() as { created_at: number } | undefined)?.created_at ?? 0);
  if (migrations.every((m) => m.folderMillis <= lastApplied())) return;
  const insert = sqlite.prepare(`INSERT INTO "__drizzle_migrations" (hash, created_at) VALUES (?, ?)`);
  sqlite.exec("BEGIN IMMEDIATE");
  try {
    const applied = lastApplied();
    for (const m of migrations) {
      if (m.folderMillis <= applied) continue;
      for (const statement of m.sql) if (statement.trim()) sqlite.exec(statement);
      insert.run(m.hash, m.folderMillis);
    }
    sqlite.exec("COMMIT");
  } catch (error) {
    sqlite.exec("ROLLBACK");
    throw error;
  }
}
