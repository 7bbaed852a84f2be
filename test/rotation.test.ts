// Rotation (docs/concepts.md#rotation) on a real SQLite file with an injected clock: both keys work during the
// overlap, the new key's first use ends the old one at once, the deadline ends it, "now" ends it at once,
// self-rotation, and who may rotate what; with the audit events.
import { first } from "@/db/query";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { apiKeys, auditEvents } from "@/db/schema";
import type { Actor } from "@/lib/actor";
import { verifyKey } from "@/lib/api-auth";
import { sweepExpiry } from "@/lib/expiry";
import {
  createServiceKey,
  createUserKey,
  recordAcceptedUse,
  rotateAccountKey,
  rotateOwnCallingKey,
  rotateOwnUserKey,
} from "@/lib/keys";
import { makeTeam, memberActor, testDb } from "@/test/fixtures";

const db = testDb();
const HOUR = 3_600_000;

async function use(token: string, accountId: string | null, now: number) {
  const v = await verifyKey(db, token, accountId, now, "203.0.113.5");
  if (v.ok) await recordAcceptedUse(db, v, "203.0.113.5", now);
  return v.ok ? "ok" : v.code;
}
const actionsOf = async (accountId: string) =>
  (await db.select().from(auditEvents).where(eq(auditEvents.accountId, accountId))).map((e) => e.action);

async function serviceKey(plan: "enterprise" = "enterprise") {
  const team = await makeTeam(plan);
  const admin = await memberActor(team.admin, team.account.id);
  const { key, token } = await createServiceKey(db, admin, {
    name: "Deploy",
    description: null,
    expiresAt: null,
    leakAction: "disable",
    role: "read_write",
  });
  return { team, admin, key, token };
}

