// Group commit for the API's writes on SQLite. With synchronous=FULL every COMMIT waits for the disk
// (fsync), which caps one-transaction-per-request writes at the disk's flush rate. Writes that arrive in
// the same turn of the event loop run together in one IMMEDIATE transaction, each in its own savepoint
// (one failing does not undo the others), and are answered only after the shared COMMIT is durable — so
// a revocation acknowledged to its caller still survives a power loss.
//
// PostgreSQL commits concurrent transactions together by itself (and each process has its own pool),
// so there each write simply runs as it comes, in the transaction its domain function opens.
import { nativeOf, type DB } from "./connection";
import { transaction } from "./transaction";

interface Pending {
  run: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export type GroupCommit = <T>(work: () => Promise<T> | T) => Promise<T>;

export function createGroupCommit(db: DB, maxBatch = 256): GroupCommit {
  if (nativeOf(db).dialect === "postgres") return async (work) => work();
  const queue: Pending[] = [];
  let scheduled = false;

  async function flush() {
    scheduled = false;
    const batch = queue.splice(0, maxBatch);
    if (queue.length) schedule();
    const outcomes: [Pending, boolean, unknown][] = [];
    try {
      await transaction(db, async () => {
        for (const p of batch) {
          // Nested in the batch's transaction: a savepoint of its own.
          try {
            outcomes.push([p, true, await transaction(db, async () => p.run())]);
          } catch (error) {
            outcomes.push([p, false, error]);
          }
        }
      });
    } catch (error) {
      for (const p of batch) p.reject(error);
      return;
    }
    for (const [p, ok, value] of outcomes) (ok ? p.resolve : p.reject)(value);
  }

  function schedule() {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => void flush());
  }

  return <T>(run: () => Promise<T> | T) =>
    new Promise<T>((resolve, reject) => {
      queue.push({ run, resolve: resolve as (v: unknown) => void, reject });
      schedule();
    });
}
