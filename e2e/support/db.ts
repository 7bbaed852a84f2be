// Direct access to the e2e server's temporary database, for API tests that need rows the console
// would take many clicks to make. The server re-reads keys and memberships on every request, so
// rows written here take effect on the next request.
import { first, only } from "@/db/query";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { connect, openDatabase, type DB } from "../../db/connection";
import {
  accounts,
  apiKeys,
  keyUsageAccess,
  keyUsageDaily,
  memberships,
  notifications,
  users,
  type KeyKind,
  type Plan,
  type Role,
  type ServiceRole,
} from "../../db/schema";
import { generateToken } from "../../lib/tokens";

let db: DB | undefined;
export function e2eDb(): DB {
  if (db) return db;
  // The port playwright.config.ts chose for this run; no default, so nothing reads another run's database.
  const port = process.env.E2E_PORT;
  if (!port)
    throw new Error("E2E_PORT is not set: run the e2e tests through Playwright (playwright.config.ts sets it)");
  const info = JSON.parse(fs.readFileSync(path.join(os.tmpdir(), `latchkey-e2e-${port}.json`), "utf8")) as {
    databasePath: string;
    databaseUrl?: string;
  };
  return (db = info.databaseUrl ? connect(info.databaseUrl) : openDatabase(info.databasePath));
}

const HASH = "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

export async function makeUser(name: string) {
  const id = randomUUID();
  return await only(
    e2eDb()
      .insert(users)
      .values({ id, name, email: `${name.toLowerCase()}.${id.slice(0, 8)}@api.test`, passwordHash: HASH })
      .returning(),
  );
}

export async function makeAccount(plan: Plan = "enterprise") {
  return await only(
    e2eDb()
      .insert(accounts)
      .values({ id: randomUUID(), name: `API test ${randomUUID().slice(0, 6)}`, plan })
      .returning(),
  );
}

export async function addMember(accountId: string, userId: string, role: Role) {
  await e2eDb().insert(memberships).values({ accountId, userId, role });
}

export async function removeMembership(accountId: string, userId: string) {
  await e2eDb()
    .delete(memberships)
    .where(and(eq(memberships.accountId, accountId), eq(memberships.userId, userId)));
}

export async function makeKey(
  kind: KeyKind,
  opts: {
    accountId: string;
    ownerUserId?: string;
    role?: ServiceRole;
    status?: "active" | "disabled";
    expiresAt?: Date | null;
    name?: string;
    leakAction?: "none" | "disable" | "delete";
    createdAt?: Date;
    /** Any other column (limits, usage, leak), as stored. */
    extra?: Partial<typeof apiKeys.$inferInsert>;
  },
) {
  const t = generateToken(kind);
  const key = await only(
    e2eDb()
      .insert(apiKeys)
      .values({
        id: randomUUID(),
        kind,
        name: opts.name ?? `${kind} key`,
        tokenHash: t.hash,
        hint: t.hint,
        ownerUserId: opts.ownerUserId ?? null,
        accountId: opts.accountId,
        role: kind === "service" ? (opts.role ?? "read_only") : null,
        status: opts.status ?? "active",
        expiresAt: opts.expiresAt ?? null,
        leakAction: opts.leakAction ?? "disable",
        ...(opts.createdAt ? { createdAt: opts.createdAt } : {}),
        ...opts.extra,
      })
      .returning(),
  );
  return { ...key, token: t.token };
}

export async function deleteKey(id: string) {
  await e2eDb().delete(apiKeys).where(eq(apiKeys.id, id));
}

export const ROLES: Role[] = ["owner", "admin", "read_write", "read_only"];

/** An account with one member per role, each holding a user key. */
export async function makeTeamWithKeys(plan: Plan = "enterprise") {
  const account = await makeAccount(plan);
  const members = {} as Record<
    Role,
    { user: Awaited<ReturnType<typeof makeUser>>; key: Awaited<ReturnType<typeof makeKey>>; token: string }
  >;
  for (const role of ROLES) {
    const user = await makeUser(role.replace("_", ""));
    await addMember(account.id, user.id, role);
    const key = await makeKey("user", { accountId: account.id, ownerUserId: user.id, name: `${role} user key` });
    members[role] = { user, key, token: key.token };
  }
  return { account, members };
}

export async function userByEmail(email: string) {
  return (await first(e2eDb().select().from(users).where(eq(users.email, email))))!;
}

export async function acmeAccountId(): Promise<string> {
  return (await first(e2eDb().select().from(accounts).where(eq(accounts.name, "Acme Corp"))))!.id;
}

export async function keyById(id: string) {
  return await first(e2eDb().select().from(apiKeys).where(eq(apiKeys.id, id)));
}

export async function notificationsFor(userId: string) {
  return await e2eDb().select().from(notifications).where(eq(notifications.userId, userId));
}

/** Recorded use of a key on a day (what the usage flush writes), for key health. */
export async function recordUse(keyId: string, day: string, resource: string, access: "read" | "write", count = 1) {
  await e2eDb().insert(keyUsageDaily).values({ keyId, day, count }).onConflictDoNothing();
  await e2eDb().insert(keyUsageAccess).values({ keyId, day, resource, access, count }).onConflictDoNothing();
}
