// Each test file gets its own real SQLite file, migrated like production, and a fake Next request
// context (session, cookies, headers) so server actions can be called directly.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeEach, vi } from "vitest";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "latchkey-test-"));
process.env.DATABASE_PATH = path.join(dir, "test.db");
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
    get: (name: string) => (g.__fakeRequest.cookies.has(name) ? { name, value: g.__fakeRequest.cookies.get(name)! } : undefined),
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

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});
