// Expiry with an injected clock, on a real SQLite file.
import { only } from "@/db/query";
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { apiKeys, auditEvents, notifications } from "@/db/schema";
import { makeTeam, testDb } from "@/test/fixtures";
import { verifyKey } from "./api-auth";
import { sweepExpiry } from "./expiry";
import { generateToken } from "./tokens";

const db = testDb();
const DAY = 86_400_000;

async function key(kind: "user" | "service", accountId: string, expiresAt: Date, ownerUserId?: string) {
  const t = generateToken(kind);
  const row = await only(
    db
      .insert(apiKeys)
      .values({
        id: randomUUID(),
        kind,
        name: `${kind} expiring`,
        tokenHash: t.hash,
        hint: t.hint,
        accountId,
        ownerUserId: ownerUserId ?? null,
        role: kind === "service" ? "read_only" : null,
        expiresAt,
      })
      .returning(),
  );
  return { row, token: t.token };
}
const notificationsOf = async (userId: string) =>
  await db.select().from(notifications).where(eq(notifications.userId, userId));

describe("expiry", () => {
  it("a key works until the instant it expires and is refused from then on", async () => {
    const { account, writer } = await makeTeam();
    const t0 = Date.UTC(2030, 0, 1);
    const { token } = await key("user", account.id, new Date(t0), writer.id);
    expect((await verifyKey(db, token, account.id, t0 - 1)).ok).toBe(true);
    expect(await verifyKey(db, token, account.id, t0)).toMatchObject({ ok: false, code: "key_expired" });
  });

  it("the owner of a user key gets one reminder seven days ahead, not before, not twice", async () => {
    const { account, writer } = await makeTeam();
    const expires = new Date(Date.UTC(2031, 5, 15));
    await key("user", account.id, expires, writer.id);
    await sweepExpiry(db, new Date(expires.getTime() - 8 * DAY));
    expect(await notificationsOf(writer.id)).toHaveLength(0);
    await sweepExpiry(db, new Date(expires.getTime() - 7 * DAY));
    await sweepExpiry(db, new Date(expires.getTime() - 6 * DAY));
    await sweepExpiry(db, new Date(expires.getTime() - 1 * DAY));
    const sent = await notificationsOf(writer.id);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ kind: "api_key.expiring", link: expect.stringMatching(/^\/settings\/api-keys\//) });
    expect(sent[0]!.message).toContain("Jun 15, 2031");
  });

  it("a service key's reminder goes to the account's owners and admins", async () => {
    const { account, owner, admin, writer } = await makeTeam("enterprise");
    const expires = new Date(Date.UTC(2032, 2, 1));
    await key("service", account.id, expires);
    await sweepExpiry(db, new Date(expires.getTime() - 3 * DAY));
    expect(await notificationsOf(owner.id)).toHaveLength(1);
    expect(await notificationsOf(admin.id)).toHaveLength(1);
    expect(await notificationsOf(writer.id)).toHaveLength(0);
  });

  it("records one api_key.expired event once the instant has passed", async () => {
    const { account, writer } = await makeTeam();
    const expires = new Date(Date.UTC(2033, 0, 1));
    const { row } = await key("user", account.id, expires, writer.id);
    const expiredEvents = async () =>
      await db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.targetId, row.id), eq(auditEvents.action, "api_key.expired")));
    await sweepExpiry(db, new Date(expires.getTime() - 1));
    expect(await expiredEvents()).toHaveLength(0);
    await sweepExpiry(db, expires);
    await sweepExpiry(db, new Date(expires.getTime() + DAY));
    expect(await expiredEvents()).toHaveLength(1);
    expect((await expiredEvents())[0]).toMatchObject({ actorType: "system", accountId: account.id });
  });
});
