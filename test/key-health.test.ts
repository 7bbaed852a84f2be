// Key health (docs/concepts.md#key-health): each finding produced by a constructed history with an injected clock, and
// each one-click fix applied through the usual operations (with their audit events).
import { first, only } from "@/db/query";
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { fixKeyHealthAction } from "@/app/(console)/settings/account/key-health/actions";
import { accounts, apiKeys, auditEvents, keyUsageAccess, keyUsageDaily } from "@/db/schema";
import { applyHealthFix, keyHealth, keyLimits, type FindingCode } from "@/lib/keys";
import { generateToken } from "@/lib/tokens";
import { actAs, makeTeam, memberActor, testDb } from "@/test/fixtures";

const db = testDb();
const DAY = 86_400_000;
const NOW = Date.UTC(2027, 5, 15, 12);
const day = (t: number) => new Date(t).toISOString().slice(0, 10);

async function key(accountId: string, values: Partial<typeof apiKeys.$inferInsert> = {}) {
  const t = generateToken(values.kind === "user" ? "user" : "service");
  return await only(
    db
      .insert(apiKeys)
      .values({
        id: randomUUID(),
        kind: "service",
        role: "read_only",
        name: `key ${Math.random().toString(36).slice(2, 6)}`,
        tokenHash: t.hash,
        hint: t.hint,
        accountId,
        expiresAt: new Date(NOW + 30 * DAY),
        allowedIps: null,
        // Restricted to what the history below uses, unless a test says otherwise: no over_privileged noise.
        permissions: JSON.stringify({ checks: "read", members: "none", api_keys: "none", audit_log: "none" }),
        createdAt: new Date(NOW - 2 * DAY),
        lastUsedAt: new Date(NOW - DAY),
        lastUsedIp: "198.51.100.4",
        ...values,
      })
      .returning(),
  );
}

async function used(keyId: string, daysAgo: number, resource: string, access: "read" | "write", count = 3) {
  const d = day(NOW - daysAgo * DAY);
  await db
    .insert(keyUsageDaily)
    .values({ keyId, day: d, count })
    .onConflictDoUpdate({ target: [keyUsageDaily.keyId, keyUsageDaily.day], set: { count } });
  await db.insert(keyUsageAccess).values({ keyId, day: d, resource, access, count });
}

const findingsOf = (f: Awaited<ReturnType<typeof keyHealth>>, keyId: string) =>
  f
    .filter((x) => x.keyId === keyId)
    .map((x) => x.finding)
    .sort();

