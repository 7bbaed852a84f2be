// Rotation (docs/concepts.md#rotation): a new key with the old one's kind, name, role, limits and leak action, returned
// once; the old key ends at a deadline or at the new key's first accepted use, whichever comes first. Until then both
// work. GitLab's self-rotation lets a pipeline rotate the very key it calls with.
import { first, only } from "@/db/query";
import { transaction } from "@/db/transaction";
import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { accounts, apiKeys, users, type ApiKey } from "@/db/schema";
import type { DB } from "@/db/connection";
import { loadActor, type Actor, type LoadedActor } from "../actor";
import { doneBy, keyTarget, recordAudit, SYSTEM_ACTOR, type Tx } from "../audit";
import { forbidden, notFound, PublicError } from "../errors";
import { keyUsage } from "../key-usage";
import { authorize, canRotateKey, keyOwnRole } from "../policy";
import { asPerson, assertManagesKeys, insertKey, serializeKey, type ChangedBy } from "./key-records";
import { keyLimits } from "./limits";
import { DAY_MS } from "./schemas";

/** "on_first_use" alone still ends the old key after this long. */
export const FIRST_USE_CAP_MS = 7 * DAY_MS;

export const rotateKeySchema = z.strictObject({
  oldKeyExpires: z.union([
    z.literal("now"),
    z.literal("on_first_use"),
    z.iso
      .datetime({ offset: true, error: 'Use "now", "on_first_use" or an ISO 8601 date-time.' })
      .transform((v) => new Date(v)),
  ]),
  /** With a date: whether the new key's first use ends the old one sooner (default true). */
  onFirstUse: z.boolean().optional(),
});
export type RotateInput = z.output<typeof rotateKeySchema>;

/** The console's Rotate dialog: three plain choices, turned into the API's terms. */
export const ROTATE_CHOICES = {
  on_first_use: "When the new key is first used (at most 7 days)",
  day: "In 24 hours, or when the new key is first used",
  now: "Now",
} as const;
export const rotateKeyFormSchema = z
  .object({
    keyId: z.uuid({ error: "Invalid id." }),
    oldKeyEnds: z.enum(Object.keys(ROTATE_CHOICES) as [keyof typeof ROTATE_CHOICES], {
      error: "Choose when the old key stops.",
    }),
  })
  .transform(({ keyId, oldKeyEnds }) => ({
    keyId,
    input: (oldKeyEnds === "day"
      ? { oldKeyExpires: new Date(Date.now() + DAY_MS), onFirstUse: true }
      : { oldKeyExpires: oldKeyEnds }) as RotateInput,
  }));

/**
 * Where the old key ends, and whether the new key's first use ends it sooner. An explicit deadline is at
 * most 7 days ahead and within the account's maximum key lifetime (docs/concepts.md#rotation): later is 422.
 */
function rotationPlan(
  input: RotateInput,
  now: number,
  maxDays: number | null,
): { deadline: Date; endsOnFirstUse: boolean } {
  if (input.oldKeyExpires === "now") return { deadline: new Date(now), endsOnFirstUse: false };
  if (input.oldKeyExpires === "on_first_use")
    return { deadline: new Date(now + FIRST_USE_CAP_MS), endsOnFirstUse: true };
  const at = input.oldKeyExpires.getTime();
  const refuse = (message: string) => new PublicError("validation_failed", message, { oldKeyExpires: [message] });
  if (at <= now) throw refuse('The old key\'s deadline must be in the future, or "now".');
  if (at > now + FIRST_USE_CAP_MS) throw refuse("The old key may keep working at most 7 days after a rotation.");
  if (maxDays && at > now + maxDays * DAY_MS)
    throw refuse(`This account allows keys of at most ${maxDays} days; choose an earlier deadline.`);
  return { deadline: input.oldKeyExpires, endsOnFirstUse: input.onFirstUse ?? true };
}

/**
 * The new key: the old one's kind, name, role, permissions, limits, leak action and expiry — a rotation changes the
 * token, nothing else, so no key gains power by rotating (docs/permissions.md#the-key-ceiling: insertKey asks the
 * ceiling with the caller, which for another key's rotation means at least that key's power). The account's maximum key
 * lifetime still caps the expiry.
 */
