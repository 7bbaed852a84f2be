// The database's interface (db/database.ts) on a real SQLite file: one per handle, and on SQLite the hot
// path's operations answer synchronously (docs/architecture.md#the-database-layer).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { closeDatabase, nativeOf, openDatabase } from "./connection";
import { databaseOf } from "./database";
import { accounts, apiKeys } from "./schema-sqlite";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lk-database-"));
const db = openDatabase(path.join(dir, "a.db"));
const other = openDatabase(path.join(dir, "b.db"));
afterAll(async () => {
  await closeDatabase(db);
  await closeDatabase(other);
});

describe("databaseOf (SQLite)", () => {
  it("is one interface per handle, with state of its own", () => {
    expect(databaseOf(db)).toBe(databaseOf(db));
    expect(databaseOf(other)).not.toBe(databaseOf(db));
    expect(databaseOf(db).keyRateLimiter.hit("k", 1, 60, 1_000)).toMatchObject({ ok: true });
    expect(databaseOf(db).keyRateLimiter.hit("k", 1, 60, 1_001)).toMatchObject({ ok: false });
    // Another handle counts apart.
    expect(databaseOf(other).keyRateLimiter.hit("k", 1, 60, 1_002)).toMatchObject({ ok: true });
  });

  it("answers the look-ups and the rate limit without a promise, and writes usage synchronously", async () => {
    const accountId = randomUUID();
    const keyId = randomUUID();
    await db.insert(accounts).values({ id: accountId, name: "A", plan: "team" });
    await db.insert(apiKeys).values({
      id: keyId,
      kind: "service",
      name: "svc",
      tokenHash: "h".repeat(64),
      hint: "lks_…abcd",
      accountId,
      role: "read_only",
    });
    const database = databaseOf(db);
    const row = database.keyLookup.byHash(null, "h".repeat(64));
    expect(row).not.toBeInstanceOf(Promise);
    expect((row as unknown[]).slice(0, 7)).toEqual([keyId, "service", "svc", "active", null, "read_only", accountId]);
    expect(database.keyLookup.byHash(null, "x".repeat(64))).toBeUndefined();
    expect((database.keyLookup.byId(accountId, keyId) as unknown[])[0]).toBe(keyId);
    const described = database.keyLookup.byHashDescribed(null, "h".repeat(64)) as unknown[];
    expect(described.slice(14)).toEqual(["A\u001fteam", null]);
    expect(database.keyLookup.account(null, accountId)).toEqual([accountId, "A", "team", null]);
    expect(database.limiter("test", { limit: 1, windowMs: 1_000 }).retryAfter("ip")).toBe(0);
    const written = database.writeKeyUsage({
      lastUsed: [{ id: keyId, at: 5_000, ip: "203.0.113.1" }],
      daily: [{ keyId, day: "2030-01-01", n: 3 }],
      access: [],
    });
    expect(written).toBeUndefined();
    const native = nativeOf(db);
    if (native.dialect !== "sqlite") throw new Error("SQLite only");
    expect(native.sqlite.prepare("SELECT last_used_at, last_used_ip FROM api_keys WHERE id = ?").get(keyId)).toEqual({
      last_used_at: 5_000,
      last_used_ip: "203.0.113.1",
    });
  });
});
