// User keys (SPEC section 3): a person's own keys, created in their current account, working in every
// account they belong to. Only their owner edits them; anyone else's look missing.
import { and, desc, eq } from "drizzle-orm";
import { accounts, apiKeys, users, type ApiKey } from "@/db/schema";
import type { DB } from "@/db/connection";
import { loadPerson, personAudit, type Actor } from "../actor";
import { recordAudit, type Tx } from "../audit";
import { forbidden, notFound } from "../errors";
import { canCreateUserKey } from "../policy";
import { changeStatus, editKey, insertKey, type KeyEdit, type KeyInput } from "./key-records";
import { assertFutureExpiry, expiryWithinPolicy } from "./schemas";

/** A user key, created in the caller's current account (which decides whether creation is restricted). */
export function createUserKey(db: DB, actor: Actor, input: KeyInput, now = new Date()) {
  assertFutureExpiry(input.expiresAt, now.getTime());
  return db.transaction(
    (tx) => {
      const me = loadPerson(tx, actor);
      const decision = canCreateUserKey(me.membership, me.account);
      if (!decision.ok) throw forbidden(decision.reason);
      const expiresAt = expiryWithinPolicy(input.expiresAt, me.account.maxKeyLifetimeDays, now.getTime());
      return insertKey(tx, "user", me.account.id, { ...input, expiresAt }, me, now);
    },
    { behavior: "immediate" },
  );
}

/** The user's own keys, in every account they were created in. */
export function listOwnKeys(db: DB, userId: string) {
  return db
    .select({ key: apiKeys, accountName: accounts.name })
    .from(apiKeys)
    .innerJoin(accounts, eq(accounts.id, apiKeys.accountId))
    .where(and(eq(apiKeys.kind, "user"), eq(apiKeys.ownerUserId, userId)))
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id))
    .all();
}

/** Only the owner of a user key edits it; anyone else's key looks missing. */
function loadOwnKey(tx: Tx, userId: string, keyId: string): ApiKey {
  const key = tx
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.id, keyId), eq(apiKeys.kind, "user"), eq(apiKeys.ownerUserId, userId)))
    .get();
  if (!key) throw notFound("No such API key.");
  return key;
}

/** The person acting on their own keys (in any account they belong to). */
function ownUser(tx: Tx, actor: Pick<Actor, "userId">) {
  if (!actor.userId) throw forbidden("Only a signed-in person manages their own keys.");
  const user = tx.select().from(users).where(eq(users.id, actor.userId)).get();
  if (!user) throw forbidden("Sign in again.");
  return user;
}

export function updateOwnKey(db: DB, actor: Pick<Actor, "userId" | "ip">, keyId: string, edit: KeyEdit, now = new Date()) {
  return db.transaction(
    (tx) => {
      const user = ownUser(tx, actor);
      const key = loadOwnKey(tx, user.id, keyId);
      return editKey(tx, key, edit, { audit: personAudit(user), ip: actor.ip ?? null }, now);
    },
    { behavior: "immediate" },
  );
}

export function setOwnKeyStatus(db: DB, actor: Pick<Actor, "userId" | "ip">, keyId: string, status: "active" | "disabled", acknowledgeLeak = false) {
  return db.transaction(
    (tx) => {
      const user = ownUser(tx, actor);
      const key = loadOwnKey(tx, user.id, keyId);
      return changeStatus(tx, key, status, acknowledgeLeak, { audit: personAudit(user), ip: actor.ip ?? null });
    },
    { behavior: "immediate" },
  );
}

export function deleteOwnKey(db: DB, actor: Pick<Actor, "userId" | "ip">, keyId: string) {
  return db.transaction(
    (tx) => {
      const user = ownUser(tx, actor);
      const key = loadOwnKey(tx, user.id, keyId);
      tx.delete(apiKeys).where(and(eq(apiKeys.id, key.id), eq(apiKeys.ownerUserId, user.id))).run();
      recordAudit(tx, {
        accountId: key.accountId,
        actor: personAudit(user),
        action: "api_key.deleted",
        target: { type: "api_key", id: key.id, name: key.name },
        details: { kind: key.kind, hint: key.hint },
        ip: actor.ip,
      });
      return { id: key.id };
    },
    { behavior: "immediate" },
  );
}
