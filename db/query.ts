// Running Drizzle queries the same way on both databases. SQLite's builders have synchronous
// `.get()/.all()/.run()`, PostgreSQL's have none; awaiting a builder runs it on either, so the domain
// awaits builders and takes the first row with `first`.
import type { SQL } from "drizzle-orm";
import { nativeOf, type DB } from "./connection";

/** The first row of a query, or undefined. */
export async function first<T>(query: PromiseLike<T[]>): Promise<T | undefined> {
  return (await query)[0];
}

/** Rows of a raw statement (the few the query builder cannot write the same for both). */
export async function rawRows<T>(db: DB, statement: SQL): Promise<T[]> {
  const native = nativeOf(db);
  if (native.dialect === "sqlite") return db.all<T>(statement);
  const result = await (db as unknown as { execute: (q: SQL) => Promise<T[]> }).execute(statement);
  return [...result];
}

/** Runs a raw statement for its effect. */
export async function rawRun(db: DB, statement: SQL): Promise<void> {
  const native = nativeOf(db);
  if (native.dialect === "sqlite") db.run(statement);
  else await (db as unknown as { execute: (q: SQL) => Promise<unknown> }).execute(statement);
}

/** The row an `insert … returning()` (or an update of a known row) gave back; it must be there. */
export async function only<T>(query: PromiseLike<T[]>): Promise<T> {
  const rows = await query;
  if (!rows.length) throw new Error("Expected a row back from the database, got none.");
  return rows[0]!;
}
