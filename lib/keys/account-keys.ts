// Account-side keys (docs/concepts.md#service-keys): service keys, the legacy key, and the owners' and admins' view of
// every key of the account.
import { alias, first, wholeMilliseconds } from "@/db/query";
import { transaction } from "@/db/transaction";
import { and, desc, eq, inArray, lt, or, type SQL } from "drizzle-orm";
import { apiKeys, users, type ApiKey, type ServiceRole } from "@/db/schema";
import type { DB } from "@/db/connection";
import { loadActor, type Actor } from "../actor";
import { doneBy, keyTarget, recordAudit, type Tx } from "../audit";
import { forbidden, notFound } from "../errors";
import { keysetPage } from "../paging";
import { authorize, canChangeKey, canCreateServiceKey } from "../policy";
import { assertManagesKeys, changeStatus, editKey, insertKey, type KeyEdit, type KeyInput } from "./key-records";
import { assertFutureExpiry, expiryWithinPolicy, type KeyPage, type KeyView } from "./schemas";

const encodeKeyCursor = (k: ApiKey) => Buffer.from(`${k.createdAt.getTime()}_${k.id}`).toString("base64url");

export async function createServiceKey(
  db: DB,
  actor: Actor,
  input: KeyInput & { role: ServiceRole },
  now = new Date(),
) {
  assertFutureExpiry(input.expiresAt, now.getTime());
  return await transaction(db, async (tx) => {
    const me = await loadActor(tx, actor);
    authorize(me, "account_keys.manage", "Only owners and admins manage service API keys.");
    const decision = canCreateServiceKey(me.role, me.account.plan);
    if (!decision.ok) throw forbidden(decision.reason);
    // The key ceiling (docs/permissions.md#the-key-ceiling) is asked by insertKey, with the key as it will be.
    let expiresAt = expiryWithinPolicy(input.expiresAt, me.account.maxKeyLifetimeDays, now.getTime());
    // A key that expires makes keys that expire no later (the ceiling): one asked for without an expiry
    // gets the calling key's own, rather than a refusal. An explicit later date is still refused.
    const ceiling = me.key?.expiresAt ?? null;
    if (ceiling !== null && input.expiresAt === null && (expiresAt === null || expiresAt.getTime() > ceiling))
      expiresAt = new Date(ceiling);
    return insertKey(tx, "service", me.account.id, { ...input, expiresAt }, me, now);
  });
}

/**
 * The account's keys as the API and the admins' views list them: user keys created in this account
 * (with their owner), service keys and the legacy key.
 */
export async function listAccountKeys(db: DB, actor: Actor, view: KeyView | "all" = "all") {
  return await queryAccountKeys(db, actor, view);
}

/** listAccountKeys a page at a time, for the API. */
export async function pageAccountKeys(db: DB, actor: Actor, page: KeyPage) {
  const after = page.cursor;
  const createdMs = wholeMilliseconds(apiKeys.createdAt);
  const at = after?.createdAt.getTime();
  const before = after ? or(lt(createdMs, at), and(eq(createdMs, at), lt(apiKeys.id, after.id))) : undefined;
  return await keysetPage(
    page.limit,
    (count) => queryAccountKeys(db, actor, "all", { before, limit: count }),
    (last) => encodeKeyCursor(last.key),
  );
}

async function queryAccountKeys(
  db: DB,
  who: Actor,
  view: KeyView | "all",
  page?: { before: SQL | undefined; limit: number },
) {
  const actor = await loadActor(db, who);
  authorize(
    actor,
    view === "mine" ? "own_keys.read" : "account_keys.read",
    "Only owners and admins see all keys of the account.",
  );
  const owner = alias(users, "owner");
  const creator = alias(users, "creator");
  const where =
    view === "mine"
      ? and(
          eq(apiKeys.accountId, actor.accountId),
          eq(apiKeys.kind, "user"),
          eq(apiKeys.ownerUserId, actor.userId ?? ""),
        )
      : view === "users"
        ? and(eq(apiKeys.accountId, actor.accountId), eq(apiKeys.kind, "user"))
        : view === "service"
          ? and(eq(apiKeys.accountId, actor.accountId), inArray(apiKeys.kind, ["service", "legacy"]))
          : eq(apiKeys.accountId, actor.accountId);
  const query = db
    .select({ key: apiKeys, ownerName: owner.name, ownerEmail: owner.email, creatorName: creator.name })
    .from(apiKeys)
    .leftJoin(owner, eq(owner.id, apiKeys.ownerUserId))
    .leftJoin(creator, eq(creator.id, apiKeys.createdBy))
    .where(page?.before ? and(where, page.before) : where)
    .orderBy(desc(wholeMilliseconds(apiKeys.createdAt)), desc(apiKeys.id));
  return page ? await query.limit(page.limit) : await query;
}

