// Maximum key lifetime (docs/concepts.md#status-expiry-and-deletion): defaults and refusals, for user, service and
// rotated keys.
import { first } from "@/db/query";
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
    const { account, admin, writer } = await makeTeam("enterprise");
    await actAs(writer, account.id);
    expect(await setMaxKeyLifetimeAction({ days: "90" })).toMatchObject({ ok: false, code: "forbidden" });
    await actAs(admin, account.id);
    expect(await setMaxKeyLifetimeAction({ days: "90" })).toMatchObject({ ok: true, data: { days: 90 } });
    expect(await setMaxKeyLifetimeAction({ days: "1000" })).toMatchObject({ ok: false, code: "validation_failed" });
    expect((await first(db.select().from(accounts).where(eq(accounts.id, account.id))))?.maxKeyLifetimeDays).toBe(90);
    expect(
      (await db.select().from(auditEvents).where(eq(auditEvents.accountId, account.id))).map((e) => e.action),
    ).toContain("account.key_lifetime_changed");
  });

  it("gives keys without an expiry the maximum, refuses a later one, and leaves existing keys alone", async () => {
    const { account, admin, writer } = await makeTeam("enterprise");
    const before = await createServiceKey(db, await memberActor(admin, account.id), {
      name: "old",
      description: null,
      expiresAt: null,
      leakAction: "none",
      role: "read_only",
    });
    await db.update(accounts).set({ maxKeyLifetimeDays: 30 }).where(eq(accounts.id, account.id));
    const now = Date.now();

    const svc = await createServiceKey(db, await memberActor(admin, account.id), {
      name: "svc",
      description: null,
      expiresAt: null,
      leakAction: "none",
      role: "read_only",
    });
    expect(svc.key.expiresAt!.getTime()).toBeGreaterThan(now + 29.9 * DAY);
    expect(svc.key.expiresAt!.getTime()).toBeLessThanOrEqual(Date.now() + 30 * DAY);
    const user = await createUserKey(db, await memberActor(writer, account.id), {
      name: "laptop",
      description: null,
      expiresAt: new Date(now + 7 * DAY),
      leakAction: "none",
    });
    expect(user.key.expiresAt!.getTime()).toBe(now + 7 * DAY);
    await expect(
      createUserKey(db, await memberActor(writer, account.id), {
        name: "too long",
        description: null,
        expiresAt: new Date(now + 31 * DAY),
        leakAction: "none",
      }),
    ).rejects.toThrow(/at most 30 days/);
    try {
      await createServiceKey(db, await memberActor(admin, account.id), {
        name: "x",
        description: null,
        expiresAt: new Date(now + 60 * DAY),
        leakAction: "none",
        role: "admin",
      });
    } catch (error) {
      expect(error).toMatchObject({
        code: "validation_failed",
        status: 422,
        details: { expiresAt: [expect.stringContaining("30 days")] },
      });
    }
    // The key made before the policy keeps no expiry; its rotation's new key gets the maximum.
    expect(before.key.expiresAt).toBeNull();
    const rotated = await rotateAccountKey(db, await memberActor(admin, account.id), before.key.id, {
      oldKeyExpires: "on_first_use",
    });
    expect(new Date(rotated.key.expiresAt!).getTime()).toBeGreaterThan(now + 29.9 * DAY);
  });
});
