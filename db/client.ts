import { connect, migrateDatabase, type DB } from "./connection";
import { createGroupCommit, type GroupCommit } from "./group-commit";

// One connection (SQLite) or pool (PostgreSQL) per server process: plain module state, since the API
// server and Next load this module once (scripts/build-server.mjs, docs/architecture.md).
export const db: DB = connect();
export type { DB };

/** Resolves once the database is migrated (SQLite: at once; PostgreSQL: under an advisory lock). */
export const dbReady: Promise<void> = migrateDatabase(db);

/** The API's writes: batched into shared durable commits on SQLite (db/group-commit.ts). */
export const groupCommit: GroupCommit = createGroupCommit(db);
