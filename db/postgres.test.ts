// A real PostgreSQL (docs/operations.md#postgresql): the committed PostgreSQL migrations apply to an empty cluster,
// leave exactly the tables and columns of the schema, and Drizzle reads and writes through the
// pure-JS driver (postgres.js). The cluster is a throw-away one (scripts/pg-cluster.mjs); CI installs
// Debian's postgresql, and without it this file is skipped outside CI.
import { getTableConfig, PgTable } from "drizzle-orm/pg-core";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import { eq } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error -- a plain .mjs helper shared with the test runner
import { postgresBin, startPostgres } from "../scripts/pg-cluster.mjs";
import * as pgSchema from "./schema-pg";
import { closeDatabase, openDatabase } from "./connection";
import { moveToPostgres } from "./move-to-postgres";
import { seedDemoData } from "@/lib/demo-data";
import * as liteSchema from "./schema-sqlite";
import os from "node:os";
import path from "node:path";
import fs from "node:fs";

const available = postgresBin() !== null;
if (!available && process.env.CI) throw new Error("CI must have PostgreSQL: .ci/run installs Debian's postgresql.");

// In npm test's PostgreSQL pass the domain runs on PostgreSQL's tables, and seeding a SQLite source
// needs SQLite's: this file runs in the SQLite pass, with its own cluster.
describe.skipIf(!available || !!process.env.LATCHKEY_TEST_POSTGRES_URL)("PostgreSQL", () => {
  let cluster: { url: string; stop(): Promise<void> };
  let client: ReturnType<typeof postgres>;

  beforeAll(async () => {
    cluster = await startPostgres();
    client = postgres(cluster.url, { max: 2, onnotice: () => {} });
  }, 60_000);
  afterAll(async () => {
    await client?.end();
    await cluster?.stop();
  });

  it("takes the committed migrations, and has the schema's tables and columns afterwards", async () => {
    const db = drizzle({ client, schema: pgSchema });
    await migrate(db, { migrationsFolder: "db/migrations-pg" });
    const rows = await client<{ table_name: string; column_name: string }[]>`
      SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, column_name`;
    const actual: Record<string, string[]> = {};
    for (const r of rows) (actual[r.table_name] ??= []).push(r.column_name);
    const expected: Record<string, string[]> = {};
    for (const t of (Object.values(pgSchema) as unknown[]).filter((v): v is PgTable => v instanceof PgTable)) {
      const c = getTableConfig(t);
      expected[c.name] = c.columns.map((col) => col.name).sort();
    }
    expect(actual).toEqual(expected);
    // Applying again changes nothing.
    await migrate(db, { migrationsFolder: "db/migrations-pg" });
  });

  it("reads and writes through Drizzle: times, booleans, JSON, identity ids and cascades", async () => {
    const db = drizzle({ client, schema: pgSchema });
    const { users, accounts, memberships, auditEvents } = pgSchema;
    const [user] = await db
      .insert(users)
      .values({ id: "u1", email: "a@example.test", name: "A", passwordHash: "x" })
      .returning();
    expect(user!.createdAt).toBeInstanceOf(Date);
    await db.insert(accounts).values({ id: "a1", name: "Acme", plan: "team" });
    await db.insert(memberships).values({ accountId: "a1", userId: "u1", role: "owner", canCreateKeys: true });
    const [m] = await db.select().from(memberships).where(eq(memberships.userId, "u1"));
    expect(m).toMatchObject({ role: "owner", canCreateKeys: true });
    const [e1] = await db
      .insert(auditEvents)
      .values({ accountId: "a1", actorType: "user", actorName: "A", action: "x", details: { n: 1 } })
      .returning();
    const [e2] = await db
      .insert(auditEvents)
      .values({ accountId: "a1", actorType: "user", actorName: "A", action: "y" })
      .returning();
    expect(e2!.id).toBe(e1!.id + 1);
    expect(e1!.details).toEqual({ n: 1 });
    await db.delete(users).where(eq(users.id, "u1"));
    expect(await db.select().from(memberships)).toEqual([]);
  });

  it("moves an existing SQLite database's data, row for row, into an empty database (npm run db:to-postgres)", async () => {
    await client`CREATE DATABASE moved`;
    const url = cluster.url.replace(/\/postgres$/, "/moved");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "latchkey-move-"));
    const source = openDatabase(path.join(dir, "source.db"));
    await seedDemoData(source);
    const counts = await moveToPostgres(source, url);
    expect(counts.users).toBeGreaterThan(3);
    expect(counts.apiKeys).toBeGreaterThan(0);
    expect(counts.auditEvents).toBeGreaterThan(0);

    const target = postgres(url, { max: 1, onnotice: () => {} });
    try {
      const moved = drizzle({ client: target, schema: pgSchema });
      // Every table, every row, equal value for value (times, booleans and JSON included).
      for (const name of [
        "users",
        "accounts",
        "memberships",
        "apiKeys",
        "auditEvents",
        "signingKeys",
        "checks",
      ] as const) {
        const before = source
          .select()
          .from(liteSchema[name] as never)
          .all() as Record<string, unknown>[];
        const after = (await moved.select().from(pgSchema[name] as never)) as Record<string, unknown>[];
        const byKey = (rows: Record<string, unknown>[]) =>
          rows.map((r) => JSON.stringify(r, Object.keys(r).sort())).sort();
        expect(byKey(after), name).toEqual(byKey(before));
      }
      // New audit events continue after the copied ones; a second move is refused.
      const [next] = await moved
        .insert(pgSchema.auditEvents)
        .values({ accountId: "a", actorType: "system", actorName: "x", action: "y" })
        .returning();
      expect(next!.id).toBeGreaterThan(
        Math.max(
          ...source
            .select()
            .from(liteSchema.auditEvents)
            .all()
            .map((e) => e.id),
        ),
      );
      await expect(moveToPostgres(source, url)).rejects.toThrow(/already has users/);
    } finally {
      await target.end();
      await closeDatabase(source);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
