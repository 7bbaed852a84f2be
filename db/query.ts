// Running Drizzle queries the same way on both databases. SQLite's builders have synchronous
// `.get()/.all()/.run()`, PostgreSQL's have none; awaiting a builder runs it on either, so the domain
// awaits builders and takes the first row with `first`.

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
