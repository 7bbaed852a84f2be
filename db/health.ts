// Whether the database answers (docs/api.md#health: GET /api/health names the database and answers 503
// while it cannot, instead of an error). The cheapest real round trip: `SELECT 1`.
import type Database from "better-sqlite3";
import { nativeOf, type DB } from "./connection";

const statements = new WeakMap<Database.Database, Database.Statement>();

/** The names health may report (GET /api/health's `database`). */
export const DATABASE_NAMES = ["sqlite", "postgresql"] as const;

/** The database's name as health reports it. */
export function databaseName(db: DB): (typeof DATABASE_NAMES)[number] {
  return nativeOf(db).dialect === "sqlite" ? "sqlite" : "postgresql";
}

export async function databaseReachable(db: DB, timeoutMs = 2_000): Promise<boolean> {
  const native = nativeOf(db);
  try {
    if (native.dialect === "sqlite") {
      let stmt = statements.get(native.sqlite);
      if (!stmt) statements.set(native.sqlite, (stmt = native.sqlite.prepare("SELECT 1")));
      stmt.get();
      return true;
    }
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error("timeout")), timeoutMs)));
    try {
      await Promise.race([native.sql`SELECT 1`, late]);
    } finally {
      clearTimeout(timer);
    }
    return true;
  } catch {
    return false;
  }
}

// postgres.js's connection errors, PostgreSQL's "connection exception" class (08) and shutdown/startup
// states (57P01–57P03), and SQLite's busy and I/O errors: the database, not the request, is at fault.
const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
  "57P01",
  "57P02",
  "57P03",
  "SQLITE_BUSY",
  "SQLITE_IOERR",
  "SQLITE_CANTOPEN",
]);

/** Whether an error means the database does not answer (as opposed to a bug or a bad request). */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (
    let e = error as { code?: unknown; errno?: unknown; cause?: unknown } | undefined, depth = 0;
    e && depth < 4;
    e = e.cause as typeof e, depth++
  ) {
    const code = typeof e.code === "string" ? e.code : undefined;
    if (code && (CONNECTION_CODES.has(code) || code.startsWith("08"))) return true;
    if (e instanceof AggregateError && e.errors.some(isDatabaseUnavailable)) return true;
  }
  return false;
}
