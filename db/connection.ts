import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { readMigrationFiles } from "drizzle-orm/migrator";
import * as schema from "./schema";

export type DB = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export function databasePath(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.DATABASE_PATH ?? "./data/latchkey.db");
}

export const MIGRATIONS_FOLDER = path.resolve(/*turbopackIgnore: true*/ process.cwd(), "db/migrations");

/** Opens (creating if needed) the SQLite file with the pragmas of SPEC section 7 and migrates it. */
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
  return drizzle({ client: sqlite, schema }) as DB;
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
