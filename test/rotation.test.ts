// Rotation (SPEC section 9) on a real SQLite file with an injected clock: both keys work during the
// overlap, the new key's first use ends the old one at once, the deadline ends it, "now" ends it at once,
// self-rotation, and who may rotate what; with the audit events.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { apiKeys, auditEvents } from "@/db/schema";
import type { Actor } from "@/lib/actor";
import { verifyKey } from "@/lib/api-auth";
import { sweepExpiry } from "@/lib/expiry";
import { createServiceKey, createUserKey, recordAcceptedUse, rotateAccountKey, rotateOwnCallingKey, rotateOwnUserKey } from "@/lib/keys";
import { makeTeam, memberActor, testDb } from "@/test/fixtures";

const db = testDb();
const HOUR = 3_600_000;

function use(token: string, accountId: string | null, now: number) {
  const v = verifyKey(db.$client, token, accountId, now, "203.0.113.5");
  if (v.ok) recordAcceptedUse(db, v, "203.0.113.5", now);
  return v.ok ? "ok" : v.code;
}
const actionsOf = (accountId: string) => db.select().from(auditEvents).where(eq(auditEvents.accountId, accountId)).all().map((e) => e.action);

function serviceKey(plan: "enterprise" = "enterprise") {
  const team = makeTeam(plan);
  const admin = memberActor(team.admin, team.account.id);
  const { key, token } = createServiceKey(db, admin, { name: "Deploy", description: null, expiresAt: null, leakAction: "disable", role: "read_write" });
  return { team, admin, key, token };
}

describe("rotation", () => {
  it("keeps both keys working until the new key's first use, which ends the old one at once", () => {
    const { team, admin, key, token } = serviceKey();
    const t0 = Date.now();
    const rotated = rotateAccountKey(db, admin, key.id, { oldKeyExpires: "on_first_use" }, new Date(t0));
    expect(rotated.key).toMatchObject({ kind: "service", name: "Deploy", role: "read_write", leakAction: "disable" });
    expect(rotated.token).toMatch(/^lks_/);
    expect(use(token, null, t0 + 1000)).toBe("ok");
    expect(use(token, null, t0 + 2000)).toBe("ok");
    expect(use(rotated.token, null, t0 + 3000)).toBe("ok");
    expect(use(token, null, t0 + 3001)).toBe("key_expired");
    expect(use(rotated.token, null, t0 + 4000)).toBe("ok");
    expect(actionsOf(team.account.id)).toEqual(expect.arrayContaining(["api_key.rotated", "api_key.rotation_ended"]));
    const ended = db.select().from(auditEvents).where(eq(auditEvents.action, "api_key.rotation_ended")).all().find((e) => e.targetId === key.id)!;
    expect(ended.details).toMatchObject({ reason: "first_use" });
  });

  it("with on_first_use alone, ends the old key after 7 days if the new one is never used", () => {
    const { admin, key, token } = serviceKey();
    const t0 = Date.now();
    rotateAccountKey(db, admin, key.id, { oldKeyExpires: "on_first_use" }, new Date(t0));
    expect(use(token, null, t0 + 6 * 24 * HOUR)).toBe("ok");
    expect(use(token, null, t0 + 7 * 24 * HOUR + 1)).toBe("key_expired");
  });

  it("a deadline ends the old key, and the sweep records it as the end of the rotation", () => {
    const { team, admin, key, token } = serviceKey();
    const t0 = Date.now();
    const r = rotateAccountKey(db, admin, key.id, { oldKeyExpires: new Date(t0 + HOUR), onFirstUse: false }, new Date(t0));
    // onFirstUse: false — the new key's use does not end the old one before the deadline.
    expect(use(r.token, null, t0 + 1000)).toBe("ok");
    expect(use(token, null, t0 + 2000)).toBe("ok");
    expect(use(token, null, t0 + HOUR + 1)).toBe("key_expired");
    sweepExpiry(db, new Date(t0 + HOUR + 5000));
    const events = db.select().from(auditEvents).where(eq(auditEvents.accountId, team.account.id)).all();
    expect(events.find((e) => e.action === "api_key.rotation_ended" && e.targetId === key.id)?.details).toMatchObject({ reason: "deadline" });
    expect(events.some((e) => e.action === "api_key.expired" && e.targetId === key.id)).toBe(false);
  });

  it('"now" ends the old key at once; a past deadline is refused', () => {
    const { admin, key, token } = serviceKey();
    expect(() => rotateAccountKey(db, admin, key.id, { oldKeyExpires: new Date(Date.now() - 1000) })).toThrow(/future/);
    const r = rotateAccountKey(db, admin, key.id, { oldKeyExpires: "now" });
    expect(use(token, null, Date.now() + 1)).toBe("key_expired");
    expect(use(r.token, null, Date.now() + 2)).toBe("ok");
    // A key already rotated is not rotated twice.
    expect(() => rotateAccountKey(db, admin, key.id, { oldKeyExpires: "now" })).toThrow();
  });

  it("self-rotation works for any kind, and a legacy key's successor is an admin service key", () => {
    const { team, token, key } = serviceKey();
    const v = verifyKey(db.$client, token, null);
    if (!v.ok) throw new Error("no");
    const r = rotateOwnCallingKey(db, v.actor, { oldKeyExpires: "on_first_use" });
    expect(r.key).toMatchObject({ kind: "service", role: "read_write" });
    expect(use(r.token, null, Date.now() + 1)).toBe("ok");
    expect(use(token, null, Date.now() + 2)).toBe("key_expired");
    expect(db.select().from(apiKeys).where(eq(apiKeys.id, r.key.id)).get()?.rotatedFrom).toBe(key.id);

    // A user key rotates itself, and stays its owner's.
    const writer = memberActor(team.writer, team.account.id);
    const user = createUserKey(db, writer, { name: "Laptop", description: null, expiresAt: null, leakAction: "none" });
    const uv = verifyKey(db.$client, user.token, team.account.id);
    if (!uv.ok) throw new Error("no");
    const ur = rotateOwnCallingKey(db, uv.actor, { oldKeyExpires: "now" });
    expect(db.select().from(apiKeys).where(eq(apiKeys.id, ur.key.id)).get()).toMatchObject({ kind: "user", ownerUserId: team.writer.id });
  });

  it("a user key is rotated by its owner only, never by an admin through the account's keys", () => {
    const { team, admin } = serviceKey();
    const writer = memberActor(team.writer, team.account.id);
    const user = createUserKey(db, writer, { name: "Mine", description: null, expiresAt: null, leakAction: "none" });
    expect(() => rotateAccountKey(db, admin, user.key.id, { oldKeyExpires: "now" })).toThrow(/owner/);
    expect(() => rotateOwnUserKey(db, { userId: team.admin.id, ip: null }, user.key.id, { oldKeyExpires: "now" })).toThrow(/No such/);
    const r = rotateOwnUserKey(db, { userId: team.writer.id, ip: null }, user.key.id, { oldKeyExpires: "on_first_use" });
    expect(r.token).toMatch(/^lku_/);
    // A read-only member cannot rotate the account's keys.
    const reader: Actor = memberActor(team.reader, team.account.id);
    const { key } = createServiceKey(db, admin, { name: "Other", description: null, expiresAt: null, leakAction: "none", role: "read_only" });
    expect(() => rotateAccountKey(db, reader, key.id, { oldKeyExpires: "now" })).toThrow(/owners and admins/);
  });
});
