// Whether the database answers (SPEC section 10: GET /api/health answers 503 while it cannot, instead
// of an error). A cached `SELECT 1` per connection: the cheapest real round trip.
import type Database from "better-sqlite3";

const statements = new WeakMap<Database.Database, Database.Statement>();

export function databaseReachable(sqlite: Database.Database): boolean {
  try {
    let stmt = statements.get(sqlite);
    if (!stmt) statements.set(sqlite, (stmt = sqlite.prepare("SELECT 1")));
    stmt.get();
    return true;
  } catch {
    return false;
  }
}