describe("key health findings, from a constructed history", () => {
  it("finds each problem, and nothing on a healthy key", async () => {
    const { account, owner } = await makeTeam("enterprise");
    const me = await memberActor(owner, account.id);
    const healthy = await key(account.id);
    await used(healthy.id, 1, "checks", "read");
    const leaked = await key(account.id, { leakedAt: new Date(NOW - DAY) });
    await used(leaked.id, 1, "checks", "read");
    const neverUsed = await key(account.id, {
      createdAt: new Date(NOW - 10 * DAY),
      lastUsedAt: null,
      lastUsedIp: null,
    });
    const recentNeverUsed = await key(account.id, {
      createdAt: new Date(NOW - 3 * DAY),
      lastUsedAt: null,
      lastUsedIp: null,
    });
    const unused = await key(account.id, { createdAt: new Date(NOW - 60 * DAY), lastUsedAt: new Date(NOW - 40 * DAY) });
    const forever = await key(account.id, { expiresAt: null });
    await used(forever.id, 1, "checks", "read");
    const old = await key(account.id, { createdAt: new Date(NOW - 120 * DAY) });
    await used(old.id, 1, "checks", "read");
    // Inheriting read_write: may write checks and read members; did only reads of checks.
    const writerOnlyReads = await key(account.id, { role: "read_write", permissions: null });
    await used(writerOnlyReads.id, 2, "checks", "read");
    await used(writerOnlyReads.id, 20, "checks", "read");
    const writerWrites = await key(account.id, {
      role: "read_write",
      permissions: JSON.stringify({ checks: "write", members: "none", api_keys: "none", audit_log: "none" }),
    });
    await used(writerWrites.id, 1, "checks", "write");
    const admin = await key(account.id, {
      role: "admin",
      permissions: JSON.stringify({ checks: "read", members: "none", api_keys: "none", audit_log: "none" }),
    });
    await used(admin.id, 1, "checks", "read");
    const fencedAdmin = await key(account.id, {
      role: "admin",
      allowedIps: JSON.stringify(["198.51.100.0/24"]),
      permissions: JSON.stringify({ checks: "read", members: "none", api_keys: "none", audit_log: "none" }),
    });
    await used(fencedAdmin.id, 1, "checks", "read");
    // Outside the report: disabled keys, keys past their expiry.
    await key(account.id, { status: "disabled", leakedAt: new Date(NOW - DAY) });
    await key(account.id, { expiresAt: new Date(NOW - DAY), lastUsedAt: null });
    // A rotating key still works: it stays in the report (a far deadline must not hide it), but is not
    // "old" (it is being rotated) and its fix is no second rotation.
    const rotating = await key(account.id, {
      rotatedAt: new Date(NOW - DAY),
      leakedAt: new Date(NOW - DAY),
      createdAt: new Date(NOW - 100 * DAY),
    });

    const f = await keyHealth(db, me, NOW);
    expect(findingsOf(f, healthy.id)).toEqual([]);
    expect(findingsOf(f, leaked.id)).toEqual(["leaked_active"]);
    expect(findingsOf(f, neverUsed.id)).toEqual(["never_used"]);
    expect(findingsOf(f, recentNeverUsed.id)).toEqual([]);
    expect(findingsOf(f, unused.id)).toEqual(["unused"]);
    expect(findingsOf(f, forever.id)).toEqual(["no_expiry"]);
    expect(findingsOf(f, old.id)).toEqual(["old"]);
    expect(findingsOf(f, writerOnlyReads.id)).toEqual(["over_privileged"]);
    expect(findingsOf(f, writerWrites.id)).toEqual([]);
    expect(findingsOf(f, admin.id)).toEqual(["no_ip_allowlist"]);
    expect(findingsOf(f, fencedAdmin.id)).toEqual([]);
    expect(findingsOf(f, rotating.id)).toEqual(["leaked_active"]);
    expect(f.find((x) => x.keyId === rotating.id)!.fix).toEqual({ action: "disable" });
    expect(f).toHaveLength(8);

    const over = f.find((x) => x.keyId === writerOnlyReads.id)!;
    expect(over.suggestion).toBe("Made only reads of checks in 30 days: restrict to checks: read.");
    expect(over.fix).toEqual({
      action: "restrict",
      permissions: { checks: "read", members: "none", api_keys: "none", audit_log: "none" },
    });
    expect(f.find((x) => x.keyId === admin.id)!.fix).toEqual({ action: "allow_ip", ip: "198.51.100.4" });
    expect(f.find((x) => x.keyId === leaked.id)!.fix).toEqual({ action: "rotate" });
    // Use older than 30 days does not count.
    const stale = await key(account.id, { role: "read_only" });
    await used(stale.id, 40, "checks", "read");
    expect(findingsOf(await keyHealth(db, me, NOW), stale.id)).toEqual([]);
  });

  it("names keys beyond the account's maximum lifetime", async () => {
    const { account, owner } = await makeTeam("enterprise");
    await db.update(accounts).set({ maxKeyLifetimeDays: 30 }).where(eq(accounts.id, account.id));
    const far = await key(account.id, { expiresAt: new Date(NOW + 200 * DAY) });
    await used(far.id, 1, "checks", "read");
    const none = await key(account.id, { expiresAt: null });
    await used(none.id, 1, "checks", "read");
    const f = await keyHealth(db, await memberActor(owner, account.id), NOW);
    expect(findingsOf(f, far.id)).toEqual(["exceeds_max_lifetime"]);
    expect(findingsOf(f, none.id)).toEqual(["exceeds_max_lifetime", "no_expiry"]);
    expect(f.find((x) => x.keyId === none.id && x.finding === "no_expiry")!.fix).toEqual({
      action: "set_expiry",
      days: 30,
    });
  });

  it("is for owners and admins; another person's user key is shown but left to its owner", async () => {
    const { account, owner, writer } = await makeTeam("enterprise");
    await expect(keyHealth(db, await memberActor(writer, account.id), NOW)).rejects.toThrow(/owners and admins/);
    const theirs = await key(account.id, { kind: "user", role: null, ownerUserId: writer.id, expiresAt: null });
    await used(theirs.id, 1, "checks", "read");
    const f = (await keyHealth(db, await memberActor(owner, account.id), NOW)).find((x) => x.keyId === theirs.id)!;
    expect(f.finding).toBe("no_expiry");
    expect(f.fix).toBeNull();
    expect(f.suggestion).toContain(writer.email);
    await expect(applyHealthFix(db, await memberActor(owner, account.id), theirs.id, "no_expiry", NOW)).rejects.toThrow(
      /owner/,
    );
  });
});

