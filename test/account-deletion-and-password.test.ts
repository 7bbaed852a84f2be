// Change password and delete account (docs/permissions.md#the-permission-matrix, docs/concepts.md#the-console) through
// their server actions, on a real SQLite file: who may, what is checked, what goes and what stays.
import { first } from "@/db/query";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { deleteAccountAction } from "@/app/(console)/settings/account/general/actions";
import { accounts, apiKeys, auditEvents, memberships, notifications, sessions, users } from "@/db/schema";
import { verifyKey } from "@/lib/api-auth";
import { createServiceKey, createUserKey } from "@/lib/keys";
import { hashPassword } from "@/lib/passwords";
import { startSession } from "@/lib/sessions";
import { changePassword } from "@/lib/users";
import { actAs, makeTeam, memberActor, testDb } from "@/test/fixtures";

const db = testDb();

describe("change password", () => {
  it("needs the current password, refuses the same one, and ends every other session", async () => {
    const { owner } = await makeTeam();
    await db
      .update(users)
      .set({ passwordHash: await hashPassword("old phrase of words") })
      .where(eq(users.id, owner.id));
    const here = await startSession(db, owner.id);
    const elsewhere = await startSession(db, owner.id);
    await expect(changePassword(db, owner.id, here, "not it at all", "a brand new phrase")).rejects.toMatchObject({
      code: "validation_failed",
      details: { currentPassword: expect.any(Array) },
    });
    await expect(
      changePassword(db, owner.id, here, "old phrase of words", "old phrase of words"),
    ).rejects.toMatchObject({ details: { newPassword: expect.any(Array) } });
    await changePassword(db, owner.id, here, "old phrase of words", "a brand new phrase");
    const left = (await db.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, owner.id))).map(
      (r) => r.id,
    );
    expect(left).toEqual([here]);
    expect(left).not.toContain(elsewhere);
    expect(
      (await db.select().from(notifications).where(eq(notifications.userId, owner.id))).some(
        (n) => n.kind === "password.changed",
      ),
    ).toBe(true);
  });
});

describe("delete account", () => {
  it("is for owners only, needs the name typed, and takes keys, members and checks with it; the audit event stays", async () => {
    const { account, owner, admin, writer } = await makeTeam("enterprise");
    const service = await createServiceKey(db, await memberActor(admin, account.id), {
      name: "svc",
      description: null,
      expiresAt: null,
      leakAction: "none",
      role: "read_only",
    });
    const user = await createUserKey(db, await memberActor(writer, account.id), {
      name: "mine",
      description: null,
      expiresAt: null,
      leakAction: "none",
    });
    expect((await verifyKey(db, service.token, null)).ok).toBe(true);

    await actAs(admin, account.id);
    expect(await deleteAccountAction({ confirmName: account.name })).toMatchObject({ ok: false, code: "forbidden" });
    await actAs(owner, account.id);
    expect(await deleteAccountAction({ confirmName: "something else" })).toMatchObject({
      ok: false,
      code: "validation_failed",
      fieldErrors: { confirmName: expect.any(Array) },
    });
    expect(await first(db.select().from(accounts).where(eq(accounts.id, account.id)))).toBeTruthy();

    expect(await deleteAccountAction({ confirmName: ` ${account.name} ` })).toMatchObject({
      ok: true,
      data: { name: account.name, keysDeleted: 2 },
    });
    expect(await first(db.select().from(accounts).where(eq(accounts.id, account.id)))).toBeUndefined();
    expect(await db.select().from(memberships).where(eq(memberships.accountId, account.id))).toEqual([]);
    expect(await db.select().from(apiKeys).where(eq(apiKeys.accountId, account.id))).toEqual([]);
    // Its keys fail at once.
    expect(await verifyKey(db, service.token, null)).toMatchObject({ ok: false, code: "invalid_key" });
    expect(await verifyKey(db, user.token, account.id)).toMatchObject({ ok: false, code: "invalid_key" });
    // The record stays, and the members were told.
    const events = await db.select().from(auditEvents).where(eq(auditEvents.accountId, account.id));
    expect(events.find((e) => e.action === "account.deleted")).toMatchObject({
      actorId: owner.id,
      details: { keysDeleted: 2, members: 4 },
    });
    expect(
      (await db.select().from(notifications).where(eq(notifications.userId, writer.id))).some(
        (n) => n.kind === "account.deleted",
      ),
    ).toBe(true);
  });
});
