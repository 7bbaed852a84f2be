// Running Drizzle queries the same way on both databases. SQLite's builders have synchronous
// `.get()/.all()/.run()`, PostgreSQL's have none; awaiting a builder runs it on either, so the domain
// awaits builders and takes the first row with `first`.
import { sql, TableAliasProxyHandler, type Column, type SQL } from "drizzle-orm";
import type { BuildAliasTable, SQLiteTable } from "drizzle-orm/sqlite-core";
import { dialect } from "./dialect";

/** The first row of a query, or undefined. */
export async function first<T>(query: PromiseLike<T[]>): Promise<T | undefined> {
  return (await query)[0];
}

/** The row an `insert … returning()` (or an update of a known row) gave back; it must be there. */
export async function only<T>(query: PromiseLike<T[]>): Promise<T> {
  const rows = await query;
  if (!rows.length) throw new Error("Expected a row back from the database, got none.");
  return rows[0]!;
}

/**
 * A time column as whole milliseconds since the epoch, for ordering and keyset paging. SQLite's column
 * default (`unixepoch('subsec') * 1000`) is a REAL that can carry a float's last digits
 * (…283.9998), which a Date read back drops: compared as stored, a cursor made from the Date misses rows.
 * Truncated here exactly as Date truncates, the order and the cursor agree. PostgreSQL keeps milliseconds.
 */
export function wholeMilliseconds(column: Column): SQL<number> {
  return (
    dialect === "sqlite" ? sql`cast(${column} as integer)` : sql`(extract(epoch from ${column}) * 1000)::bigint`
  ).mapWith(Number);
}

/**
 * A table under another name, to join it twice (`alias(users, "owner")`). Drizzle's alias is the same
 * proxy on every database; typed like the tables the domain sees (db/schema.ts).
 */
export function alias<T extends SQLiteTable, A extends string>(table: T, name: A): BuildAliasTable<T, A> {
  return new Proxy(table, new TableAliasProxyHandler(name, false)) as unknown as BuildAliasTable<T, A>;
}
