// Not marked server-only: the API server (server.ts, outside Next) uses it too; no client component may import it.
import { openDatabase, type DB } from "./connection";
import { createGroupCommit, type GroupCommit } from "./group-commit";

// One connection per server process; kept on globalThis so dev-mode reloads do not open more.
const g = globalThis as unknown as { __latchkeyDb?: DB };
export const db: DB = g.__latchkeyDb ?? (g.__latchkeyDb = openDatabase());
export type { DB };

const gc = globalThis as unknown as { __latchkeyGroupCommit?: GroupCommit };
/** The API's writes: batched into shared durable commits (db/group-commit.ts). */
export const groupCommit: GroupCommit = (gc.__latchkeyGroupCommit ??= createGroupCommit(() => db.$client));
