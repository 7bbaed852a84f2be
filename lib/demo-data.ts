import { first, only } from "@/db/query";
import { transaction, type Tx } from "@/db/transaction";
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
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
  type ApiKey,
  type KeyKind,
  type Role,
  type ServiceRole,
  type User,
} from "@/db/schema";
import type { DB } from "@/db/connection";
import type { AuditAction, AuditActor, AuditDetails, AuditTarget } from "./audit";
import { serializePermissions } from "./keys/limits";
import { DEMO_PASSWORD, hashPassword } from "./passwords";
import { ACCESS_RANK, effectiveAccess, RESOURCES, type Access } from "./policy";
import { fromToken, generateToken, hashToken } from "./tokens";

// Kept with the password rules, which refuse it as anyone's new password.
export { DEMO_PASSWORD };
// The fixed demo value of docs/operations.md#demo-data: a real, checksummed legacy token, public by design.
export const DEMO_LEGACY_TOKEN = "lka_DemoLegacyKey00000000000000000000McM6P";
export const DEMO_USERS: { email: string; name: string; role: Role }[] = [
  { email: "owner@acme.test", name: "Olivia Owner", role: "owner" },
  { email: "admin@acme.test", name: "Adam Admin", role: "admin" },
  { email: "writer@acme.test", name: "Wendy Writer", role: "read_write" },
  { email: "reader@acme.test", name: "Rita Reader", role: "read_only" },
];

const DAY = 24 * 60 * 60 * 1000;
const HOUR = 60 * 60 * 1000;

type Person = "owner" | "admin" | "writer" | "reader";

/**
 * The demo keys (docs/operations.md#demo-data). Every token is random and forgotten at once: only its hash and hint are
 * stored, so none of them can be printed (the legacy key is the one public demo token). `uses`: what the key did in 30
 * days, per resource (the key health report compares it with what the key may do); `daily`: its usual requests a day.
 */
interface DemoKey {
  kind: "user" | "service";
  name: string;
  description?: string;
  owner?: Person; // user keys
  by: Person; // who created it
  role?: ServiceRole; // service keys
  createdDaysAgo: number;
  expiresInDays: number;
  daily?: number;
  uses?: "all" | Partial<Access>;
  lastUsedDaysAgo?: number;
  permissions?: Access;
  rateLimit?: { limit: number; windowSeconds: number };
  allowedIps?: string[];
  leakAction?: ApiKey["leakAction"];
}

const DEMO_KEYS: DemoKey[] = [
  {
    kind: "user",
    name: "Olivia's laptop",
    description: "Scripts run by hand from Olivia's laptop",
    owner: "owner",
    by: "owner",
    createdDaysAgo: 52,
    expiresInDays: 38,
    daily: 40,
    uses: "all",
    allowedIps: ["203.0.113.24"],
  },
  {
    kind: "user",
    name: "Billing export",
    owner: "owner",
    by: "owner",
    createdDaysAgo: 34,
    expiresInDays: 56,
    daily: 12,
    uses: "all",
    allowedIps: ["198.51.100.0/24"],
  },
  {
    kind: "user",
    name: "Terraform",
    description: "Manages checks as code",
    owner: "owner",
    by: "owner",
    createdDaysAgo: 15,
    expiresInDays: 75,
    daily: 30,
    uses: "all",
    allowedIps: ["198.51.100.0/24"],
  },
  {
    kind: "user",
    name: "Adam's staging script",
    owner: "admin",
    by: "admin",
    createdDaysAgo: 27,
    expiresInDays: 63,
    daily: 90,
    uses: "all",
  },
  {
    kind: "user",
    name: "Wendy's deploy hook",
    owner: "writer",
    by: "writer",
    createdDaysAgo: 21,
    expiresInDays: 69,
    daily: 60,
    uses: "all",
  },
  {
    kind: "user",
    name: "Rita's dashboard",
    owner: "reader",
    by: "reader",
    createdDaysAgo: 18,
    expiresInDays: 72,
    daily: 150,
    uses: "all",
  },
  {
    kind: "service",
    name: "CI deploy",
    description: "GitHub Actions: creates and updates checks on every deploy",
    by: "owner",
    role: "read_write",
    createdDaysAgo: 48,
    expiresInDays: 42,
    daily: 220,
    // It only ever touches checks: key health suggests restricting it to that.
    uses: { checks: "write" },
  },
  {
    kind: "service",
    name: "Status page",
    description: "Reads check results for the public status page",
    by: "admin",
    role: "read_only",
    createdDaysAgo: 44,
    expiresInDays: 46,
    daily: 480,
    uses: "all",
    permissions: { checks: "read", members: "none", api_keys: "none", audit_log: "none" },
    rateLimit: { limit: 600, windowSeconds: 60 },
    allowedIps: ["192.0.2.10", "192.0.2.11"],
  },
  {
    kind: "service",
    name: "Access review bot",
    description: "Weekly review of members and keys",
    by: "owner",
    role: "admin",
    createdDaysAgo: 40,
    expiresInDays: 50,
    daily: 6,
    uses: "all",
    allowedIps: ["10.20.0.0/16"],
  },
  {
    kind: "service",
    name: "Old reporting script",
    description: "Monthly report, replaced by the billing export",
    by: "admin",
    role: "read_only",
    createdDaysAgo: 80,
    expiresInDays: 10,
    lastUsedDaysAgo: 41,
  },
];

