// Moves an existing SQLite database's data into an empty PostgreSQL database (docs/operations.md#moving-to-postgresql):
// applies the PostgreSQL migrations, then copies every table in one transaction, parents before
// children, in batches. Nothing is changed in the SQLite file. Refuses a target that already has users.
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import type { DB } from "./connection";
import * as lite from "./schema-sqlite";
import * as pg from "./schema-pg";

/** Parents first, so every foreign key finds its row. */
const ORDER = [
  "users",
  "accounts",
  "memberships",
  "invitations",
  "sessions",
  "apiKeys",
  "keyUsageDaily",
  "keyUsageAccess",
  "auditEvents",
  "notifications",
  "signingKeys",
  "checks",
] as const satisfies readonly (keyof typeof lite & keyof typeof pg)[];

const BATCH = 500;

export async function moveToPostgres(source: DB, url: string, log: (line: string) => void = () => {}) {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const target = drizzle({ client, schema: pg });
    await migrate(target, { migrationsFolder: "db/migrations-pg" });
    const [{ n }] = (await client`SELECT count(*)::int AS n FROM users`) as unknown as [{ n: number }];
    if (n > 0) throw new Error("The PostgreSQL database already has users: move into an empty database.");
    const counts: Record<string, number> = {};
    await target.transaction(async (tx) => {
      for (const name of ORDER) {
        const rows = source
          .select()
          .from(lite[name] as never)
          .all() as Record<string, unknown>[];
        for (let i = 0; i < rows.length; i += BATCH)
          await tx.insert(pg[name] as never).values(rows.slice(i, i + BATCH) as never);
        counts[name] = rows.length;
        log(`${name}: ${rows.length}`);
      }
      // Audit ids were copied as they were: the identity continues after the highest.
      await tx.execute(
        sql`SELECT setval(pg_get_serial_sequence('audit_events', 'id'), coalesce((SELECT max(id) FROM audit_events), 0) + 1, false)`,
      );
    });
    return counts;
  } finally {
    await client.end();
  }
}
