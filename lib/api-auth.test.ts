// The verification path on a real SQLite file.
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { addMember, makeAccount, makeTeam, makeUser, testDb } from "@/test/fixtures";
import { apiKeys } from "@/db/schema";
import { randomUUID } from "node:crypto";
import { bearerToken, describeKeyActor, verifyKey } from "./api-auth";
import { generateToken } from "./tokens";

const db = testDb();
function insertKey(kind: "user" | "service" | "legacy", accountId: string, extra: Partial<typeof apiKeys.$inferInsert> = {}) {
  const t = generateToken(kind);
  const row = db
    .insert(apiKeys)
    .values({ id: randomUUID(), kind, name: `${kind} key`, tokenHash: t.hash, hint: t.hint, accountId, role: kind === "service" ? "read_write" : null, ...extra })
    .returning()
    .get();
  return { row, token: t.token };
}

describe("verifyKey", () => {
  it("a user key acts with its owner's role in the named account", () => {
    const { account, writer } = makeTeam();
    const { token, row } = insertKey("user", account.id, { ownerUserId: writer.id });
    const result = verifyKey(db.$client, token, account.id);
    expect(result).toEqual({
      ok: true,
      actor: { key: { id: row.id, kind: "user", name: "user key", expiresAt: null, permissions: null }, role: "read_write", accountId: account.id, userId: writer.id, ip: null },
      endsRotationOf: null,
      rateLimit: null,
    });
  });

  it("malformed and mis-checksummed tokens are refused without touching the database", () => {
    const closed = new Database(":memory:");
    closed.close(); // any query on it would throw
    const real = generateToken("user").token;
    for (const token of ["nope", real.slice(0, -1) + (real.endsWith("0") ? "1" : "0"), "lku_" + "!".repeat(38)])
      expect(verifyKey(closed, token, null)).toMatchObject({ ok: false, code: "invalid_key" });
    expect(() => verifyKey(closed, real, null)).toThrow();
  });

  it("service keys carry their own role and may omit the account header, but never name another account", () => {
    const { account } = makeTeam("enterprise");
    const other = makeAccount();
    const { token } = insertKey("service", account.id);
    expect(verifyKey(db.$client, token, null)).toMatchObject({ ok: true, actor: { role: "read_write", accountId: account.id, userId: null } });
    expect(verifyKey(db.$client, token, account.id)).toMatchObject({ ok: true });
    expect(verifyKey(db.$client, token, other.id)).toMatchObject({ ok: false, code: "forbidden" });
  });

  it("legacy keys act as admin", () => {
    const account = makeAccount();
    const { token } = insertKey("legacy", account.id);
    expect(verifyKey(db.$client, token, null)).toMatchObject({ ok: true, actor: { role: "admin", key: { kind: "legacy" } } });
  });

  it("status, expiry, membership and the account header decide in that order", () => {
    const account = makeAccount();
    const user = makeUser("Holder");
    addMember(account.id, user, "read_only");
    const now = Date.now();
    const disabled = insertKey("user", account.id, { ownerUserId: user.id, status: "disabled" });
    const expiring = insertKey("user", account.id, { ownerUserId: user.id, expiresAt: new Date(now + 1000) });
    expect(verifyKey(db.$client, disabled.token, account.id)).toMatchObject({ ok: false, code: "key_disabled" });
    // Usable until the instant, refused from it on.
    expect(verifyKey(db.$client, expiring.token, account.id, now + 999)).toMatchObject({ ok: true });
    expect(verifyKey(db.$client, expiring.token, account.id, now + 1000)).toMatchObject({ ok: false, code: "key_expired" });
    expect(verifyKey(db.$client, expiring.token, null, now)).toMatchObject({ ok: false, code: "account_required" });
    expect(verifyKey(db.$client, expiring.token, "nope", now)).toMatchObject({ ok: false, code: "bad_request" });
    expect(verifyKey(db.$client, expiring.token, makeAccount().id, now)).toMatchObject({ ok: false, code: "forbidden" });
    expect(verifyKey(db.$client, null, null)).toMatchObject({ ok: false, code: "unauthenticated" });
  });

  it("GET /me's look-up decides exactly as the plain one and reads what /me shows in the same statement", () => {
    const { account, writer } = makeTeam("enterprise");
    const other = makeAccount("team", "Elsewhere");
    addMember(other.id, writer, "read_only");
    const user = insertKey("user", account.id, { ownerUserId: writer.id });
    const service = insertKey("service", account.id);
    const legacy = insertKey("legacy", account.id);
    const disabled = insertKey("service", account.id, { status: "disabled" });
    const cases: [string, string | null][] = [
      [user.token, account.id],
      [user.token, other.id],
      [user.token, null],
      [user.token, makeAccount().id],
      [service.token, null],
      [service.token, other.id],
      [legacy.token, account.id],
      [disabled.token, null],
      [generateToken("user").token, account.id],
    ];
    for (const [token, header] of cases) {
      const plain = verifyKey(db.$client, token, header);
      const described = verifyKey(db.$client, token, header, Date.now(), null, { describe: true });
      const { described: extra, ...rest } = described as typeof described & { described?: unknown };
      expect(rest).toEqual(plain);
      // And what it read is what the separate describe query gives.
      if (plain.ok) expect(describeKeyActor(db.$client, plain.actor, extra as never)).toEqual(describeKeyActor(db.$client, plain.actor));
      else expect(extra).toBeUndefined();
    }
    const inOther = verifyKey(db.$client, user.token, other.id, Date.now(), null, { describe: true });
    expect(inOther).toMatchObject({ ok: true, described: { accountName: "Elsewhere", plan: "team", email: writer.email } });
    expect(verifyKey(db.$client, service.token, null, Date.now(), null, { describe: true })).toMatchObject({ ok: true, described: { email: null, plan: "enterprise" } });
  });

  it("reads Bearer tokens only", () => {
    expect(bearerToken("Bearer abc")).toBe("abc");
    expect(bearerToken("bearer   abc ")).toBe("abc");
    expect(bearerToken("Basic abc")).toBeNull();
    expect(bearerToken("Bearer a b")).toBeNull();
    expect(bearerToken(null)).toBeNull();
  });
});
