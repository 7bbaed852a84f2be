// Maximum key lifetime (SPEC section 9): defaults and refusals, for user, service and rotated keys.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { setMaxKeyLifetimeAction } from "@/app/(console)/settings/account/general/actions";
import { accounts, auditEvents } from "@/db/schema";
import { createServiceKey, createUserKey, rotateAccountKey } from "@/lib/keys";
import { actAs, makeTeam, memberActor, testDb } from "@/test/fixtures";

const db = testDb();
const DAY = 86_400_000;

describe("maximum key lifetime", () => {
  it("is set by owners and admins only, and audited", async () => {
    const { account, admin, writer } = makeTeam("enterprise");
    actAs(writer, account.id);
    expect(await setMaxKeyLifetimeAction({ days: "90" })).toMatchObject({ ok: false, code: "forbidden" });
    actAs(admin, account.id);
    expect(await setMaxKeyLifetimeAction({ days: "90" })).toMatchObject({ ok: true, data: { days: 90 } });
    expect(await setMaxKeyLifetimeAction({ days: "1000" })).toMatchObject({ ok: false, code: "validation_failed" });
    expect(db.select().from(accounts).where(eq(accounts.id, account.id)).get()?.maxKeyLifetimeDays).toBe(90);
    expect(db.select().from(auditEvents).where(eq(auditEvents.accountId, account.id)).all().map((e) => e.action)).toContain("account.key_lifetime_changed");
  });

  it("gives keys without an expiry the maximum, refuses a later one, and leaves existing keys alone", () => {
    const { account, admin, writer } = makeTeam("enterprise");
    const before = createServiceKey(db, memberActor(admin, account.id), { name: "old", description: null, expiresAt: null, leakAction: "none", role: "read_only" });
    db.update(accounts).set({ maxKeyLifetimeDays: 30 }).where(eq(accounts.id, account.id)).run();
    const now = Date.now();

    const svc = createServiceKey(db, memberActor(admin, account.id), { name: "svc", description: null, expiresAt: null, leakAction: "none", role: "read_only" });
    expect(svc.key.expiresAt!.getTime()).toBeGreaterThan(now + 29.9 * DAY);
    expect(svc.key.expiresAt!.getTime()).toBeLessThanOrEqual(Date.now() + 30 * DAY);
    const user = createUserKey(db, memberActor(writer, account.id), { name: "laptop", description: null, expiresAt: new Date(now + 7 * DAY), leakAction: "none" });
    expect(user.key.expiresAt!.getTime()).toBe(now + 7 * DAY);
    expect(() =>
      createUserKey(db, memberActor(writer, account.id), { name: "too long", description: null, expiresAt: new Date(now + 31 * DAY), leakAction: "none" }),
    ).toThrow(/at most 30 days/);
    try {
      createServiceKey(db, memberActor(admin, account.id), { name: "x", description: null, expiresAt: new Date(now + 60 * DAY), leakAction: "none", role: "admin" });
    } catch (error) {
      expect(error).toMatchObject({ code: "validation_failed", status: 422, details: { expiresAt: [expect.stringContaining("30 days")] } });
    }
    // The key made before the policy keeps no expiry; its rotation's new key gets the maximum.
    expect(before.key.expiresAt).toBeNull();
    const rotated = rotateAccountKey(db, memberActor(admin, account.id), before.key.id, { oldKeyExpires: "on_first_use" });
    expect(new Date(rotated.key.expiresAt!).getTime()).toBeGreaterThan(now + 29.9 * DAY);
  });
});