/** Requests on day `i` (0 = 29 days ago) of a key that makes about `daily` a day: weekdays busier, a slow rise. */
function requestsOn(daily: number, i: number, day: Date, seed: number): number {
  const weekend = day.getUTCDay() === 0 || day.getUTCDay() === 6 ? 0.45 : 1;
  const wave = 1 + 0.25 * Math.sin((i + seed) * 1.7) + 0.01 * i;
  return Math.max(1, Math.round(daily * weekend * wave));
}

export async function isEmpty(db: DB): Promise<boolean> {
  return ((await first(db.select({ n: sql<number>`count(*)` }).from(users)))?.n ?? 0) === 0;
}

/**
 * Seeds Acme Corp (enterprise) with one member per role, a few checks, the legacy key, user and service keys with 30
 * days of usage, a leaked key, a rotation under way, a pending invitation, the audit log of all that and one unread
 * notification for the owner (docs/operations.md#demo-data). One transaction: a database is seeded whole or not at all.
 */
export async function seedDemoData(db: DB, now = new Date()) {
  const hashes = await Promise.all(DEMO_USERS.map(() => hashPassword(DEMO_PASSWORD)));
  const legacy = fromToken(DEMO_LEGACY_TOKEN);
  const t = now.getTime();
  const ago = (days: number, hours = 0) => new Date(t - days * DAY - hours * HOUR);
  return await transaction(db, async (tx) => {
    const acme = await only(
      tx
        .insert(accounts)
        .values({ id: randomUUID(), name: "Acme Corp", plan: "enterprise", createdAt: ago(60) })
        .returning(),
    );
    const created: User[] = [];
    for (const [i, u] of DEMO_USERS.entries()) {
      const user = await only(
        tx
          .insert(users)
          .values({ id: randomUUID(), email: u.email, name: u.name, passwordHash: hashes[i]!, createdAt: ago(60 - i) })
          .returning(),
      );
      await tx.insert(memberships).values({ accountId: acme.id, userId: user.id, role: u.role, joinedAt: ago(59 - i) });
      created.push(user);
    }
    const owner = created[0]!;
    const person: Record<Person, User> = {
      owner,
      admin: created[1]!,
      writer: created[2]!,
      reader: created[3]!,
    };
    const roleOf: Record<Person, Role> = { owner: "owner", admin: "admin", writer: "read_write", reader: "read_only" };
    // A second, smaller account of the owner's, so the switcher and plan gating have something to show.
    const sandbox = await only(
      tx
        .insert(accounts)
        .values({ id: randomUUID(), name: "Acme Sandbox", plan: "hobby", createdAt: ago(30) })
        .returning(),
    );
    await tx.insert(memberships).values({ accountId: sandbox.id, userId: owner.id, role: "owner", joinedAt: ago(30) });

    await tx.insert(checks).values([
      { id: randomUUID(), accountId: acme.id, name: "Homepage", url: "https://acme.test/", active: true },
      {
        id: randomUUID(),
        accountId: acme.id,
        name: "Checkout API",
        url: "https://api.acme.test/v1/checkout",
        active: true,
      },
      { id: randomUUID(), accountId: acme.id, name: "Status page", url: "https://status.acme.test/", active: false },
    ]);

    // The audit log, written in the order things happened (it lists by id) with the times they happened.
    const events: { at: Date; actor: AuditActor; action: AuditAction; target?: AuditTarget; details?: unknown }[] = [];
    const by = (p: Person): AuditActor => ({ type: "user", id: person[p].id, name: person[p].name });
    const log = <A extends AuditAction>(
      at: Date,
      actor: AuditActor,
      action: A,
      target?: AuditTarget,
      details?: AuditDetails[A],
    ) => events.push({ at, actor, action, target, details });
    const keyTarget = (k: ApiKey): AuditTarget => ({ type: "api_key", id: k.id, name: k.name });
    const memberTarget = (u: User): AuditTarget => ({ type: "user", id: u.id, name: u.email });

    log(ago(60), by("owner"), "account.created", { type: "account", id: acme.id, name: acme.name });
    for (const [i, p] of (["admin", "writer", "reader"] as const).entries()) {
      const invited = roleOf[p] === "read_only" ? "read_write" : roleOf[p];
      log(
        ago(59 - i, 2),
        by("owner"),
        "member.invited",
        { type: "invitation", id: randomUUID(), name: person[p].email },
        {
          role: invited,
        },
      );
      log(ago(59 - i), by(p), "member.joined", undefined, { role: invited });
    }
    // Rita joined as read-write; she only reads, so the owner lowered her role.
    log(ago(45), by("owner"), "member.role_changed", memberTarget(person.reader), {
      from: "read_write",
      to: "read_only",
    });

    const insertKey = async (
      values: Omit<typeof apiKeys.$inferInsert, "id" | "tokenHash" | "hint"> & { kind: KeyKind },
    ) => {
      const { hash, hint } = generateToken(values.kind);
      return await only(
        tx
          .insert(apiKeys)
          .values({ id: randomUUID(), tokenHash: hash, hint, ...values })
          .returning(),
      );
    };
    const usage = async (key: ApiKey, role: Role, spec: DemoKey, seed: number) => {
      if (!spec.daily || !spec.uses) return;
      const since = Math.min(29, spec.createdDaysAgo);
      const daily = [];
      for (let i = 29 - since; i < 30; i++) {
        const day = new Date(t - (29 - i) * DAY);
        daily.push({ keyId: key.id, day: day.toISOString().slice(0, 10), count: requestsOn(spec.daily, i, day, seed) });
      }
      await tx.insert(keyUsageDaily).values(daily);
      const may = effectiveAccess(role, spec.permissions ?? null);
      const did = spec.uses === "all" ? may : spec.uses;
      const access = [];
      for (const r of RESOURCES) {
        const level = did[r];
        if (!level || level === "none" || ACCESS_RANK[level] > ACCESS_RANK[may[r]]) continue;
        for (const d of daily.filter((_, j) => j % 3 === 0))
          access.push({ keyId: key.id, day: d.day, resource: r, access: level, count: Math.ceil(d.count / 3) });
      }
      if (access.length) await tx.insert(keyUsageAccess).values(access);
    };

    const keys: Record<string, ApiKey> = {};
    for (const [n, spec] of DEMO_KEYS.entries()) {
      const createdAt = ago(spec.createdDaysAgo, 3);
      const expiresAt = new Date(t + spec.expiresInDays * DAY);
      const lastUsed = spec.daily ? ago(0, 1 + n) : spec.lastUsedDaysAgo ? ago(spec.lastUsedDaysAgo) : null;
      const key = await insertKey({
        kind: spec.kind,
        name: spec.name,
        description: spec.description ?? null,
        ownerUserId: spec.owner ? person[spec.owner].id : null,
        accountId: acme.id,
        role: spec.kind === "service" ? spec.role : null,
        expiresAt,
        leakAction: spec.leakAction ?? "disable",
        lastUsedAt: lastUsed,
        lastUsedIp: lastUsed ? (spec.allowedIps?.[0]?.replace(/\/\d+$/, "") ?? `198.51.100.${20 + n}`) : null,
        permissions: serializePermissions(spec.permissions),
        rateLimit: spec.rateLimit?.limit ?? null,
        rateLimitWindow: spec.rateLimit?.windowSeconds ?? null,
        allowedIps: spec.allowedIps ? JSON.stringify(spec.allowedIps) : null,
        createdBy: person[spec.by].id,
        createdAt,
      });
      keys[spec.name] = key;
      log(createdAt, by(spec.by), "api_key.created", keyTarget(key), {
        kind: spec.kind,
        ...(spec.role ? { role: spec.role } : {}),
        hint: key.hint,
        expiresAt: expiresAt.toISOString(),
        leakAction: key.leakAction,
        ...(spec.permissions ? { permissions: spec.permissions } : {}),
        ...(spec.rateLimit ? { rateLimit: spec.rateLimit } : {}),
        ...(spec.allowedIps ? { allowedIps: spec.allowedIps } : {}),
      });
      await usage(key, spec.kind === "service" ? spec.role! : roleOf[spec.owner!], spec, n);
    }

    // The legacy key of the account (from before user keys), still in use by an old integration.
    const legacyKey = await only(
      tx
        .insert(apiKeys)
        .values({
          id: randomUUID(),
          kind: "legacy",
          name: "Legacy account key",
          description: "Account-scoped key from before user keys existed",
          tokenHash: legacy.hash,
          hint: legacy.hint,
          accountId: acme.id,
          leakAction: "disable",
          lastUsedAt: ago(0, 5),
          lastUsedIp: "198.51.100.7",
          createdBy: owner.id,
          createdAt: ago(60),
        })
        .returning(),
    );
    await usage(
      legacyKey,
      "admin",
      { kind: "service", name: "", by: "owner", createdDaysAgo: 60, expiresInDays: 0, daily: 25, uses: "all" },
      11,
    );

    // A rotation under way: the nightly backup's key was rotated two days ago; the old key works until the new one's
    // first use, at most seven days (docs/concepts.md#rotation).
    const rotatedAt = ago(2);
    const oldBackup = await insertKey({
      kind: "service",
      name: "Nightly backup",
      description: "Copies checks and members to cold storage every night",
      accountId: acme.id,
      role: "read_only",
      status: "active",
      expiresAt: new Date(rotatedAt.getTime() + 7 * DAY),
      rotatedAt,
      rotationEndsOnFirstUse: true,
      expiryNotifiedAt: rotatedAt,
      lastUsedAt: ago(0, 4),
      lastUsedIp: "192.0.2.50",
      createdBy: person.admin.id,
      createdAt: ago(55),
    });
    log(oldBackup.createdAt, by("admin"), "api_key.created", keyTarget(oldBackup), {
      kind: "service",
      role: "read_only",
      hint: oldBackup.hint,
      expiresAt: new Date(t + 35 * DAY).toISOString(),
      leakAction: "disable",
    });
    await usage(
      oldBackup,
      "read_only",
      { kind: "service", name: "", by: "admin", createdDaysAgo: 55, expiresInDays: 0, daily: 3, uses: "all" },
      5,
    );
    const newBackup = await insertKey({
      kind: "service",
      name: "Nightly backup",
      description: oldBackup.description,
      accountId: acme.id,
      role: "read_only",
      expiresAt: new Date(t + 35 * DAY),
      rotatedFrom: oldBackup.id,
      createdBy: person.admin.id,
      createdAt: rotatedAt,
    });
    log(rotatedAt, by("admin"), "api_key.rotated", keyTarget(oldBackup), {
      kind: "service",
      hint: oldBackup.hint,
      newKeyId: newBackup.id,
      newHint: newBackup.hint,
      oldKeyEnds: oldBackup.expiresAt!.toISOString(),
      endsOnFirstUse: true,
    });

    // A leaked key: Wendy's old test key was found in a public repository yesterday. Its leak action (disable) was
    // applied as a leak report applies it (lib/leaks.ts): disabled, the leak recorded, its owner and the admins told.
    const leakedAt = ago(1, 2);
    const leakedUrl = "https://github.com/acme-corp/deploy-scripts/blob/main/test.sh";
    const leaked = await insertKey({
      kind: "user",
      name: "Wendy's test key",
      ownerUserId: person.writer.id,
      accountId: acme.id,
      status: "disabled",
      expiresAt: new Date(t + 20 * DAY),
      leakAction: "disable",
      leakedAt,
      leakedUrl,
      lastUsedAt: ago(3),
      lastUsedIp: "198.51.100.31",
      createdBy: person.writer.id,
      createdAt: ago(10),
    });
    log(leaked.createdAt, by("writer"), "api_key.created", keyTarget(leaked), {
      kind: "user",
      hint: leaked.hint,
      expiresAt: leaked.expiresAt!.toISOString(),
      leakAction: "disable",
    });
    await usage(
      leaked,
      "read_write",
      { kind: "user", name: "", by: "writer", createdDaysAgo: 10, expiresInDays: 0, daily: 8, uses: "all" },
      3,
    );
    log(leakedAt, { type: "anonymous", name: "Leak report" }, "api_key.leaked", keyTarget(leaked), {
      kind: "user",
      hint: leaked.hint,
      url: leakedUrl,
      leakAction: "disable",
    });
    const leakNote = {
      kind: "api_key.leaked",
      message: `API key “${leaked.name}” (${leaked.hint}) was reported as leaked at ${leakedUrl}. It was disabled.`,
      link: `/settings/api-keys/${leaked.id}`,
      createdAt: leakedAt,
    };
    // Unread for the owner (the bell shows it); Adam has read his, and Wendy has not signed in since.
    await tx.insert(notifications).values([
      { id: randomUUID(), userId: owner.id, ...leakNote },
      { id: randomUUID(), userId: person.admin.id, ...leakNote, readAt: ago(1) },
      { id: randomUUID(), userId: person.writer.id, ...leakNote },
    ]);

    // A pending invitation (its link went to the invitee; only the hash of a random token is kept).
    const invitedAt = ago(0, 6);
    const invitation = await only(
      tx
        .insert(invitations)
        .values({
          id: randomUUID(),
          accountId: acme.id,
          email: "dana@acme.test",
          role: "read_only",
          tokenHash: hashToken(randomUUID()),
          invitedBy: person.admin.id,
          expiresAt: new Date(invitedAt.getTime() + 7 * DAY),
          createdAt: invitedAt,
        })
        .returning(),
    );
    log(
      invitedAt,
      by("admin"),
      "member.invited",
      { type: "invitation", id: invitation.id, name: invitation.email },
      {
        role: "read_only",
      },
    );

    events.sort((a, b) => a.at.getTime() - b.at.getTime());
    await writeEvents(tx, acme.id, events);
    return { acme, sandbox, users: created, legacyKey, keys, rotation: { old: oldBackup, new: newBackup }, leaked };
  });
}

async function writeEvents(
  tx: Tx,
  accountId: string,
  events: { at: Date; actor: AuditActor; action: AuditAction; target?: AuditTarget; details?: unknown }[],
) {
  if (!events.length) return;
  await tx.insert(auditEvents).values(
    events.map((e) => ({
      accountId,
      actorType: e.actor.type,
      actorId: e.actor.id ?? null,
      actorName: e.actor.name,
      action: e.action,
      targetType: e.target?.type ?? null,
      targetId: e.target?.id ?? null,
      targetName: e.target?.name ?? null,
      details: (e.details as Record<string, unknown> | undefined) ?? null,
      createdAt: e.at,
    })),
  );
}
