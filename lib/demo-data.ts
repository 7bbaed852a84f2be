import { first, only } from "@/db/query";
import { transaction } from "@/db/transaction";
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { accounts, apiKeys, checks, memberships, users, type Role } from "@/db/schema";
import type { DB } from "@/db/connection";
import { accountTarget, recordAudit } from "./audit";
import { DEMO_PASSWORD, hashPassword } from "./passwords";
import { fromToken } from "./tokens";

// Kept with the password rules, which refuse it as anyone's new password.
export { DEMO_PASSWORD };
// The fixed demo value of docs/operations.md#demo-data: a real, checksummed legacy token, public by design.
export const DEMO_LEGACY_TOKEN = "lka_DemoLegacyKey00000000000000000000McM6P";
export const DEMO_USERS: { email: string; name: string; role: Role }[] = [
  { email: "owner@acme.test", name: "Olivia Owner", role: "owner" },
  { email: "admin@acme.test", name: "Adam Admin", role: "admin" },
  { email: "writer@acme.test", name: "Wendy Writer", role: "read_write" },
  { email: "reader@acme.test", name: "Rita Reader", role: "read_only" },
];

export async function isEmpty(db: DB): Promise<boolean> {
  return ((await first(db.select({ n: sql<number>`count(*)` }).from(users)))?.n ?? 0) === 0;
}

/** Seeds Acme Corp (enterprise) with one member per role, a few checks and the legacy key. */
export async function seedDemoData(db: DB) {
  const hashes = await Promise.all(DEMO_USERS.map(() => hashPassword(DEMO_PASSWORD)));
  const legacy = fromToken(DEMO_LEGACY_TOKEN);
  return await transaction(db, async (tx) => {
    const acme = await only(
      tx.insert(accounts).values({ id: randomUUID(), name: "Acme Corp", plan: "enterprise" }).returning(),
    );
    const created = [];
    for (const [i, u] of DEMO_USERS.entries()) {
      const user = await only(
        tx
          .insert(users)
          .values({ id: randomUUID(), email: u.email, name: u.name, passwordHash: hashes[i]! })
          .returning(),
      );
      await tx.insert(memberships).values({ accountId: acme.id, userId: user.id, role: u.role });
      created.push(user);
    }
    const owner = created[0]!;
    // A second, smaller account of the owner's, so the switcher and plan gating have something to show.
    const sandbox = await only(
      tx.insert(accounts).values({ id: randomUUID(), name: "Acme Sandbox", plan: "hobby" }).returning(),
    );
    await tx.insert(memberships).values({ accountId: sandbox.id, userId: owner.id, role: "owner" });

    await tx.insert(checks).values([
      { id: randomUUID(), accountId: acme.id, name: "Homepage", url: "https://acme.test/", active: true },
      {
        id: randomUUID(),
        accountId: acme.id,
        name: "Checkout API",
        url: "https://api.acme.test/v1/checkout",
        active: true,
      },
      { id: randomUUID(), accountId: acme.id, name: "Status page", url: "https://status.acme.test/", active: false },
    ]);
    const key = await only(
      tx
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
        .returning(),
    );
    await recordAudit(tx, {
      accountId: acme.id,
      actor: { type: "system", name: "Demo seed" },
      action: "account.created",
      target: accountTarget(acme),
    });
    return { acme, sandbox, users: created, legacyKey: key };
  });
}
