// The demo data (docs/operations.md#demo-data): every screen has something to show on first sign-in (keys of each kind
// with 30 days of usage, a leaked key, a rotation under way, an audit log, an unread notification), no seeded token
// can be read anywhere, and key health is not all red. Runs on PostgreSQL too (npm test's PostgreSQL pass).
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  accounts,
  apiKeys,
  auditEvents,
  checks,
  invitations,
  keyUsageAccess,
  keyUsageDaily,
  memberships,
  notifications,
  users,
} from "@/db/schema";
import { auditSentence } from "@/lib/audit-labels";
import { serializeAuditEvent } from "@/lib/audit";
import { DEMO_LEGACY_TOKEN, isEmpty, seedDemoData } from "@/lib/demo-data";
import { keyDailyUsage, keyHealth } from "@/lib/keys";
import { listNotifications } from "@/lib/notifications";
import { hashToken } from "@/lib/tokens";
import { testDb } from "@/test/fixtures";

const db = testDb();
const TOKEN = /lk[usa]_[0-9A-Za-z]{38}/;
let seeded: Awaited<ReturnType<typeof seedDemoData>>;

describe("demo data", () => {
  beforeAll(async () => {
    expect(await isEmpty(db)).toBe(true);
    seeded = await seedDemoData(db);
  });

  it("is seeded once: the database is no longer empty", async () => {
    expect(await isEmpty(db)).toBe(false);
  });

  it("has keys of each kind, some restricted, all but the legacy key with an expiry", async () => {
    const keys = await db.select().from(apiKeys).where(eq(apiKeys.accountId, seeded.acme.id));
    const kinds = (k: string) => keys.filter((key) => key.kind === k);
    expect(kinds("user").length).toBeGreaterThanOrEqual(5);
    expect(kinds("service").length).toBeGreaterThanOrEqual(5);
    expect(kinds("legacy")).toHaveLength(1);
    expect(new Set(kinds("service").map((k) => k.role))).toEqual(new Set(["admin", "read_write", "read_only"]));
    // User keys for every demo member.
    expect(new Set(kinds("user").map((k) => k.ownerUserId)).size).toBe(4);
    const restricted = keys.find((k) => k.permissions && k.rateLimit && k.allowedIps);
    expect(restricted?.name).toBe("Status page");
    expect(keys.filter((k) => k.kind !== "legacy" && !k.expiresAt)).toEqual([]);
    // The rest of the account: members, checks, a pending invitation.
    expect(await db.select().from(memberships).where(eq(memberships.accountId, seeded.acme.id))).toHaveLength(4);
    expect((await db.select().from(checks)).length).toBe(3);
    expect(await db.select().from(invitations)).toHaveLength(1);
    expect((await db.select().from(accounts)).map((a) => a.name).sort()).toEqual(["Acme Corp", "Acme Sandbox"]);
  });

  it("has a leaked key, with its leak action applied", async () => {
    const leaked = (await db.select().from(apiKeys)).filter((k) => k.leakedAt);
    expect(leaked).toHaveLength(1);
    expect(leaked[0]).toMatchObject({ status: "disabled", leakAction: "disable" });
    expect(leaked[0]!.leakedUrl).toMatch(/^https:\/\/github\.com\//);
    const events = await db.select().from(auditEvents).where(eq(auditEvents.action, "api_key.leaked"));
    expect(events.map((e) => e.targetId)).toEqual([leaked[0]!.id]);
  });

  it("has a rotation under way: the old key works until a deadline, its successor names it", async () => {
    const { old, new: successor } = seeded.rotation;
    expect(old.status).toBe("active");
    expect(old.rotatedAt).toBeInstanceOf(Date);
    expect(old.expiresAt!.getTime()).toBeGreaterThan(Date.now());
    expect(old.expiresAt!.getTime() - old.rotatedAt!.getTime()).toBeLessThanOrEqual(7 * 86_400_000);
    expect(successor.rotatedFrom).toBe(old.id);
    expect(successor.name).toBe(old.name);
    const [rotated] = await db.select().from(auditEvents).where(eq(auditEvents.action, "api_key.rotated"));
    expect(rotated!.targetId).toBe(old.id);
  });

  it("has 30 days of daily usage for most keys, which the key page's chart reads", async () => {
    const keys = await db.select().from(apiKeys);
    const rows = await db.select().from(keyUsageDaily);
    const withUsage = new Set(rows.map((r) => r.keyId));
    expect(withUsage.size).toBeGreaterThan(keys.length / 2);
    const chart = await keyDailyUsage(db, seeded.keys["CI deploy"]!.id);
    expect(chart).toHaveLength(30);
    expect(chart.filter((d) => d.count > 0).length).toBe(30);
    expect((await db.select().from(keyUsageAccess)).length).toBeGreaterThan(0);
  });

  it("gives the owner one unread notification", async () => {
    const owner = seeded.users[0]!;
    const { unread, items } = await listNotifications(db, owner.id);
    expect(unread).toBe(1);
    expect(items[0]!.message).toMatch(/reported as leaked/);
  });

  it("has an audit log of several events that read as sentences, in the order they happened", async () => {
    const events = (await db.select().from(auditEvents).where(eq(auditEvents.accountId, seeded.acme.id))).map(
      serializeAuditEvent,
    );
    expect(events.length).toBeGreaterThanOrEqual(10);
    const actions = new Set(events.map((e) => e.action));
    for (const a of ["account.created", "member.invited", "member.joined", "member.role_changed", "api_key.created"])
      expect(actions).toContain(a);
    const byId = [...events].sort((a, b) => a.id - b.id).map((e) => Date.parse(e.createdAt));
    expect(byId).toEqual([...byId].sort((a, b) => a - b));
    const sentences = events.map((e) => auditSentence(e));
    expect(sentences).toContain("Olivia Owner changed the role of reader@acme.test from Read & write to Read only.");
  });

  it("stores no token in clear anywhere (hashes only), and the legacy key's hash matches its public token", async () => {
    for (const table of [users, accounts, apiKeys, auditEvents, notifications, invitations, keyUsageDaily]) {
      const rows = await db.select().from(table);
      expect(JSON.stringify(rows)).not.toMatch(TOKEN);
    }
    expect(seeded.legacyKey.tokenHash).toBe(hashToken(DEMO_LEGACY_TOKEN));
  });

  it("is not all red in key health: a handful of findings, none about the first day or a missing expiry of new keys", async () => {
    const owner = seeded.users[0]!;
    const findings = await keyHealth(db, {
      accountId: seeded.acme.id,
      role: "owner",
      userId: owner.id,
      key: null,
      ip: null,
    });
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.length).toBeLessThanOrEqual(8);
    expect(findings.filter((f) => f.finding === "no_expiry").map((f) => f.keyName)).toEqual(["Legacy account key"]);
  });
});