describe("a key in its first day", () => {
  it("is left alone while it is set up, unless it leaked", async () => {
    const { account, admin } = await makeTeam("enterprise");
    const fresh = { createdAt: new Date(NOW - 2 * 60 * 60 * 1000), expiresAt: null, lastUsedAt: null };
    const newKey = await key(account.id, { ...fresh, role: "admin", permissions: null });
    const leaked = await key(account.id, { ...fresh, leakedAt: new Date(NOW - 60_000) });
    const dayOld = await key(account.id, { ...fresh, createdAt: new Date(NOW - DAY - 60_000) });
    const f = await keyHealth(db, await memberActor(admin, account.id), NOW);
    expect(findingsOf(f, newKey.id)).toEqual([]);
    expect(findingsOf(f, leaked.id)).toEqual(["leaked_active", "no_expiry"]);
    expect(findingsOf(f, dayOld.id)).toEqual(["no_expiry"]);
  });
});

describe("one-click fixes", () => {
  const cases: [FindingCode, Partial<typeof apiKeys.$inferInsert>, (k: typeof apiKeys.$inferSelect) => void, string][] =
    [
      [
        "never_used",
        { createdAt: new Date(Date.now() - 10 * DAY), lastUsedAt: null },
        (k) => expect(k.status).toBe("disabled"),
        "api_key.disabled",
      ],
      [
        "no_expiry",
        { expiresAt: null, lastUsedAt: new Date() },
        (k) => expect(k.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 89 * DAY),
        "api_key.updated",
      ],
      [
        "no_ip_allowlist",
        { role: "admin", lastUsedAt: new Date(), lastUsedIp: "203.0.113.9" },
        (k) => expect(keyLimits(k).allowedIps).toEqual(["203.0.113.9"]),
        "api_key.updated",
      ],
      [
        "old",
        { createdAt: new Date(Date.now() - 100 * DAY), lastUsedAt: new Date() },
        (k) => expect(k.rotatedAt).not.toBeNull(),
        "api_key.rotated",
      ],
    ];
  for (const [finding, values, check, audit] of cases)
    it(`${finding}: fixed through the server action, audited`, async () => {
      const { account, admin } = await makeTeam("enterprise");
      const k = await key(account.id, {
        expiresAt: new Date(Date.now() + 20 * DAY),
        createdAt: new Date(Date.now() - 2 * DAY),
        ...values,
      });
      await actAs(admin, account.id);
      const result = await fixKeyHealthAction({ keyId: k.id, finding });
      expect(result.ok).toBe(true);
      if (finding === "old") expect(result.ok && result.data.token).toMatch(/^lks_/);
      check((await first(db.select().from(apiKeys).where(eq(apiKeys.id, k.id))))!);
      expect(
        await db
          .select()
          .from(auditEvents)
          .where(and(eq(auditEvents.accountId, account.id), eq(auditEvents.action, audit))),
      ).toHaveLength(1);
      // Fixed: the finding is gone, and asking again is refused.
      expect(findingsOf(await keyHealth(db, await memberActor(admin, account.id)), k.id)).not.toContain(finding);
      expect(await fixKeyHealthAction({ keyId: k.id, finding })).toMatchObject({ ok: false, code: "not_found" });
    });

  it("over_privileged: restricts to what the key used, and a reader cannot apply fixes", async () => {
    const { account, admin, reader } = await makeTeam("enterprise");
    const k = await key(account.id, {
      role: "read_write",
      permissions: null,
      lastUsedAt: new Date(),
      createdAt: new Date(Date.now() - 2 * DAY),
    });
    const today = day(Date.now());
    await db.insert(keyUsageDaily).values({ keyId: k.id, day: today, count: 5 });
    await db.insert(keyUsageAccess).values({ keyId: k.id, day: today, resource: "checks", access: "read", count: 5 });
    await actAs(reader, account.id);
    expect(await fixKeyHealthAction({ keyId: k.id, finding: "over_privileged" })).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    await actAs(admin, account.id);
    expect(await fixKeyHealthAction({ keyId: k.id, finding: "over_privileged" })).toMatchObject({ ok: true });
    expect(keyLimits((await first(db.select().from(apiKeys).where(eq(apiKeys.id, k.id))))!).permissions).toEqual({
      checks: "read",
      members: "none",
      api_keys: "none",
      audit_log: "none",
    });
  });
});
