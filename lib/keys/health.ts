// Key health (docs/concepts.md#key-health): every risky thing about the account's working keys, each with the
// narrowest fix, and the one-click fix itself, which goes through the same operations (policy and audit)
// as doing it by hand. `over_privileged` compares what a key may do with what it did in 30 days
// (key_usage_access, recorded per day, resource and read/write off the request path).
import { first } from "@/db/query";
import { transaction } from "@/db/transaction";
import { and, eq, gte, sql } from "drizzle-orm";
import { apiKeys, keyUsageAccess, keyUsageDaily, memberships, users, type ApiKey } from "@/db/schema";
import type { DB } from "@/db/connection";
import { loadActor, type Actor } from "../actor";
import { notFound, PublicError } from "../errors";
import { keyUsage } from "../key-usage";
import {
  ACCESS_RANK,
  authorize,
  canChangeKey,
  canRotateKey,
  describeAccess,
  effectiveAccess,
  keyRole,
  NO_ACCESS,
  RESOURCES,
  type Access,
} from "../policy";
import { changeStatus, editKey } from "./key-records";
import { keyLimits, normaliseIpEntry } from "./limits";
import { rotateAccountKey, rotateOwnUserKey } from "./rotation";
import { DAY_MS } from "./schemas";

export const FINDINGS = [
  "leaked_active",
  "never_used",
  "unused",
  "no_expiry",
  "exceeds_max_lifetime",
  "old",
  "over_privileged",
  "no_ip_allowlist",
] as const;
export type FindingCode = (typeof FINDINGS)[number];

export const FINDING_LABELS: Record<FindingCode, string> = {
  leaked_active: "Leaked and still active",
  never_used: "Never used",
  unused: "Unused for 30 days",
  no_expiry: "Never expires",
  exceeds_max_lifetime: "Outlives the maximum key lifetime",
  old: "Old and never rotated",
  over_privileged: "More access than it uses",
  no_ip_allowlist: "Admin-level key usable from anywhere",
};

/** The one-click fix of a finding; null when the viewer cannot apply one (another person's user key). */
export type Fix =
  | { action: "restrict"; permissions: Access }
  | { action: "set_expiry"; days: number }
  | { action: "disable" }
  | { action: "rotate" }
  | { action: "allow_ip"; ip: string };

export interface Finding {
  keyId: string;
  keyName: string;
  kind: ApiKey["kind"];
  /** A user key's owner (the console tells her own keys, which she fixes, from others'); null for account keys. */
  ownerUserId: string | null;
  finding: FindingCode;
  detail: string;
  suggestion: string;
  fix: Fix | null;
}

const dayOf = (t: number) => new Date(t).toISOString().slice(0, 10);
const dateText = (d: Date | number) =>
  new Date(d).toLocaleDateString("en-US", { month: "short", day: "numeric", year: "numeric", timeZone: "UTC" });

/** "made only reads of checks" — what a key did, in words. */
function describeUse(used: Access): string {
  const parts = RESOURCES.filter((r) => used[r] !== "none").map(
    (r) => `${used[r] === "write" ? "writes to" : "reads of"} ${r}`,
  );
  if (!parts.length) return "made no request to any resource";
  return `made only ${parts.join(" and ")}`;
}

