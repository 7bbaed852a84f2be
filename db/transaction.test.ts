// The transaction rule on a real SQLite file (docs/architecture.md#the-transaction-rule): a body that
// awaits only the database commits; a body that waits on anything else (a timer, fetch) has let the
// event loop turn while its transaction was open, and is rolled back with a TransactionYieldedError.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDatabase, openDatabase } from "./connection";
import { first } from "./query";
import { accounts, auditEvents } from "./schema-sqlite";
import { transaction, TransactionYieldedError } from "./transaction";

// SQLite's tables and a SQLite file whatever the test pass: the rule is SQLite's.
const db = openDatabase(path.join(fs.mkdtempSync(path.join(os.tmpdir(), "lk-tx-")), "tx.db"));
const account = (name: string) => ({ id: randomUUID(), name, plan: "team" as const });
const named = async (name: string) => (await db.select().from(accounts).where(eq(accounts.name, name))).length;

let server: http.Server;
let url: string;
beforeAll(async () => {
  server = http.createServer((_, res) => res.end("ok"));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await closeDatabase(db);
});

describe("transactions on SQLite", () => {
  it("commit bodies that await only the database: statements, nested transactions, several at once", async () => {
    const a = account("plain");
    const result = await transaction(db, async (tx) => {
      await tx.insert(accounts).values(a);
      const row = await first(tx.select().from(accounts).where(eq(accounts.id, a.id)));
      await transaction(tx, async (inner) => {
        await inner.update(accounts).set({ name: "plain, renamed" }).where(eq(accounts.id, a.id));
        await inner
          .insert(auditEvents)
          .values({ accountId: a.id, actorType: "system", actorName: "test", action: "test.event" });
      });
      await Promise.all([tx.select().from(accounts), tx.select().from(auditEvents)]);
      await Promise.resolve();
      await new Promise<void>((resolve) => process.nextTick(resolve));
      return row!.name;
    });
    expect(result).toBe("plain");
    expect(await named("plain, renamed")).toBe(1);
    expect(await db.select().from(auditEvents).where(eq(auditEvents.accountId, a.id))).toHaveLength(1);
  });

  it("rolls back a body that awaits a timer, with TransactionYieldedError", async () => {
    const attempt = transaction(db, async (tx) => {
      await tx.insert(accounts).values(account("timer"));
      await new Promise((resolve) => setTimeout(resolve, 5));
      await tx.insert(accounts).values(account("timer"));
      return "committed";
    });
    await expect(attempt).rejects.toBeInstanceOf(TransactionYieldedError);
    expect(await named("timer")).toBe(0);
  });

  it("rolls back a body that awaits a fetch, with TransactionYieldedError", async () => {
    const attempt = transaction(db, async (tx) => {
      await tx.insert(accounts).values(account("fetch"));
      return await (await fetch(url)).text();
    });
    await expect(attempt).rejects.toBeInstanceOf(TransactionYieldedError);
    expect(await named("fetch")).toBe(0);
  });

  it("rolls back the whole transaction when a nested one yields, and keeps the body's own error as the cause", async () => {
    const attempt = transaction(db, async (tx) => {
      await tx.insert(accounts).values(account("nested"));
      await transaction(tx, async (inner) => {
        await inner.insert(accounts).values(account("nested"));
        await new Promise((resolve) => setImmediate(resolve));
        throw new Error("the body's own failure");
      });
    });
    const error = await attempt.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TransactionYieldedError);
    expect((error as Error).cause).toMatchObject({ message: "the body's own failure" });
    expect(await named("nested")).toBe(0);
  });

  it("lets the transactions queued behind a refused one run and commit", async () => {
    const refused = transaction(db, async (tx) => {
      await tx.insert(accounts).values(account("queued-refused"));
      await new Promise((resolve) => setTimeout(resolve, 5));
    });
    const next = transaction(db, async (tx) => {
      await tx.insert(accounts).values(account("queued-next"));
    });
    await expect(refused).rejects.toBeInstanceOf(TransactionYieldedError);
    await next;
    expect([await named("queued-refused"), await named("queued-next")]).toEqual([0, 1]);
  });
});
