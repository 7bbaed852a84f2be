// User keys (docs/concepts.md#user-keys): a person's own keys, created in their current account, working in every
// account they belong to. Only their owner edits them; anyone else's look missing.
import { first } from "@/db/query";
import { transaction } from "@/db/transaction";
import { and, desc, eq } from "drizzle-orm";
import { accounts, apiKeys, users, type ApiKey } from "@/db/schema";
import type { DB } from "@/db/connection";
import { loadPerson, type Actor } from "../actor";
import { doneBy, keyTarget, recordAudit, type Tx } from "../audit";
import { forbidden, notFound } from "../errors";
import { canCreateUserKey } from "../policy";
import { asPerson, changeStatus, editKey, insertKey, type KeyEdit, type KeyInput } from "./key-records";
import { assertFutureExpiry, expiryWithinPolicy } from "./schemas";

/** A user key, created in the caller's current account (which decides whether creation is restricted). */
export async function createUserKey(db: DB, actor: Actor, input: KeyInput, now = new Date()) {
  assertFutureExpiry(input.expiresAt, now.getTime());
  return await transaction(db, async (tx) => {
    const me = await loadPerson(tx, actor);
    const decision = canCreateUserKey(me.membership, me.account);
    if (!decision.ok) throw forbidden(decision.reason);
    const expiresAt = expiryWithinPolicy(input.expiresAt, me.account.maxKeyLifetimeDays, now.getTime());
    return insertKey(tx, "user", me.account.id, { ...input, expiresAt }, me, now);
  });
}

/** The user's own keys, in every account they were created in. */
export async function listOwnKeys(db: DB, userId: string) {
  return await db
    .select({ key: apiKeys, accountName: accounts.name, maxLifetimeDays: accounts.maxKeyLifetimeDays })
    .from(apiKeys)
    .innerJoin(accounts, eq(accounts.id, apiKeys.accountId))
    .where(and(eq(apiKeys.kind, "user"), eq(apiKeys.ownerUserId, userId)))
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id));
}

/** Only the owner of a user key edits it; anyone else's key looks missing. */
async function loadOwnKey(tx: Tx, userId: string, keyId: string): Promise<ApiKey> {
  const key = await first(
    tx
      .select()
      .from(apiKeys)
      .where(and(eq(apiKeys.id, keyId), eq(apiKeys.kind, "user"), eq(apiKeys.ownerUserId, userId))),
  );
  if (!key) throw notFound("No such API key.");
  return key;
}

/** The person acting on their own keys (in any account they belong to). */
async function ownUser(tx: Tx, actor: Pick<Actor, "userId">) {
  if (!actor.userId) throw forbidden("Only a signed-in person manages their own keys.");
  const user = await first(tx.select().from(users).where(eq(users.id, actor.userId)));
  if (!user) throw forbidden("Sign in again.");
  return user;
}

export async function updateOwnKey(
  db: DB,
  actor: Pick<Actor, "userId" | "ip">,
  keyId: string,
  edit: KeyEdit,
  now = new Date(),
) {
  return await transaction(db, async (tx) => {
    const user = await ownUser(tx, actor);
    const key = await loadOwnKey(tx, user.id, keyId);
    return editKey(tx, key, edit, asPerson(user, actor.ip), now);
  });
}

export async function setOwnKeyStatus(
  db: DB,
  actor: Pick<Actor, "userId" | "ip">,
  keyId: string,
  status: "active" | "disabled",
  acknowledgeLeak = false,
) {
  return await transaction(db, async (tx) => {
    const user = await ownUser(tx, actor);
    const key = await loadOwnKey(tx, user.id, keyId);
    return changeStatus(tx, key, status, acknowledgeLeak, asPerson(user, actor.ip));
  });
}

export async function deleteOwnKey(db: DB, actor: Pick<Actor, "userId" | "ip">, keyId: string) {
  return await transaction(db, async (tx) => {
    const user = await ownUser(tx, actor);
    const key = await loadOwnKey(tx, user.id, keyId);
    await tx.delete(apiKeys).where(and(eq(apiKeys.id, key.id), eq(apiKeys.ownerUserId, user.id)));
    await recordAudit(tx, {
      accountId: key.accountId,
      ...doneBy(asPerson(user, actor.ip)),
      action: "api_key.deleted",
      target: keyTarget(key),
      details: { kind: key.kind, hint: key.hint },
    });
    return { id: key.id };
  });
}