/** Findings for the actor's account (owners and admins), newest keys first. */
export async function keyHealth(
  db: DB,
  who: Actor,
  now = Date.now(),
  onlyKeyId?: string,
  { flush = true } = {},
): Promise<Finding[]> {
  const actor = await loadActor(db, who);
  authorize(actor, "account_keys.read", "Only owners and admins see the key health report.");
  // Memory is ahead of the database by up to a minute: write it out so the report is current.
  if (flush) await keyUsage.flush();
  const maxDays = actor.account.maxKeyLifetimeDays;
  const since = dayOf(now - 29 * DAY_MS);
  const keys = await db
    .select({ key: apiKeys, ownerRole: memberships.role, ownerEmail: users.email })
    .from(apiKeys)
    .leftJoin(
      memberships,
      and(eq(memberships.accountId, apiKeys.accountId), eq(memberships.userId, apiKeys.ownerUserId)),
    )
    .leftJoin(users, eq(users.id, apiKeys.ownerUserId))
    .where(
      and(
        eq(apiKeys.accountId, actor.accountId),
        eq(apiKeys.status, "active"),
        onlyKeyId ? eq(apiKeys.id, onlyKeyId) : undefined,
      ),
    )
    .orderBy(sql`${apiKeys.createdAt} desc`);
  const requests = new Map(
    (
      await db
        .select({ keyId: keyUsageDaily.keyId, n: sql<number>`sum(${keyUsageDaily.count})` })
        .from(keyUsageDaily)
        .innerJoin(apiKeys, eq(apiKeys.id, keyUsageDaily.keyId))
        .where(and(eq(apiKeys.accountId, actor.accountId), gte(keyUsageDaily.day, since)))
        .groupBy(keyUsageDaily.keyId)
    ).map((r) => [r.keyId, r.n]),
  );
  const used = new Map<string, Access>();
  for (const r of await db
    .select({ keyId: keyUsageAccess.keyId, resource: keyUsageAccess.resource, access: keyUsageAccess.access })
    .from(keyUsageAccess)
    .innerJoin(apiKeys, eq(apiKeys.id, keyUsageAccess.keyId))
    .where(and(eq(apiKeys.accountId, actor.accountId), gte(keyUsageAccess.day, since)))
    .groupBy(keyUsageAccess.keyId, keyUsageAccess.resource, keyUsageAccess.access)) {
    const a = used.get(r.keyId) ?? { ...NO_ACCESS };
    const resource = r.resource as keyof Access;
    if (resource in a && ACCESS_RANK[r.access] > ACCESS_RANK[a[resource]]) a[resource] = r.access;
    used.set(r.keyId, a);
  }

  const findings: Finding[] = [];
  for (const { key, ownerRole, ownerEmail } of keys) {
    // A key past its expiry is not a risk to report. A rotating key still is, until its rotation ends: it
    // works, and a deadline or a first use that never comes must not hide it (its fix is not another rotation).
    if (key.expiresAt && key.expiresAt.getTime() <= now) continue;
    // A key in its first day is still being set up (its expiry, allow-list, first use): only a leak is reported then.
    if (now - key.createdAt.getTime() < DAY_MS && !key.leakedAt) continue;
    const role = keyRole(key.kind, key.role, ownerRole);
    if (!role) continue; // a user key whose owner left works nowhere
    // Others' user keys are their owners' to change: an admin sees the finding, the owner fixes it.
    const canChange = canChangeKey(key, actor).ok;
    const canRotate = !key.rotatedAt && canRotateKey(key, actor).ok;
    const fixIf = (fix: Fix): Fix | null =>
      fix.action === "rotate" ? (canRotate ? fix : null) : canChange ? fix : null;
    const add = (finding: FindingCode, detail: string, suggestion: string, fix: Fix | null) =>
      findings.push({
        keyId: key.id,
        keyName: key.name,
        kind: key.kind,
        ownerUserId: key.ownerUserId,
        finding,
        detail,
        suggestion: fix || canChange ? suggestion : `${suggestion} (ask its owner, ${ownerEmail ?? "a member"})`,
        fix,
      });
    const lastUsed = Math.max(key.lastUsedAt?.getTime() ?? 0, keyUsage.lastSeen(key.id)?.at ?? 0) || null;
    const limits = keyLimits(key);
    const access = effectiveAccess(role, limits.permissions);
    const age = now - key.createdAt.getTime();

    if (key.leakedAt)
      add(
        "leaked_active",
        `Reported leaked on ${dateText(key.leakedAt)} and still active.`,
        "Rotate it: a new key replaces it, and this one stops at the new key's first use.",
        canRotate ? { action: "rotate" } : fixIf({ action: "disable" }),
      );
    if (!lastUsed && age > 7 * DAY_MS)
      add(
        "never_used",
        `Created ${dateText(key.createdAt)} and never used.`,
        "Disable it; enable it again if something turns out to need it.",
        fixIf({ action: "disable" }),
      );
    if (lastUsed && now - lastUsed > 30 * DAY_MS)
      add(
        "unused",
        `Last used ${dateText(lastUsed)}.`,
        "Disable it; enable it again if something turns out to need it.",
        fixIf({ action: "disable" }),
      );
    const days = maxDays ?? 90;
    if (!key.expiresAt)
      add(
        "no_expiry",
        "It works until someone deletes it.",
        `Set it to expire in ${days} days.`,
        fixIf({ action: "set_expiry", days }),
      );
    if (maxDays && (!key.expiresAt || key.expiresAt.getTime() > now + maxDays * DAY_MS))
      add(
        "exceeds_max_lifetime",
        key.expiresAt
          ? `Expires ${dateText(key.expiresAt)}, beyond the account's maximum of ${maxDays} days.`
          : `Never expires; the account allows at most ${maxDays} days.`,
        `Set it to expire in ${maxDays} days.`,
        fixIf({ action: "set_expiry", days: maxDays }),
      );
    if (age > 90 * DAY_MS && !key.rotatedAt)
      add(
        "old",
        `Created ${dateText(key.createdAt)} and never rotated.`,
        "Rotate it: a new key replaces it, and this one stops at the new key's first use.",
        canRotate ? { action: "rotate" } : null,
      );
    if ((requests.get(key.id) ?? 0) > 0) {
      const did = used.get(key.id) ?? NO_ACCESS;
      if (RESOURCES.some((r) => ACCESS_RANK[access[r]] > ACCESS_RANK[did[r]]))
        add(
          "over_privileged",
          `It may use ${describeAccess(access)}, and ${describeUse(did)} in 30 days.`,
          `${describeUse(did)[0]!.toUpperCase()}${describeUse(did).slice(1)} in 30 days: restrict to ${describeAccess(did)}.`,
          fixIf({ action: "restrict", permissions: did }),
        );
    }
    if ((role === "owner" || role === "admin") && !limits.allowedIps) {
      // Stored in the allow-list's canonical form (an IPv4-mapped address as IPv4), as if typed in.
      const seen = keyUsage.lastSeen(key.id)?.ip ?? key.lastUsedIp;
      const ip = seen ? normaliseIpEntry(seen) : null;
      add(
        "no_ip_allowlist",
        "It acts as an admin and works from any address.",
        ip
          ? `Allow only the address it was last used from, ${ip}.`
          : "Add the addresses it is used from to its Allowed IPs.",
        ip ? fixIf({ action: "allow_ip", ip }) : null,
      );
    }
  }
  return findings;
}

