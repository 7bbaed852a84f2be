// Group commit on a real SQLite file: writes of one turn share a commit, a failing one is undone alone,
// and nobody is answered before the commit.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { nativeOf, openDatabase } from "./connection";
import { createGroupCommit } from "./group-commit";
import { transaction, TransactionYieldedError } from "./transaction";

function freshDb() {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "lk-gc-")), "gc.db");
  const db = openDatabase(file);
  const native = nativeOf(db);
  if (native.dialect !== "sqlite") throw new Error("SQLite only");
  native.sqlite.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL UNIQUE)");
  return { db, sqlite: native.sqlite, file };
}

describe("group commit (SQLite)", () => {
  it("runs the writes of one turn in one transaction, each in its own savepoint", async () => {
    const { db, sqlite, file } = freshDb();
    const group = createGroupCommit(db);
    let committedBefore = -1;
    const insert = sqlite.prepare("INSERT INTO t (v) VALUES (?)");
    const writes = Array.from({ length: 20 }, (_, i) =>
      group(async () => {
        if (i === 0)
          committedBefore = Number(
            new Database(file, { readonly: true }).prepare("SELECT count(*) AS n FROM t").pluck().get(),
          );
        expect(sqlite.inTransaction).toBe(true);
        return insert.run(`v${i}`).lastInsertRowid;
      }),
    );
    // A duplicate fails alone; the others still commit.
    const failing = group(() => insert.run("v3"));
    const results = await Promise.allSettled([...writes, failing]);
    expect(results.slice(0, 20).every((r) => r.status === "fulfilled")).toBe(true);
    expect(results[20]!.status).toBe("rejected");
    expect(committedBefore).toBe(0);
    // Durable and visible to another connection once answered.
    const other = new Database(file, { readonly: true });
    expect(other.prepare("SELECT count(*) FROM t").pluck().get()).toBe(20);
    other.close();
  });

  it("nests the domain's own transactions as savepoints, and undoes a failing one alone", async () => {
    const { db, sqlite } = freshDb();
    const group = createGroupCommit(db);
    const insertTwice = (v: string, fail: boolean) =>
      transaction(db, async () => {
        sqlite.prepare("INSERT INTO t (v) VALUES (?)").run(v);
        sqlite.prepare("INSERT INTO t (v) VALUES (?)").run(fail ? v : `${v}2`);
      });
    const results = await Promise.allSettled([
      group(() => insertTwice("a", false)),
      group(() => insertTwice("b", true)),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected"]);
    expect(sqlite.prepare("SELECT v FROM t ORDER BY v").pluck().all()).toEqual(["a", "a2"]);
    expect(sqlite.inTransaction).toBe(false);
  });

  it("lets a transaction that waits on something else finish (refused, rolled back) before the next one starts", async () => {
    const { db, sqlite } = freshDb();
    const order: string[] = [];
    const slow = transaction(db, async () => {
      sqlite.prepare("INSERT INTO t (v) VALUES ('slow')").run();
      await new Promise((r) => setTimeout(r, 20));
      order.push("slow");
      throw new Error("undo");
    });
    const fast = transaction(db, async () => {
      order.push("fast");
      sqlite.prepare("INSERT INTO t (v) VALUES ('fast')").run();
    });
    // Waiting on a timer inside a transaction breaks the rule (db/transaction.ts): refused, its own error the cause.
    await expect(slow).rejects.toBeInstanceOf(TransactionYieldedError);
    await expect(slow).rejects.toMatchObject({ cause: { message: "undo" } });
    await fast;
    expect(order).toEqual(["slow", "fast"]);
    expect(sqlite.prepare("SELECT v FROM t").pluck().all()).toEqual(["fast"]);
  });
});
