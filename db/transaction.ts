// Transactions on both databases (docs/architecture.md#the-transaction-rule), for one async domain layer.
//
// PostgreSQL: Drizzle's own transaction on one pooled connection, SERIALIZABLE so that the domain's
// read-then-write rules (the last owner, the lifetime policy, one rotation per key) hold as they do on
// SQLite, retried when PostgreSQL reports a serialization failure. Nested calls become savepoints.
//
// SQLite: one connection, so a transaction must be one at a time. BEGIN IMMEDIATE, then the async
// body, then COMMIT. A body whose awaits are SQLite statements finishes in microtasks without yielding
// to other requests; transactions started meanwhile (by requests whose bodies await other things)
// queue behind it. AsyncLocalStorage tells a nested call (a savepoint) from another request's call
// (which waits its turn).
//
// That isolation holds only while the body awaits nothing but SQLite: a body that waits on anything
// else (a timer, fetch, file I/O, a crypto job on the thread pool) hands the event loop to other
// requests while the transaction is open, and their statements outside a transaction run inside it.
// So it is checked: a macrotask (setImmediate) queued at BEGIN runs only once the event loop turns, and
// if the transaction is still open then, its body yielded. It is rolled back and the caller gets a
// TransactionYieldedError (docs/architecture.md#the-transaction-rule).
import { AsyncLocalStorage } from "node:async_hooks";
import type Database from "better-sqlite3";
import { is } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import { nativeOf, type DB } from "./connection";

export type Tx = DB;

/**
 * A SQLite transaction's body waited on something other than the database, so other requests' work
 * could have run inside the open transaction (docs/architecture.md#the-transaction-rule). The
 * transaction was rolled back; the body's own error, if it threw one too, is the `cause`.
 */
export class TransactionYieldedError extends Error {
  constructor(cause?: unknown) {
    super(
      "A transaction body waited on something other than the database (a timer, fetch, file I/O…), so it was rolled back: do that work before or after the transaction (docs/architecture.md#the-transaction-rule).",
      cause === undefined ? undefined : { cause },
    );
    this.name = "TransactionYieldedError";
  }
}

// The connection's queue: module state, one per process like the connection (db/client.ts).
const inTransaction = new AsyncLocalStorage<Database.Database>();
const turns = new WeakMap<Database.Database, Promise<void>>();
let savepoints = 0;

const SERIALIZATION_FAILURES = new Set(["40001", "40P01"]);
const MAX_ATTEMPTS = 8;

export async function transaction<T>(db: DB, work: (tx: Tx) => Promise<T> | T): Promise<T> {
  const native = nativeOf(db);
  if (native.dialect === "postgres") {
    type PgTx = { transaction: (w: (tx: unknown) => Promise<T>, config?: object) => Promise<T> };
    const pg = db as unknown as PgTx;
    // Already inside one: a savepoint, which the outer transaction retries as a whole.
    if (is(db, PgTransaction)) return pg.transaction(async (tx) => work(tx as Tx));
    for (let attempt = 1; ; attempt++) {
      try {
        return await pg.transaction(async (tx) => work(tx as Tx), { isolationLevel: "serializable" });
      } catch (error) {
        // Drizzle wraps the driver's error (DrizzleQueryError); PostgreSQL's code is on it or its cause.
        const e = error as { code?: string; cause?: { code?: string } };
        const code = e.code ?? e.cause?.code;
        if (!code || !SERIALIZATION_FAILURES.has(code) || attempt >= MAX_ATTEMPTS) throw error;
        await new Promise((r) => setTimeout(r, Math.random() * 5 * attempt));
      }
    }
  }

  const sqlite = native.sqlite;
  if (inTransaction.getStore() === sqlite) {
    const name = `lk_${++savepoints}`;
    sqlite.exec(`SAVEPOINT ${name}`);
    try {
      const value = await work(db);
      sqlite.exec(`RELEASE ${name}`);
      return value;
    } catch (error) {
      sqlite.exec(`ROLLBACK TO ${name}`);
      sqlite.exec(`RELEASE ${name}`);
      throw error;
    }
  }

  const previous = turns.get(sqlite);
  let done!: () => void;
  const mine = new Promise<void>((resolve) => (done = resolve));
  turns.set(sqlite, previous ? previous.then(() => mine) : mine);
  if (previous) await previous;
  let guard: NodeJS.Immediate | undefined;
  try {
    sqlite.exec("BEGIN IMMEDIATE");
    // Runs only if the event loop turns while the transaction is open: the body yielded.
    let yielded = false;
    guard = setImmediate(() => (yielded = true));
    try {
      const value = await inTransaction.run(sqlite, () => work(db));
      if (yielded) throw new TransactionYieldedError();
      sqlite.exec("COMMIT");
      return value;
    } catch (error) {
      if (sqlite.inTransaction) sqlite.exec("ROLLBACK");
      throw yielded && !(error instanceof TransactionYieldedError) ? new TransactionYieldedError(error) : error;
    }
  } finally {
    clearImmediate(guard);
    if (turns.get(sqlite) === mine) turns.delete(sqlite);
    done();
  }
}

/**
 * Inside a transaction: takes a lock that only one process holds until this transaction ends, or
 * answers false at once when another process holds it (PostgreSQL's transaction-level advisory lock).
 * On SQLite the transaction itself is already the only writer, so it is always true.
 */
export async function tryTransactionLock(tx: Tx, lockId: number): Promise<boolean> {
  const native = nativeOf(tx);
  if (native.dialect === "sqlite") return true;
  const [row] = await native.sql<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(${lockId}) AS locked`;
  return row!.locked;
}