/**
 * The number of findings, for the settings navigation: 0 for those who may not see the report. Read on
 * every console page, so it does not write out pending usage first (the report page does).
 */
export async function keyHealthCount(db: DB, actor: Actor, now = Date.now()): Promise<number> {
  try {
    return (await keyHealth(db, actor, now, undefined, { flush: false })).length;
  } catch (error) {
    if (error instanceof PublicError && error.code === "forbidden") return 0;
    throw error;
  }
}

/**
 * Applies a finding's one-click fix. The finding is worked out again here, never taken from the client,
 * and the fix runs through the operations the manual action uses (policy and audit included).
 */
export async function applyHealthFix(db: DB, who: Actor, keyId: string, finding: FindingCode, now = Date.now()) {
  const found = (await keyHealth(db, who, now, keyId)).find((f) => f.finding === finding);
  if (!found) throw notFound("That finding no longer applies to this key.");
  const fix = found.fix;
  if (!fix) throw new PublicError("forbidden", "Only the key's owner can change it.");
  if (fix.action === "rotate") {
    const input = { oldKeyExpires: "on_first_use" as const };
    const rotated =
      found.kind === "user"
        ? await rotateOwnUserKey(db, who, keyId, input, new Date(now))
        : await rotateAccountKey(db, who, keyId, input, new Date(now));
    return { fix, token: rotated.token, newKeyId: rotated.key.id };
  }
  await transaction(db, async (tx) => {
    const actor = await loadActor(tx, who);
    const key = await first(
      tx
        .select()
        .from(apiKeys)
        .where(and(eq(apiKeys.id, keyId), eq(apiKeys.accountId, actor.accountId))),
    );
    if (!key) throw notFound("No such API key in this account.");
    authorize(actor, key.kind === "user" ? "own_keys.manage" : "account_keys.manage");
    const decision = canChangeKey(key, actor);
    if (!decision.ok) throw new PublicError("forbidden", decision.reason);
    if (fix.action === "disable") return changeStatus(tx, key, "disabled", false, actor);
    if (fix.action === "set_expiry")
      return editKey(tx, key, { expiresAt: new Date(now + fix.days * DAY_MS) }, actor, new Date(now));
    if (fix.action === "restrict") return editKey(tx, key, { permissions: fix.permissions }, actor, new Date(now));
    return editKey(tx, key, { allowedIps: [fix.ip] }, actor, new Date(now));
  });
  return { fix, token: null, newKeyId: null };
}

/** What GET /api/v1/key-health shows: the fields of docs/concepts.md#key-health, without the console's fix details. */
export const serializeFinding = (f: Finding) => ({
  keyId: f.keyId,
  keyName: f.keyName,
  kind: f.kind,
  finding: f.finding,
  detail: f.detail,
  suggestion: f.suggestion,
});
