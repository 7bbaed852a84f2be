// Builders for integration tests: real rows in the test file's SQLite database.
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { openDatabase, type DB } from "@/db/connection";
import { accounts, memberships, users, type Plan, type Role, type User } from "@/db/schema";
import { ACCOUNT_COOKIE } from "@/lib/server/session";
import { startSession } from "@/lib/sessions";
import type { Actor } from "@/lib/actor";

let shared: DB | undefined;
/** The same file the app's `db` client opened (DATABASE_PATH is per test file). */
export function testDb(): DB {
  return (shared ??= openDatabase());
}

// scrypt is slow on purpose; fixtures do not need a real hash unless a test signs in.
const FIXTURE_HASH = "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

export function makeUser(name = "User"): User {
  const id = randomUUID();
  return testDb()
    .insert(users)
    .values({ id, name, email: `${name.toLowerCase().replace(/\W+/g, ".")}.${id.slice(0, 8)}@example.test`, passwordHash: FIXTURE_HASH })
    .returning()
    .get();
}

export function makeAccount(plan: Plan = "team", name = "Test account") {
  return testDb().insert(accounts).values({ id: randomUUID(), name, plan }).returning().get();
}

export function addMember(accountId: string, user: User, role: Role, canCreateKeys = false) {
  testDb().insert(memberships).values({ accountId, userId: user.id, role, canCreateKeys }).run();
}

/** An account with one member per role. */
export function makeTeam(plan: Plan = "team") {
  const account = makeAccount(plan, `Team ${randomUUID().slice(0, 4)}`);
  const owner = makeUser("Owner");
  const admin = makeUser("Admin");
  const writer = makeUser("Writer");
  const reader = makeUser("Reader");
  addMember(account.id, owner, "owner");
  addMember(account.id, admin, "admin");
  addMember(account.id, writer, "read_write");
  addMember(account.id, reader, "read_only");
  return { account, owner, admin, writer, reader };
}

/** Makes the next server action run as this user, in this account. */
export function actAs(user: User, accountId?: string) {
  const g = globalThis as unknown as {
    __fakeRequest: { session: unknown; cookies: Map<string, string> };
  };
  const current = testDb().select().from(users).where(eq(users.id, user.id)).get();
  // A real server-side session row, as signing in creates.
  g.__fakeRequest.session = { user: { id: user.id, email: user.email, name: user.name }, sv: current?.sessionVersion ?? 0, sid: startSession(testDb(), user.id) };
  if (accountId) g.__fakeRequest.cookies.set(ACCOUNT_COOKIE, accountId);
}

export function roleOf(accountId: string, userId: string): Role | undefined {
  return testDb()
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.accountId, accountId), eq(memberships.userId, userId)))
    .get()?.role;
}

/** The Actor a session of this user in this account would be (lib/session.ts actorFromSession). */
export function memberActor(user: User, accountId: string): Actor {
  const role = roleOf(accountId, user.id);
  if (!role) throw new Error("not a member");
  return { accountId, role, userId: user.id, key: null, ip: "203.0.113.7" };
}
