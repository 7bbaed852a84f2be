// Not marked server-only: the API server (server.ts, outside Next) uses it too; no client component may import it.
import { openDatabase, type DB } from "./connection";

// One connection per server process; kept on globalThis so dev-mode reloads do not open more.
const g = globalThis as unknown as { __latchkeyDb?: DB };
export const db: DB = g.__latchkeyDb ?? (g.__latchkeyDb = openDatabase());
export type { DB };
