import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { accounts, apiKeys, checks, memberships, users, type Role } from "@/db/schema";
import type { DB } from "@/db/connection";
import { recordAudit } from "./audit";
import { hashPassword } from "./passwords";
import { fromToken } from "./tokens";

export const DEMO_PASSWORD = "latchkey-demo";
// The fixed demo value of SPEC section 6: a real, checksummed legacy token, public by design.
export const DEMO_LEGACY_TOKEN = "lka_DemoLegacyKey00000000000000000000McM6P";
export const DEMO_USERS: { email: string; name: string; role: Role }[] = [
  { email: "owner@acme.test", name: "Olivia Owner", role: "owner" },
  { email: "admin@acme.test", name: "Adam Admin", role: "admin" },
  { email: "writer@acme.test", name: "Wendy Writer", role: "read_write" },
  { email: "reader@acme.test", name: "Rita Reader", role: "read_only" },
];

export function isEmpty(db: DB): boolean {
  return (db.select({ n: sql<number>`count(*)` }).from(users).get()?.n ?? 0) === 0;
}

/** Seeds Acme Corp (enterprise) with one member per role, a few checks and the legacy key. */
export async function seedDemoData(db: DB) {
  const hashes = await Promise.all(DEMO_USERS.map(() => hashPassword(DEMO_PASSWORD)));
  const legacy = fromToken(DEMO_LEGACY_TOKEN);
  return db.transaction(
    (tx) => {
      const acme = tx.insert(accounts).values({ id: randomUUID(), name: "Acme Corp", plan: "enterprise" }).returning().get();
      const created = DEMO_USERS.map((u, i) => {
        const user = tx
          .insert(users)
          .values({ id: randomUUID(), email: u.email, name: u.name, passwordHash: hashes[i]! })
          .returning()
          .get();
        tx.insert(memberships).values({ accountId: acme.id, userId: user.id, role: u.role }).run();
        return user;
      });
      const owner = created[0]!;
      // A second, smaller account of the owner's, so the switcher and plan gating have something to show.
      const sandbox = tx.insert(accounts).values({ id: randomUUID(), name: "Acme Sandbox", plan: "hobby" }).returning().get();
      tx.insert(memberships).values({ accountId: sandbox.id, userId: owner.id, role: "owner" }).run();

      tx.insert(checks)
        .values([
          { id: randomUUID(), accountId: acme.id, name: "Homepage", url: "https://acme.test/", active: true },
          { id: randomUUID(), accountId: acme.id, name: "Checkout API", url: "https://api.acme.test/v1/checkout", active: true },
          { id: randomUUID(), accountId: acme.id, name: "Status page", url: "https://status.acme.test/", active: false },
        ])
        .run();
      const key = tx
        .insert(apiKeys)
        .values({
          id: randomUUID(),
          kind: "legacy",
          name: "Legacy account key",
          description: "Account-scoped key from before user keys existed",
          tokenHash: legacy.hash,
          hint: legacy.hint,
          accountId: acme.id,
          leakAction: "disable",
          createdBy: owner.id,
        })
        .returning()
        .get();
      recordAudit(tx, {
        accountId: acme.id,
        actor: { type: "system", name: "Demo seed" },
        action: "account.created",
        target: { type: "account", id: acme.id, name: acme.name },
      });
      return { acme, sandbox, users: created, legacyKey: key };
    },
    { behavior: "immediate" },
  );
}
