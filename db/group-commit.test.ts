// Group commit on a real SQLite file: writes of one turn share a commit, a failing one is undone alone,
// and nobody is answered before the commit.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { createGroupCommit } from "./group-commit";

function freshDb() {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "lk-gc-")), "gc.db");
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL UNIQUE)");
  return { db, file };
}

describe("group commit", () => {
  it("runs the writes of one turn in one transaction, each in its own savepoint", async () => {
    const { db, file } = freshDb();
    const group = createGroupCommit(() => db);
    let commits = 0;
    const insert = db.prepare("INSERT INTO t (v) VALUES (?)");
    const writes = Array.from({ length: 20 }, (_, i) =>
      group(() => {
        if (i === 0) commits = Number(db.prepare("SELECT count(*) AS n FROM t").pluck().get());
        expect(db.inTransaction).toBe(true);
        return insert.run(`v${i}`).lastInsertRowid;
      }),
    );
    // A duplicate fails alone; the others still commit.
    const failing = group(() => insert.run("v3"));
    const results = await Promise.allSettled([...writes, failing]);
    expect(results.slice(0, 20).every((r) => r.status === "fulfilled")).toBe(true);
    expect(results[20]!.status).toBe("rejected");
    expect(commits).toBe(0);
    // Durable and visible to another connection once answered.
    const other = new Database(file, { readonly: true });
    expect(other.prepare("SELECT count(*) FROM t").pluck().get()).toBe(20);
    other.close();
  });

  it("nests the domain's own transactions as savepoints", async () => {
    const { db } = freshDb();
    const group = createGroupCommit(() => db);
    const tx = db.transaction((v: string) => db.prepare("INSERT INTO t (v) VALUES (?)").run(v));
    await Promise.all([group(() => tx.immediate("a")), group(() => tx.immediate("b"))]);
    expect(db.prepare("SELECT count(*) FROM t").pluck().get()).toBe(2);
    expect(db.inTransaction).toBe(false);
  });
});
