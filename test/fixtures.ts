// Builders for integration tests: real rows in the test file's SQLite database.
import { first, only } from "@/db/query";
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { db as appDb } from "@/db/client";
import type { DB } from "@/db/connection";
import { accounts, memberships, users, type Plan, type Role, type User } from "@/db/schema";
import { ACCOUNT_COOKIE } from "@/app/_server/session";
import { startSession } from "@/lib/sessions";
import type { Actor } from "@/lib/actor";

/**
 * The app's own `db` client: the test file's SQLite file (DATABASE_PATH is per test file) or its
 * PostgreSQL database (DATABASE_URL, see test/setup.ts). One connection, as in the server: a second
 * SQLite connection would wait on the first one's open transaction.
 */
export function testDb(): DB {
  return appDb;
}

// scrypt is slow on purpose; fixtures do not need a real hash unless a test signs in.
const FIXTURE_HASH = "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

export async function makeUser(name = "User"): Promise<User> {
  const id = randomUUID();
  return await only(
    testDb()
      .insert(users)
      .values({
        id,
        name,
        email: `${name.toLowerCase().replace(/\W+/g, ".")}.${id.slice(0, 8)}@example.test`,
        passwordHash: FIXTURE_HASH,
      })
      .returning(),
  );
}

export async function makeAccount(plan: Plan = "team", name = "Test account") {
  return await only(testDb().insert(accounts).values({ id: randomUUID(), name, plan }).returning());
}

export async function addMember(accountId: string, user: User, role: Role, canCreateKeys = false) {
  await testDb().insert(memberships).values({ accountId, userId: user.id, role, canCreateKeys });
}

/** An account with one member per role. */
export async function makeTeam(plan: Plan = "team") {
  const account = await makeAccount(plan, `Team ${randomUUID().slice(0, 4)}`);
  const owner = await makeUser("Owner");
  const admin = await makeUser("Admin");
  const writer = await makeUser("Writer");
  const reader = await makeUser("Reader");
  await addMember(account.id, owner, "owner");
  await addMember(account.id, admin, "admin");
  await addMember(account.id, writer, "read_write");
  await addMember(account.id, reader, "read_only");
  return { account, owner, admin, writer, reader };
}

/** Makes the next server action run as this user, in this account. */
export async function actAs(user: User, accountId?: string) {
  const g = globalThis as unknown as {
    __fakeRequest: { session: unknown; cookies: Map<string, string> };
  };
  const current = await first(testDb().select().from(users).where(eq(users.id, user.id)));
  // A real server-side session row, as signing in creates.
  g.__fakeRequest.session = {
    user: { id: user.id, email: user.email, name: user.name },
    sv: current?.sessionVersion ?? 0,
    sid: await startSession(testDb(), user.id),
  };
  if (accountId) g.__fakeRequest.cookies.set(ACCOUNT_COOKIE, accountId);
}

export async function roleOf(accountId: string, userId: string): Promise<Role | undefined> {
  return (
    await first(
      testDb()
        .select({ role: memberships.role })
        .from(memberships)
        .where(and(eq(memberships.accountId, accountId), eq(memberships.userId, userId))),
    )
  )?.role;
}

/** The Actor a session of this user in this account would be (app/_server/session.ts, actorFromSession). */
export async function memberActor(user: User, accountId: string): Promise<Actor> {
  const role = await roleOf(accountId, user.id);
  if (!role) throw new Error("not a member");
  return { accountId, role, userId: user.id, key: null, ip: "203.0.113.7" };
}
