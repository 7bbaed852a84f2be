// Group commit for the API's writes. With synchronous=FULL every COMMIT waits for the disk (fsync),
// which caps one-transaction-per-request writes at the disk's flush rate. Writes that arrive in the same
// turn of the event loop are run together in one IMMEDIATE transaction, each in its own savepoint (one
// failing does not undo the others), and answered only after the shared COMMIT is durable — so a
// revocation acknowledged to its caller still survives a power loss.
import type Database from "better-sqlite3";

interface Pending {
  run: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export type GroupCommit = <T>(work: () => T) => Promise<T>;

export function createGroupCommit(sqlite: () => Database.Database, maxBatch = 256): GroupCommit {
  let queue: Pending[] = [];
  let scheduled = false;

  function flush() {
    scheduled = false;
    const batch = queue.splice(0, maxBatch);
    if (queue.length) schedule();
    const db = sqlite();
    const outcomes: [Pending, boolean, unknown][] = [];
    try {
      db.exec("BEGIN IMMEDIATE");
    } catch (error) {
      for (const p of batch) p.reject(error);
      return;
    }
    for (const p of batch) {
      db.exec("SAVEPOINT lk_write");
      try {
        const value = p.run();
        db.exec("RELEASE lk_write");
        outcomes.push([p, true, value]);
      } catch (error) {
        db.exec("ROLLBACK TO lk_write");
        db.exec("RELEASE lk_write");
        outcomes.push([p, false, error]);
      }
    }
    try {
      db.exec("COMMIT");
    } catch (error) {
      if (db.inTransaction) db.exec("ROLLBACK");
      for (const p of batch) p.reject(error);
      return;
    }
    for (const [p, ok, value] of outcomes) (ok ? p.resolve : p.reject)(value);
  }

  function schedule() {
    if (scheduled) return;
    scheduled = true;
    setImmediate(flush);
  }

  return <T>(run: () => T) =>
    new Promise<T>((resolve, reject) => {
      queue.push({ run, resolve: resolve as (v: unknown) => void, reject });
      schedule();
    });
}
