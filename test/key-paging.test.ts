// Paging GET /api/v1/api-keys with a cursor on a real database: keys made in the same millisecond, and
// on SQLite creation times stored as the REAL its column default makes (with a float's last digits),
// come out each exactly once, in the order of the full list.
import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { dialect } from "@/db/dialect";
import { apiKeys } from "@/db/schema";
import { accountKeysQuerySchema } from "@/lib/keys/schemas";
import { listAccountKeys, pageAccountKeys } from "@/lib/keys/account-keys";
import { generateToken } from "@/lib/tokens";
import { makeTeam, memberActor, testDb } from "@/test/fixtures";

const db = testDb();

describe("key paging", () => {
  it("returns every key once across pages, even when keys share a millisecond", async () => {
    const { account, admin } = await makeTeam("enterprise");
    const actor = await memberActor(admin, account.id);
    const base = Date.UTC(2030, 0, 1, 12);
    for (let i = 0; i < 12; i++) {
      const t = generateToken("service");
      const id = randomUUID();
      await db.insert(apiKeys).values({
        id,
        kind: "service",
        name: `k${i}`,
        tokenHash: t.hash,
        hint: t.hint,
        accountId: account.id,
        role: "read_only",
        createdAt: new Date(base + (i % 3)),
      });
      // What SQLite's default writes: milliseconds as a REAL, sometimes just under the whole number.
      if (dialect === "sqlite" && i % 2)
        await db.run(sql`UPDATE api_keys SET created_at = ${base + (i % 3) + 0.9998} WHERE id = ${id}`);
    }
    const all = (await listAccountKeys(db, actor)).map((r) => r.key.id);
    expect(all).toHaveLength(12);
    expect((await db.select().from(apiKeys).where(eq(apiKeys.accountId, account.id))).length).toBe(12);
    // Pages of one make every key a page boundary.
    for (const limit of ["1", "2", "5"]) {
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let pages = 0; pages < 50; pages++) {
        const page = await pageAccountKeys(
          db,
          actor,
          accountKeysQuerySchema.parse({ limit, ...(cursor ? { cursor } : {}) }),
        );
        seen.push(...page.rows.map((r) => r.key.id));
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      expect(seen).toEqual(all);
    }
  });
});
