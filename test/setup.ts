// Each test file gets its own real database, migrated like production: a SQLite file, or — when the
// runner sets LATCHKEY_TEST_POSTGRES_URL (npm test's PostgreSQL pass, docs/operations.md#tests) — a fresh
// database on that throw-away PostgreSQL cluster. And a fake Next request context (session, cookies,
// headers) so server actions can be called directly.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, beforeEach, vi } from "vitest";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "latchkey-test-"));
process.env.DATABASE_PATH = path.join(dir, "test.db");
const cluster = process.env.LATCHKEY_TEST_POSTGRES_URL;
let dropDatabase: (() => Promise<void>) | undefined;
if (cluster) {
  const name = `test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = postgres(cluster, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(cluster);
  url.pathname = `/${name}`;
  process.env.DATABASE_URL = url.toString();
  dropDatabase = async () => {
    const [{ db }, { closeDatabase }] = await Promise.all([import("@/db/client"), import("@/db/connection")]);
    await closeDatabase(db);
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  };
}
// Nothing that reads DATABASE_URL (db/dialect.ts) may be imported above this line.
// Migrated before any test runs (SQLite: when opened; PostgreSQL: here).
await (
  await import("@/db/client")
).dbReady;
process.env.NEXTAUTH_SECRET ??= "test-secret-test-secret-test-secret";
process.env.NEXTAUTH_URL ??= "http://localhost:3000";

interface FakeRequest {
  session: { user: { id: string; email: string; name: string }; sv: number; sid?: string } | null;
  cookies: Map<string, string>;
  headers: Headers;
}
const g = globalThis as unknown as { __fakeRequest: FakeRequest };
g.__fakeRequest = { session: null, cookies: new Map(), headers: new Headers({ "x-forwarded-for": "203.0.113.7" }) };

vi.mock("next-auth", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next-auth")>()),
  getServerSession: vi.fn(async () => g.__fakeRequest.session),
}));
vi.mock("next/headers", () => ({
  cookies: async () => ({
    get: (name: string) =>
      g.__fakeRequest.cookies.has(name) ? { name, value: g.__fakeRequest.cookies.get(name)! } : undefined,
    set: (name: string, value: string) => void g.__fakeRequest.cookies.set(name, value),
    delete: (name: string) => void g.__fakeRequest.cookies.delete(name),
  }),
  headers: async () => g.__fakeRequest.headers,
}));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn() }));

beforeEach(() => {
  g.__fakeRequest.session = null;
  g.__fakeRequest.cookies.clear();
});

afterAll(async () => {
  await dropDatabase?.();
  fs.rmSync(dir, { recursive: true, force: true });
});
