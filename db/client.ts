// Not marked server-only: the API server (server.ts, outside Next) uses it too; no client component may import it.
import { connect, migrateDatabase, type DB } from "./connection";
import { createGroupCommit, type GroupCommit } from "./group-commit";

// One connection (SQLite) or pool (PostgreSQL) per server process; kept on globalThis so dev-mode
// reloads, and Next's own copy of this module, share it.
const g = globalThis as unknown as { __latchkeyDb?: DB; __latchkeyDbReady?: Promise<void>; __latchkeyGroupCommit?: GroupCommit };
export const db: DB = g.__latchkeyDb ?? (g.__latchkeyDb = connect());
export type { DB };

/** Resolves once the database is migrated (SQLite: at once; PostgreSQL: under an advisory lock). */
export const dbReady: Promise<void> = (g.__latchkeyDbReady ??= migrateDatabase(db));

/** The API's writes: batched into shared durable commits on SQLite (db/group-commit.ts). */
export const groupCommit: GroupCommit = (g.__latchkeyGroupCommit ??= createGroupCommit(db));