async function rotate(tx: Tx, actor: LoadedActor | ChangedBy, old: ApiKey, input: RotateInput, now: Date) {
  assertManagesKeys(actor);
  // A key disabled after a leak report is replaced by rotating it too ("Rotate now" on its page): it stays disabled
  // and its rotation ends at once, whatever deadline was asked, so the leaked token never works again.
  const leakedAndDisabled = old.status === "disabled" && old.leakedAt !== null;
  if ((old.status !== "active" && !leakedAndDisabled) || (old.expiresAt && old.expiresAt.getTime() <= now.getTime()))
    throw new PublicError("conflict", "Only an active key, or a disabled leaked one, can be rotated.");
  if (old.rotatedAt) throw new PublicError("conflict", "This key is already being rotated; use its replacement.");
  // A user key stays its owner's: only the owner (or the key itself) rotates it.
  if (old.kind === "user" && old.ownerUserId !== actor.userId) throw forbidden("Only its owner rotates a user key.");
  const policy = await first(
    tx.select({ maxDays: accounts.maxKeyLifetimeDays }).from(accounts).where(eq(accounts.id, old.accountId)),
  );
  const maxDays = policy?.maxDays ?? null;
  const plan = leakedAndDisabled
    ? { deadline: now, endsOnFirstUse: false }
    : rotationPlan(input, now.getTime(), maxDays);
  // A legacy key's successor is a service key acting as admin: no new legacy key is ever made.
  const kind = old.kind === "user" ? "user" : "service";
  const role = keyOwnRole(old) ?? undefined;
  const cap = maxDays ? now.getTime() + maxDays * DAY_MS : null;
  const keeps = old.expiresAt?.getTime() ?? null;
  const expiresAt = cap !== null && (keeps === null || keeps > cap) ? new Date(cap) : old.expiresAt;
  const { key, token } = await insertKey(
    tx,
    kind,
    old.accountId,
    { name: old.name, description: old.description, expiresAt, leakAction: old.leakAction, role, ...keyLimits(old) },
    actor,
    now,
  );
  const linked = (await only(
    tx.update(apiKeys).set({ rotatedFrom: old.id }).where(eq(apiKeys.id, key.id)).returning(),
  ))!;
  const deadline = old.expiresAt && old.expiresAt < plan.deadline ? old.expiresAt : plan.deadline;
  await tx
    .update(apiKeys)
    .set({
      rotatedAt: now,
      rotationEndsOnFirstUse: plan.endsOnFirstUse,
      expiresAt: deadline,
      expiryNotifiedAt: now,
      expiredRecordedAt: null,
    })
    .where(and(eq(apiKeys.id, old.id), eq(apiKeys.accountId, old.accountId)));
  await recordAudit(tx, {
    accountId: old.accountId,
    ...doneBy(actor),
    action: "api_key.rotated",
    target: keyTarget(old),
    details: {
      kind: old.kind,
      hint: old.hint,
      newKeyId: key.id,
      newHint: key.hint,
      oldKeyEnds: deadline.toISOString(),
      endsOnFirstUse: plan.endsOnFirstUse,
    },
  });
  if (deadline.getTime() <= now.getTime()) await endRotation(tx, old.id, "now", now);
  return {
    key: serializeKey(linked),
    token,
    oldKey: { id: old.id, endsAt: deadline.toISOString(), endsOnFirstUse: plan.endsOnFirstUse },
  };
}

/**
 * POST /api/v1/api-keys/{id}/rotate: owners and admins rotate the account's service and legacy keys (and
 * a user key its owner). The new token goes to the caller, so the caller needs at least the key's power.
 */
