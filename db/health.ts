// Whether the database answers (SPEC section 10: GET /api/health names the database and answers 503
// while it cannot, instead of an error). The cheapest real round trip: `SELECT 1`.
import type Database from "better-sqlite3";
import { nativeOf, type DB } from "./connection";

const statements = new WeakMap<Database.Database, Database.Statement>();

/** The database's name as health reports it. */
export function databaseName(db: DB): "sqlite" | "postgresql" {
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
