// The verification path on a real SQLite file.
import { only } from "@/db/query";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { nativeOf, openDatabase } from "@/db/connection";
import { describe, expect, it } from "vitest";
import { addMember, makeAccount, makeTeam, makeUser, testDb } from "@/test/fixtures";
import { apiKeys } from "@/db/schema";
import { randomUUID } from "node:crypto";
import { bearerToken, describeKeyActor, verifyKey } from "./api-auth";
import { generateToken } from "./tokens";

const db = testDb();
async function insertKey(
  kind: "user" | "service" | "legacy",
  accountId: string,
  extra: Partial<typeof apiKeys.$inferInsert> = {},
) {
  const t = generateToken(kind);
  const row = await only(
    db
      .insert(apiKeys)
      .values({
        id: randomUUID(),
        kind,
        name: `${kind} key`,
        tokenHash: t.hash,
        hint: t.hint,
        accountId,
        role: kind === "service" ? "read_write" : null,
        ...extra,
      })
      .returning(),
  );
  return { row, token: t.token };
}

describe("verifyKey", () => {
  it("a user key acts with its owner's role in the named account", async () => {
    const { account, writer } = await makeTeam();
    const { token, row } = await insertKey("user", account.id, { ownerUserId: writer.id });
    const result = await verifyKey(db, token, account.id);
    expect(result).toEqual({
      ok: true,
      actor: {
        key: {
          id: row.id,
          kind: "user",
          name: "user key",
          via: "key",
          expiresAt: null,
          permissions: null,
          rateLimit: null,
          allowedIps: null,
        },
        role: "read_write",
        accountId: account.id,
        userId: writer.id,
        ip: null,
      },
      endsRotationOf: null,
      rateLimit: null,
    });
  });

  it("malformed and mis-checksummed tokens are refused without touching the database", () => {
    const closed = openDatabase(path.join(fs.mkdtempSync(path.join(os.tmpdir(), "lk-closed-")), "closed.db"));
    const native = nativeOf(closed);
    if (native.dialect === "sqlite") native.sqlite.close(); // any query on it would throw
    const real = generateToken("user").token;
    for (const token of ["nope", real.slice(0, -1) + (real.endsWith("0") ? "1" : "0"), "lku_" + "!".repeat(38)])
      expect(verifyKey(closed, token, null)).toMatchObject({ ok: false, code: "invalid_key" });
    expect(() => verifyKey(closed, real, null)).toThrow();
  });

  it("service keys carry their own role and may omit the account header, but never name another account", async () => {
    const { account } = await makeTeam("enterprise");
    const other = await makeAccount();
    const { token } = await insertKey("service", account.id);
    expect(await verifyKey(db, token, null)).toMatchObject({
      ok: true,
      actor: { role: "read_write", accountId: account.id, userId: null },
    });
    expect(await verifyKey(db, token, account.id)).toMatchObject({ ok: true });
    expect(await verifyKey(db, token, other.id)).toMatchObject({ ok: false, code: "forbidden" });
  });

  it("legacy keys act as admin", async () => {
    const account = await makeAccount();
    const { token } = await insertKey("legacy", account.id);
    expect(await verifyKey(db, token, null)).toMatchObject({
      ok: true,
      actor: { role: "admin", key: { kind: "legacy" } },
    });
  });

  it("status, expiry, membership and the account header decide in that order", async () => {
    const account = await makeAccount();
    const user = await makeUser("Holder");
    await addMember(account.id, user, "read_only");
    const now = Date.now();
    const disabled = await insertKey("user", account.id, { ownerUserId: user.id, status: "disabled" });
    const expiring = await insertKey("user", account.id, { ownerUserId: user.id, expiresAt: new Date(now + 1000) });
    expect(await verifyKey(db, disabled.token, account.id)).toMatchObject({ ok: false, code: "key_disabled" });
    // Usable until the instant, refused from it on.
    expect(await verifyKey(db, expiring.token, account.id, now + 999)).toMatchObject({ ok: true });
    expect(await verifyKey(db, expiring.token, account.id, now + 1000)).toMatchObject({
      ok: false,
      code: "key_expired",
    });
    expect(await verifyKey(db, expiring.token, null, now)).toMatchObject({ ok: false, code: "account_required" });
    expect(await verifyKey(db, expiring.token, "nope", now)).toMatchObject({ ok: false, code: "bad_request" });
    expect(await verifyKey(db, expiring.token, (await makeAccount()).id, now)).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    expect(await verifyKey(db, null, null)).toMatchObject({ ok: false, code: "unauthenticated" });
  });

  it("GET /me's look-up decides exactly as the plain one and reads what /me shows in the same statement", async () => {
    const { account, writer } = await makeTeam("enterprise");
    const other = await makeAccount("team", "Elsewhere");
    await addMember(other.id, writer, "read_only");
    const user = await insertKey("user", account.id, { ownerUserId: writer.id });
    const service = await insertKey("service", account.id);
    const legacy = await insertKey("legacy", account.id);
    const disabled = await insertKey("service", account.id, { status: "disabled" });
    const cases: [string, string | null][] = [
      [user.token, account.id],
      [user.token, other.id],
      [user.token, null],
      [user.token, (await makeAccount()).id],
      [service.token, null],
      [service.token, other.id],
      [legacy.token, account.id],
      [disabled.token, null],
      [generateToken("user").token, account.id],
    ];
    for (const [token, header] of cases) {
      const plain = await verifyKey(db, token, header);
      const described = await verifyKey(db, token, header, Date.now(), null, { describe: true });
      const { described: extra, ...rest } = described as typeof described & { described?: unknown };
      expect(rest).toEqual(plain);
      // And what it read is what the separate describe query gives.
      if (plain.ok)
        expect(await describeKeyActor(db, plain.actor, extra as never)).toEqual(
          await describeKeyActor(db, plain.actor),
        );
      else expect(extra).toBeUndefined();
    }
    const inOther = await verifyKey(db, user.token, other.id, Date.now(), null, { describe: true });
    expect(inOther).toMatchObject({
      ok: true,
      described: { accountName: "Elsewhere", plan: "team", email: writer.email },
    });
    expect(await verifyKey(db, service.token, null, Date.now(), null, { describe: true })).toMatchObject({
      ok: true,
      described: { email: null, plan: "enterprise" },
    });
  });

  it("reads Bearer tokens only", () => {
    expect(bearerToken("Bearer abc")).toBe("abc");
    expect(bearerToken("bearer   abc ")).toBe("abc");
    expect(bearerToken("Basic abc")).toBeNull();
    expect(bearerToken("Bearer a b")).toBeNull();
    expect(bearerToken(null)).toBeNull();
  });
});