export async function rotateAccountKey(db: DB, who: Actor, keyId: string, input: RotateInput, now = new Date()) {
  return await transaction(db, async (tx) => {
    const actor = await loadActor(tx, who);
    authorize(actor, "account_keys.manage", "Only owners and admins rotate the account's keys.");
    const old = await first(
      tx
        .select()
        .from(apiKeys)
        .where(and(eq(apiKeys.id, keyId), eq(apiKeys.accountId, actor.accountId))),
    );
    if (!old) throw notFound("No such API key in this account.");
    const decision = canRotateKey(old, actor);
    if (!decision.ok) throw forbidden(decision.reason);
    return rotate(tx, actor, old, input, now);
  });
}

/** POST /api/v1/api-keys/self/rotate: the calling key rotates itself, any kind (not through an access token). */
export async function rotateOwnCallingKey(db: DB, who: Actor, input: RotateInput, now = new Date()) {
  if (!who.key) throw forbidden("Only a key can rotate itself.");
  const keyId = who.key.id;
  return await transaction(db, async (tx) => {
    const actor = await loadActor(tx, who);
    authorize(actor, "own_keys.manage");
    const old = await first(tx.select().from(apiKeys).where(eq(apiKeys.id, keyId)));
    if (!old) throw notFound("No such API key.");
    return rotate(tx, actor, old, input, now);
  });
}

/** A user rotating their own user key (the console). */
export async function rotateOwnUserKey(
  db: DB,
  who: Pick<Actor, "userId" | "ip">,
  keyId: string,
  input: RotateInput,
  now = new Date(),
) {
  return await transaction(db, async (tx) => {
    const old = await first(
      tx
        .select()
        .from(apiKeys)
        .where(and(eq(apiKeys.id, keyId), eq(apiKeys.kind, "user"), eq(apiKeys.ownerUserId, who.userId ?? ""))),
    );
    if (!old) throw notFound("No such API key.");
    const user = (await first(tx.select().from(users).where(eq(users.id, old.ownerUserId!))))!;
    return rotate(tx, asPerson(user, who.ip), old, input, now);
  });
}

/** Ends a rotated key now (also the sweep's part, when a deadline passed), recorded as the rotation's end. */
export async function endRotation(tx: Tx, oldKeyId: string, reason: "now" | "first_use" | "deadline", now: Date) {
  const old = await first(tx.select().from(apiKeys).where(eq(apiKeys.id, oldKeyId)));
  if (!old || old.expiredRecordedAt) return;
  await tx
    .update(apiKeys)
    .set({ expiresAt: old.expiresAt && old.expiresAt < now ? old.expiresAt : now, expiredRecordedAt: now })
    .where(and(eq(apiKeys.id, old.id), eq(apiKeys.accountId, old.accountId)));
  await recordAudit(tx, {
    accountId: old.accountId,
    actor: SYSTEM_ACTOR,
    action: "api_key.rotation_ended",
    target: keyTarget(old),
    details: { kind: old.kind, hint: old.hint, reason },
  });
}

/**
 * Every accepted use of a key (API request, verify, token exchange): last-used bookkeeping in memory,
 * and — once in a rotated key's life, on its first accepted use — the end of the key it replaced, at
 * once (the only write verification ever causes, and only that once).
 */
export function recordAcceptedUse(
  db: DB,
  verified: { actor: Actor; endsRotationOf: string | null },
  ip: string,
  now = Date.now(),
): void | Promise<void> {
  const keyId = verified.actor.key!.id;
  keyUsage.touch(keyId, ip, now);
  // Nearly every use: memory only, answered without a promise (the API's hot path awaits nothing here).
  if (!verified.endsRotationOf) return;
  const oldKeyId = verified.endsRotationOf;
  return transaction(db, async (tx) => {
    const firstUse = await first(
      tx
        .update(apiKeys)
        .set({ firstUsedAt: new Date(now) })
        .where(and(eq(apiKeys.id, keyId), isNull(apiKeys.firstUsedAt)))
        .returning({ id: apiKeys.id }),
    );
    if (!firstUse) return;
    const old = await first(
      tx.select({ endsOnFirstUse: apiKeys.rotationEndsOnFirstUse }).from(apiKeys).where(eq(apiKeys.id, oldKeyId)),
    );
    if (old?.endsOnFirstUse) await endRotation(tx, oldKeyId, "first_use", new Date(now));
  });
}