async function loadAccountKey(tx: Tx, accountId: string, keyId: string, kinds: ApiKey["kind"][]) {
  const key = await first(
    tx
      .select()
      .from(apiKeys)
      .where(and(eq(apiKeys.id, keyId), eq(apiKeys.accountId, accountId), inArray(apiKeys.kind, kinds))),
  );
  // Another account's key looks exactly like a missing one.
  if (!key) throw notFound("No such API key in this account.");
  return key;
}

/**
 * Owners and admins delete any key of their account: service keys, the legacy key, and members' user
 * keys created here. The audit event names who did it.
 */
export async function deleteAccountKey(db: DB, who: Actor, keyId: string) {
  return await transaction(db, async (tx) => {
    const actor = await loadActor(tx, who);
    authorize(actor, "account_keys.manage", "Only owners and admins delete other people's keys.");
    assertManagesKeys(actor);
    const key = await loadAccountKey(tx, actor.accountId, keyId, ["user", "service", "legacy"]);
    await tx.delete(apiKeys).where(and(eq(apiKeys.id, key.id), eq(apiKeys.accountId, actor.accountId)));
    await recordAudit(tx, {
      accountId: actor.accountId,
      ...doneBy(actor),
      action: "api_key.deleted",
      target: keyTarget(key),
      details: { kind: key.kind, hint: key.hint, ownerUserId: key.ownerUserId },
    });
    return { id: key.id, kind: key.kind };
  });
}

/**
 * The account's service keys and its legacy key are edited, disabled and enabled by owners and admins (the
 * console). A legacy key can be edited like a service key — restricted, limited, given an expiry — but
 * never created (docs/concepts.md#the-legacy-key); the API's PATCH follows the same rule (updateKeyFromApi).
 */
export async function updateServiceKey(db: DB, who: Actor, keyId: string, edit: KeyEdit, now = new Date()) {
  return await transaction(db, async (tx) => {
    const actor = await loadActor(tx, who);
    authorize(actor, "account_keys.manage", "Only owners and admins manage the account's keys.");
    const key = await loadAccountKey(tx, actor.accountId, keyId, ["service", "legacy"]);
    return editKey(tx, key, edit, actor, now);
  });
}

/**
 * PATCH /api/v1/api-keys/{id}: owners and admins edit the account's service and legacy keys; a user key
 * only its owner (through one of their own user keys, any role: as in the console). Others' user keys
 * look missing. Either way the edited key stays within the calling key's power (editKey).
 */
export async function updateKeyFromApi(db: DB, who: Actor, keyId: string, edit: KeyEdit, now = new Date()) {
  return await transaction(db, async (tx) => {
    const actor = await loadActor(tx, who);
    authorize(actor, "own_keys.manage");
    const key = await first(
      tx
        .select()
        .from(apiKeys)
        .where(and(eq(apiKeys.id, keyId), eq(apiKeys.accountId, actor.accountId))),
    );
    // Someone else's user key looks missing, as everywhere.
    if (!key || (key.kind === "user" && !canChangeKey(key, actor).ok))
      throw notFound("No such API key in this account.");
    if (key.kind !== "user")
      authorize(actor, "account_keys.manage", "Only owners and admins manage the account's keys.");
    return editKey(tx, key, edit, actor, now);
  });
}

export async function setServiceKeyStatus(
  db: DB,
  who: Actor,
  keyId: string,
  status: "active" | "disabled",
  acknowledgeLeak = false,
) {
  return await transaction(db, async (tx) => {
    const actor = await loadActor(tx, who);
    authorize(actor, "account_keys.manage", "Only owners and admins manage the account's keys.");
    const key = await loadAccountKey(tx, actor.accountId, keyId, ["service", "legacy"]);
    return changeStatus(tx, key, status, acknowledgeLeak, actor);
  });
}
