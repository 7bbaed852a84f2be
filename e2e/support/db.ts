// Direct access to the e2e server's temporary database, for API tests that need rows the console
// would take many clicks to make. The server re-reads keys and memberships on every request, so
// rows written here take effect on the next request.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { openDatabase, type DB } from "../../db/connection";
import { accounts, apiKeys, keyUsageAccess, keyUsageDaily, memberships, notifications, users, type KeyKind, type Plan, type Role, type ServiceRole } from "../../db/schema";
import { generateToken } from "../../lib/tokens";

let db: DB | undefined;
export function e2eDb(): DB {
  if (db) return db;
  const port = process.env.E2E_PORT ?? "3100";
  const info = JSON.parse(fs.readFileSync(path.join(os.tmpdir(), `latchkey-e2e-${port}.json`), "utf8")) as { databasePath: string };
  return (db = openDatabase(info.databasePath));
}

const HASH = "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

export function makeUser(name: string) {
  const id = randomUUID();
  return e2eDb()
    .insert(users)
    .values({ id, name, email: `${name.toLowerCase()}.${id.slice(0, 8)}@api.test`, passwordHash: HASH })
    .returning()
    .get();
}

export function makeAccount(plan: Plan = "enterprise") {
  return e2eDb().insert(accounts).values({ id: randomUUID(), name: `API test ${randomUUID().slice(0, 6)}`, plan }).returning().get();
}

export function addMember(accountId: string, userId: string, role: Role) {
  e2eDb().insert(memberships).values({ accountId, userId, role }).run();
}

export function removeMembership(accountId: string, userId: string) {
  e2eDb().delete(memberships).where(and(eq(memberships.accountId, accountId), eq(memberships.userId, userId))).run();
}

export function makeKey(
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
  const key = e2eDb()
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
    .returning()
    .get();
  return { ...key, token: t.token };
}

export function deleteKey(id: string) {
  e2eDb().delete(apiKeys).where(eq(apiKeys.id, id)).run();
}

export const ROLES: Role[] = ["owner", "admin", "read_write", "read_only"];

/** An account with one member per role, each holding a user key. */
export function makeTeamWithKeys(plan: Plan = "enterprise") {
  const account = makeAccount(plan);
  const members = Object.fromEntries(
    ROLES.map((role) => {
      const user = makeUser(role.replace("_", ""));
      addMember(account.id, user.id, role);
      const key = makeKey("user", { accountId: account.id, ownerUserId: user.id, name: `${role} user key` });
      return [role, { user, key, token: key.token }];
    }),
  ) as Record<Role, { user: ReturnType<typeof makeUser>; key: ReturnType<typeof makeKey>; token: string }>;
  return { account, members };
}

export function userByEmail(email: string) {
  return e2eDb().select().from(users).where(eq(users.email, email)).get()!;
}

export function acmeAccountId(): string {
  return e2eDb().select().from(accounts).where(eq(accounts.name, "Acme Corp")).get()!.id;
}

export function keyById(id: string) {
  return e2eDb().select().from(apiKeys).where(eq(apiKeys.id, id)).get();
}

export function notificationsFor(userId: string) {
  return e2eDb().select().from(notifications).where(eq(notifications.userId, userId)).all();
}

/** Recorded use of a key on a day (what the usage flush writes), for key health. */
export function recordUse(keyId: string, day: string, resource: string, access: "read" | "write", count = 1) {
  e2eDb().insert(keyUsageDaily).values({ keyId, day, count }).onConflictDoNothing().run();
  e2eDb().insert(keyUsageAccess).values({ keyId, day, resource, access, count }).onConflictDoNothing().run();
}