describe("rotation", () => {
  it("keeps both keys working until the new key's first use, which ends the old one at once", async () => {
    const { team, admin, key, token } = await serviceKey();
    const t0 = Date.now();
    const rotated = await rotateAccountKey(db, admin, key.id, { oldKeyExpires: "on_first_use" }, new Date(t0));
    expect(rotated.key).toMatchObject({ kind: "service", name: "Deploy", role: "read_write", leakAction: "disable" });
    expect(rotated.token).toMatch(/^lks_/);
    expect(await use(token, null, t0 + 1000)).toBe("ok");
    expect(await use(token, null, t0 + 2000)).toBe("ok");
    expect(await use(rotated.token, null, t0 + 3000)).toBe("ok");
    expect(await use(token, null, t0 + 3001)).toBe("key_expired");
    expect(await use(rotated.token, null, t0 + 4000)).toBe("ok");
    expect(await actionsOf(team.account.id)).toEqual(
      expect.arrayContaining(["api_key.rotated", "api_key.rotation_ended"]),
    );
    const ended = (await db.select().from(auditEvents).where(eq(auditEvents.action, "api_key.rotation_ended"))).find(
      (e) => e.targetId === key.id,
    )!;
    expect(ended.details).toMatchObject({ reason: "first_use" });
  });

  it("with on_first_use alone, ends the old key after 7 days if the new one is never used", async () => {
    const { admin, key, token } = await serviceKey();
    const t0 = Date.now();
    await rotateAccountKey(db, admin, key.id, { oldKeyExpires: "on_first_use" }, new Date(t0));
    expect(await use(token, null, t0 + 6 * 24 * HOUR)).toBe("ok");
    expect(await use(token, null, t0 + 7 * 24 * HOUR + 1)).toBe("key_expired");
  });

  it("a deadline ends the old key, and the sweep records it as the end of the rotation", async () => {
    const { team, admin, key, token } = await serviceKey();
    const t0 = Date.now();
    const r = await rotateAccountKey(
      db,
      admin,
      key.id,
      { oldKeyExpires: new Date(t0 + HOUR), onFirstUse: false },
      new Date(t0),
    );
    // onFirstUse: false — the new key's use does not end the old one before the deadline.
    expect(await use(r.token, null, t0 + 1000)).toBe("ok");
    expect(await use(token, null, t0 + 2000)).toBe("ok");
    expect(await use(token, null, t0 + HOUR + 1)).toBe("key_expired");
    await sweepExpiry(db, new Date(t0 + HOUR + 5000));
    const events = await db.select().from(auditEvents).where(eq(auditEvents.accountId, team.account.id));
    expect(events.find((e) => e.action === "api_key.rotation_ended" && e.targetId === key.id)?.details).toMatchObject({
      reason: "deadline",
    });
    expect(events.some((e) => e.action === "api_key.expired" && e.targetId === key.id)).toBe(false);
  });

  it('"now" ends the old key at once; a past deadline is refused', async () => {
    const { admin, key, token } = await serviceKey();
    await expect(rotateAccountKey(db, admin, key.id, { oldKeyExpires: new Date(Date.now() - 1000) })).rejects.toThrow(
      /future/,
    );
    const r = await rotateAccountKey(db, admin, key.id, { oldKeyExpires: "now" });
    expect(await use(token, null, Date.now() + 1)).toBe("key_expired");
    expect(await use(r.token, null, Date.now() + 2)).toBe("ok");
    // A key already rotated is not rotated twice.
    await expect(rotateAccountKey(db, admin, key.id, { oldKeyExpires: "now" })).rejects.toThrow();
  });

  it("self-rotation works for any kind, and a legacy key's successor is an admin service key", async () => {
    const { team, token, key } = await serviceKey();
    const v = await verifyKey(db, token, null);
    if (!v.ok) throw new Error("no");
    const r = await rotateOwnCallingKey(db, v.actor, { oldKeyExpires: "on_first_use" });
    expect(r.key).toMatchObject({ kind: "service", role: "read_write" });
    expect(await use(r.token, null, Date.now() + 1)).toBe("ok");
    expect(await use(token, null, Date.now() + 2)).toBe("key_expired");
    expect((await first(db.select().from(apiKeys).where(eq(apiKeys.id, r.key.id))))?.rotatedFrom).toBe(key.id);

    // A user key rotates itself, and stays its owner's.
    const writer = await memberActor(team.writer, team.account.id);
    const user = await createUserKey(db, writer, {
      name: "Laptop",
      description: null,
      expiresAt: null,
      leakAction: "none",
    });
    const uv = await verifyKey(db, user.token, team.account.id);
    if (!uv.ok) throw new Error("no");
    const ur = await rotateOwnCallingKey(db, uv.actor, { oldKeyExpires: "now" });
    expect(await first(db.select().from(apiKeys).where(eq(apiKeys.id, ur.key.id)))).toMatchObject({
      kind: "user",
      ownerUserId: team.writer.id,
    });
  });

  it("a user key is rotated by its owner only, never by an admin through the account's keys", async () => {
    const { team, admin } = await serviceKey();
    const writer = await memberActor(team.writer, team.account.id);
    const user = await createUserKey(db, writer, {
      name: "Mine",
      description: null,
      expiresAt: null,
      leakAction: "none",
    });
    await expect(rotateAccountKey(db, admin, user.key.id, { oldKeyExpires: "now" })).rejects.toThrow(/owner/);
    await expect(
      rotateOwnUserKey(db, { userId: team.admin.id, ip: null }, user.key.id, { oldKeyExpires: "now" }),
    ).rejects.toThrow(/No such/);
    const r = await rotateOwnUserKey(db, { userId: team.writer.id, ip: null }, user.key.id, {
      oldKeyExpires: "on_first_use",
    });
    expect(r.token).toMatch(/^lku_/);
    // A read-only member cannot rotate the account's keys.
    const reader: Actor = await memberActor(team.reader, team.account.id);
    const { key } = await createServiceKey(db, admin, {
      name: "Other",
      description: null,
      expiresAt: null,
      leakAction: "none",
      role: "read_only",
    });
    await expect(rotateAccountKey(db, reader, key.id, { oldKeyExpires: "now" })).rejects.toThrow(/owners and admins/);
  });

  it("a disabled leaked key can be rotated: the old one stays disabled and ends at once; any other disabled key cannot", async () => {
    const { team, admin, key, token } = await serviceKey();
    const t0 = Date.now();
    await db.update(apiKeys).set({ status: "disabled" }).where(eq(apiKeys.id, key.id));
    // Disabled by hand, not leaked: nothing to replace by rotation.
    await expect(rotateAccountKey(db, admin, key.id, { oldKeyExpires: "on_first_use" }, new Date(t0))).rejects.toThrow(
      /Only an active key/,
    );
    await db
      .update(apiKeys)
      .set({ leakedAt: new Date(t0 - 1000) })
      .where(eq(apiKeys.id, key.id));
    const rotated = await rotateAccountKey(db, admin, key.id, { oldKeyExpires: "on_first_use" }, new Date(t0));
    expect(rotated.key).toMatchObject({ kind: "service", status: "active", name: "Deploy", leakedAt: null });
    expect(rotated.oldKey.endsAt).toBe(new Date(t0).toISOString());
    expect(await use(rotated.token, null, t0 + 1000)).toBe("ok");
    expect(await use(token, null, t0 + 1000)).not.toBe("ok");
    const old = await first(db.select().from(apiKeys).where(eq(apiKeys.id, key.id)));
    expect(old).toMatchObject({ status: "disabled" });
    expect(old!.expiresAt!.getTime()).toBe(t0);
    expect(await actionsOf(team.account.id)).toEqual(
      expect.arrayContaining(["api_key.rotated", "api_key.rotation_ended"]),
    );
    // Rotated once, it is not rotated again.
    await expect(rotateAccountKey(db, admin, key.id, { oldKeyExpires: "now" }, new Date(t0 + 2000))).rejects.toThrow();
  });
});
