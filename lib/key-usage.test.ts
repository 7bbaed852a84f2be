// Last-used bookkeeping on a real SQLite file: no write on the request path, at most one last-used
// write a minute per key, daily counts aggregated and flushed.
import { first, only } from "@/db/query";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { dialect } from "@/db/dialect";
import { apiKeys, keyUsageAccess, keyUsageDaily } from "@/db/schema";
import { makeTeam, testDb } from "@/test/fixtures";
import { createKeyUsageTracker } from "./key-usage";
import { generateToken } from "./tokens";

const db = testDb();

async function makeKey() {
  const { account, owner } = await makeTeam();
  const t = generateToken("user");
  return await only(
    db
      .insert(apiKeys)
      .values({
        id: randomUUID(),
        kind: "user",
        name: "k",
        tokenHash: t.hash,
        hint: t.hint,
        accountId: account.id,
        ownerUserId: owner.id,
      })
      .returning(),
  );
}
const stored = async (id: string) => (await first(db.select().from(apiKeys).where(eq(apiKeys.id, id))))!;

describe("key usage tracker", () => {
  it("writes last-used at most once a minute per key, never synchronously", async () => {
    const key = await makeKey();
    const usage = createKeyUsageTracker(() => db);
    const t0 = Date.UTC(2030, 0, 1, 12);
    usage.touch(key.id, "10.0.0.1", t0);
    // Not written during the request: touch() did no I/O (on SQLite, a read right after sees nothing yet).
    if (dialect === "sqlite") expect((await stored(key.id)).lastUsedAt).toBeNull();
    await usage.settled();
    expect(await stored(key.id)).toMatchObject({ lastUsedAt: new Date(t0), lastUsedIp: "10.0.0.1" });
    for (let i = 1; i <= 50; i++) usage.touch(key.id, "10.0.0.2", t0 + i * 1000);
    await usage.settled();
    expect((await stored(key.id)).lastUsedAt).toEqual(new Date(t0)); // within the minute: memory only
    expect(usage.lastSeen(key.id)).toEqual({ at: t0 + 50_000, ip: "10.0.0.2" });
    usage.touch(key.id, "10.0.0.3", t0 + 61_000);
    await usage.settled();
    expect(await stored(key.id)).toMatchObject({ lastUsedAt: new Date(t0 + 61_000), lastUsedIp: "10.0.0.3" });
  });

  it("aggregates daily counts and adds them up on flush", async () => {
    const key = await makeKey();
    const usage = createKeyUsageTracker(() => db);
    const day = Date.UTC(2030, 0, 2, 8);
    for (let i = 0; i < 42; i++) usage.touch(key.id, "ip", day + i);
    usage.touch(key.id, "ip", day + 24 * 3600_000);
    await usage.flush();
    usage.touch(key.id, "ip", day + 5);
    await usage.flush();
    const rows = await db.select().from(keyUsageDaily).where(eq(keyUsageDaily.keyId, key.id));
    expect(rows.map((r) => [r.day, r.count]).sort()).toEqual([
      ["2030-01-02", 43],
      ["2030-01-03", 1],
    ]);
  });

  it("counts reads and writes per resource and day, a day's counts kept when the next day begins before a flush", async () => {
    const key = await makeKey();
    const usage = createKeyUsageTracker(() => db);
    const day = Date.UTC(2030, 0, 4, 23);
    for (let i = 0; i < 3; i++) usage.touchAccess(key.id, "checks", "read", day + i);
    usage.touchAccess(key.id, "checks", "write", day + 10);
    usage.touchAccess(key.id, "api_keys", "read", day + 20);
    // Past midnight, before any flush: the 4th's counts must not be lost or moved to the 5th.
    usage.touchAccess(key.id, "checks", "read", day + 2 * 3600_000);
    usage.touch(key.id, "ip", day + 2 * 3600_000);
    await usage.flush();
    usage.touchAccess(key.id, "checks", "read", day + 3 * 3600_000);
    await usage.flush();
    const rows = await db.select().from(keyUsageAccess).where(eq(keyUsageAccess.keyId, key.id));
    expect(rows.map((r) => [r.day, r.resource, r.access, r.count]).sort()).toEqual([
      ["2030-01-04", "api_keys", "read", 1],
      ["2030-01-04", "checks", "read", 3],
      ["2030-01-04", "checks", "write", 1],
      ["2030-01-05", "checks", "read", 2],
    ]);
    const daily = await db.select().from(keyUsageDaily).where(eq(keyUsageDaily.keyId, key.id));
    expect(daily.map((r) => [r.day, r.count])).toEqual([["2030-01-05", 1]]);
  });

  it("counts for a deleted key are dropped, not an error", async () => {
    const key = await makeKey();
    const usage = createKeyUsageTracker(() => db);
    usage.touch(key.id, "ip", Date.now());
    await db.delete(apiKeys).where(eq(apiKeys.id, key.id));
    await expect(usage.flush()).resolves.not.toThrow();
    expect(await db.select().from(keyUsageDaily).where(eq(keyUsageDaily.keyId, key.id))).toHaveLength(0);
  });
});
