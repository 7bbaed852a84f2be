// User-key server actions called directly: the server decides, whatever the page shows.
import { first } from "@latchkey/domain/db/query";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { apiKeys, auditEvents, accounts, memberships } from "@latchkey/domain/db/schema";
import { hashToken } from "@latchkey/domain/tokens";
import { verifyKey } from "@latchkey/domain/api-auth";
import { actAs, makeTeam, testDb } from "@/test/fixtures";
import { createUserKeyAction, deleteUserKeyAction, setUserKeyStatusAction, updateUserKeyAction } from "./actions";

const db = testDb();

async function createKey(name = "My key", extra: Record<string, string> = {}) {
  const result = await createUserKeyAction({ name, ...extra });
  if (!result.ok) throw new Error(result.error);
  return result.data;
}

describe("creating user keys", () => {
  it("stores only the hash and a hint, and audits without the token", async () => {
    const { account, reader } = await makeTeam();
    await actAs(reader, account.id);
    const { id, token, hint } = await createKey("Laptop", { expires: "7", leakAction: "none" });
    const row = (await first(db.select().from(apiKeys).where(eq(apiKeys.id, id))))!;
    expect(row).toMatchObject({
      kind: "user",
      ownerUserId: reader.id,
      accountId: account.id,
      hint,
      leakAction: "none",
      status: "active",
    });
    expect(row.tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 6.9 * 86400_000);
    const events = await db.select().from(auditEvents).where(eq(auditEvents.accountId, account.id));
    expect(events.map((e) => e.action)).toContain("api_key.created");
    expect(JSON.stringify(events)).not.toContain(token);
    expect(JSON.stringify(events)).not.toContain(row.tokenHash);
  });

  it("refuses a past custom date and bad input with field errors", async () => {
    const { account, owner } = await makeTeam();
    await actAs(owner, account.id);
    const past = await createUserKeyAction({ name: "x", expires: "custom", expiresOn: "2020-01-01" });
    expect(past).toMatchObject({
      ok: false,
      code: "validation_failed",
      fieldErrors: { expiresOn: ["Choose a date in the future."] },
    });
    const bad = await createUserKeyAction({ name: "", leakAction: "explode", expires: "forever" });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(Object.keys(bad.fieldErrors ?? {}).sort()).toEqual(["expires", "leakAction", "name"]);
  });

  it("while the account restricts creation, the server refuses members without the grant, owners included", async () => {
    const { account, owner, writer } = await makeTeam();
    await db.update(accounts).set({ restrictKeyCreation: true }).where(eq(accounts.id, account.id));
    for (const who of [owner, writer]) {
      await actAs(who, account.id);
      expect(await createUserKeyAction({ name: "nope" })).toMatchObject({ ok: false, code: "forbidden" });
    }
    await db.update(memberships).set({ canCreateKeys: true }).where(eq(memberships.userId, writer.id));
    await actAs(writer, account.id);
    expect((await createUserKeyAction({ name: "granted" })).ok).toBe(true);
    expect(await db.select().from(apiKeys).where(eq(apiKeys.accountId, account.id))).toHaveLength(1);
  });

  it("turning the restriction on does not break existing keys", async () => {
    const { account, writer } = await makeTeam();
    await actAs(writer, account.id);
    const { token } = await createKey("Before");
    await db.update(accounts).set({ restrictKeyCreation: true }).where(eq(accounts.id, account.id));
    expect(await verifyKey(db, token, account.id)).toMatchObject({ ok: true, actor: { role: "read_write" } });
  });

  it("a signed-out caller is refused", async () => {
    expect(await createUserKeyAction({ name: "x" })).toMatchObject({ ok: false, code: "unauthenticated" });
  });
});

describe("managing one's own keys", () => {
  it("only the owner edits, disables or deletes a user key; others find nothing", async () => {
    const { account, owner, writer } = await makeTeam();
    await actAs(writer, account.id);
    const { id } = await createKey("Writer's");
    await actAs(owner, account.id);
    expect(await updateUserKeyAction({ keyId: id, name: "Stolen" })).toMatchObject({ ok: false, code: "not_found" });
    expect(await setUserKeyStatusAction({ keyId: id, status: "disabled" })).toMatchObject({
      ok: false,
      code: "not_found",
    });
    expect(await deleteUserKeyAction({ keyId: id })).toMatchObject({ ok: false, code: "not_found" });
    expect(await first(db.select().from(apiKeys).where(eq(apiKeys.id, id)))).toMatchObject({
      name: "Writer's",
      status: "active",
    });

    await actAs(writer, account.id);
    expect(await updateUserKeyAction({ keyId: id, name: "Renamed", expires: "keep" })).toMatchObject({
      ok: true,
      data: { name: "Renamed" },
    });
    expect(await setUserKeyStatusAction({ keyId: id, status: "disabled" })).toMatchObject({
      ok: true,
      data: { status: "disabled" },
    });
    expect(await deleteUserKeyAction({ keyId: id })).toEqual({ ok: true, data: { id } });
    expect(await first(db.select().from(apiKeys).where(eq(apiKeys.id, id)))).toBeUndefined();
    const actions = (await db.select().from(auditEvents).where(eq(auditEvents.accountId, account.id))).map(
      (e) => e.action,
    );
    expect(actions).toEqual(expect.arrayContaining(["api_key.updated", "api_key.disabled", "api_key.deleted"]));
  });

  it("editing keeps the expiry unless asked, and refuses a past one", async () => {
    const { account, admin } = await makeTeam();
    await actAs(admin, account.id);
    const { id } = await createKey("Expiring", { expires: "30" });
    const before = (await first(db.select().from(apiKeys).where(eq(apiKeys.id, id))))!.expiresAt;
    await updateUserKeyAction({ keyId: id, name: "Still expiring", expires: "keep" });
    expect((await first(db.select().from(apiKeys).where(eq(apiKeys.id, id))))!.expiresAt).toEqual(before);
    expect(
      await updateUserKeyAction({ keyId: id, name: "x", expires: "custom", expiresOn: "2001-01-01" }),
    ).toMatchObject({ ok: false, code: "validation_failed" });
    await updateUserKeyAction({ keyId: id, name: "Forever", expires: "never" });
    expect((await first(db.select().from(apiKeys).where(eq(apiKeys.id, id))))!.expiresAt).toBeNull();
  });
});
