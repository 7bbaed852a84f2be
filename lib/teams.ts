import { first, only } from "@/db/query";
import { transaction } from "@/db/transaction";
import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, gt, isNull, sql } from "drizzle-orm";
import { accounts, apiKeys, invitations, memberships, users, type Invitation, type Role } from "@/db/schema";
import type { DB } from "@/db/connection";
import { doneBy, invitationTarget, memberTarget, personAudit, recordAudit, type Tx } from "./audit";
import { authorizedPerson, loadActor, loadPerson, ownerCount, type Actor } from "./actor";
import { forbidden, notFound, PublicError } from "./errors";
import {
  authorize,
  canChangeRole,
  canGrantRole,
  canLeaveAccount,
  canRemoveMember,
  canTransferOwnership,
  type Decision,
} from "./policy";
import { generateSecret, hashToken } from "./tokens";
import { normalizeEmail } from "./accounts";

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

function enforce(decision: Decision): void {
  if (!decision.ok) throw forbidden(decision.reason);
}

async function loadMember(tx: Tx, accountId: string, userId: string) {
  const row = await first(
    tx
      .select({ membership: memberships, user: users })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.accountId, accountId), eq(memberships.userId, userId))),
  );
  // Another account's member looks exactly like a missing one.
  if (!row) throw notFound("No such member in this account.");
  return row;
}

/** The member's user keys: all of them stop working in this account when the member leaves it. */
export async function countMemberKeys(tx: Tx, userId: string): Promise<number> {
  return (
    (
      await first(
        tx
          .select({ n: sql<number>`count(*)` })
          .from(apiKeys)
          .where(and(eq(apiKeys.kind, "user"), eq(apiKeys.ownerUserId, userId))),
      )
    )?.n ?? 0
  );
}

/** Counts a member's user keys (see countMemberKeys) with the owner index, inside the member query. */
const memberKeyCount = sql<number>`(SELECT count(*) FROM ${apiKeys} WHERE ${apiKeys.kind} = 'user' AND ${apiKeys.ownerUserId} = ${users.id})`;

export async function listMembers(db: DB, who: Actor) {
  const actor = await loadActor(db, who);
  authorize(actor, "members.read");
  const { accountId } = actor;
  return await db
    .select({
      userId: users.id,
      name: users.name,
      email: users.email,
      role: memberships.role,
      canCreateKeys: memberships.canCreateKeys,
      joinedAt: memberships.joinedAt,
      keyCount: memberKeyCount,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.accountId, accountId))
    .orderBy(asc(memberships.joinedAt), asc(users.email));
}

export async function listPendingInvitations(db: DB, actor: Actor, now = new Date()) {
  await authorizedPerson(db, actor, "members.manage");
  return await db
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      expiresAt: invitations.expiresAt,
      createdAt: invitations.createdAt,
      invitedBy: users.name,
    })
    .from(invitations)
    .leftJoin(users, eq(users.id, invitations.invitedBy))
    .where(
      and(
        eq(invitations.accountId, actor.accountId),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, now),
      ),
    )
    .orderBy(desc(invitations.createdAt));
}

/** Creates a single-use invitation; the returned token goes into the link shown once to the inviter. */
export async function inviteMember(db: DB, actor: Actor, input: { email: string; role: Role }, now = new Date()) {
  const email = normalizeEmail(input.email);
  return await transaction(db, async (tx) => {
    const me = await authorizedPerson(tx, actor, "members.manage", "Only owners and admins can invite members.");
    const { user, account, membership } = me;
    enforce(canGrantRole(membership.role, input.role));
    const existing = await first(
      tx
        .select({ id: users.id })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(and(eq(memberships.accountId, account.id), eq(users.email, email))),
    );
    if (existing) throw new PublicError("conflict", `${email} is already a member of this account.`);
    // A new invitation replaces any pending one for the same address.
    await tx
      .update(invitations)
      .set({ revokedAt: now })
      .where(
        and(
          eq(invitations.accountId, account.id),
          eq(invitations.email, email),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
        ),
      );
    const secret = generateSecret();
    const invitation = await only(
      tx
        .insert(invitations)
        .values({
          id: randomUUID(),
          accountId: account.id,
          email,
          role: input.role,
          tokenHash: secret.hash,
          invitedBy: user.id,
          expiresAt: new Date(now.getTime() + INVITATION_TTL_MS),
          createdAt: now,
        })
        .returning(),
    );
    await recordAudit(tx, {
      accountId: account.id,
      ...doneBy(me),
      action: "member.invited",
      target: invitationTarget(invitation),
      details: { role: input.role },
    });
    return { invitation, token: secret.token };
  });
}

export async function revokeInvitation(db: DB, actor: Actor, invitationId: string, now = new Date()) {
  return await transaction(db, async (tx) => {
    const me = await authorizedPerson(tx, actor, "members.manage", "Only owners and admins can revoke invitations.");
    const { account } = me;
    const invitation = await first(
      tx
        .select()
        .from(invitations)
        .where(and(eq(invitations.id, invitationId), eq(invitations.accountId, account.id))),
    );
    if (!invitation || invitation.acceptedAt || invitation.revokedAt) throw notFound("No such pending invitation.");
    await tx
      .update(invitations)
      .set({ revokedAt: now })
      .where(and(eq(invitations.id, invitation.id), eq(invitations.accountId, account.id)));
    await recordAudit(tx, {
      accountId: account.id,
      ...doneBy(me),
      action: "member.invitation_revoked",
      target: invitationTarget(invitation),
    });
    return { id: invitation.id };
  });
}

export type InvitationState = "valid" | "expired" | "used" | "revoked" | "not_found";

function invitationState(invitation: Invitation | undefined, now: Date): InvitationState {
  if (!invitation) return "not_found";
  if (invitation.acceptedAt) return "used";
  if (invitation.revokedAt) return "revoked";
  return invitation.expiresAt.getTime() <= now.getTime() ? "expired" : "valid";
}

/** What the invite page shows for a link, without accepting it. */
export async function lookupInvitation(db: DB, token: string, now = new Date()) {
  const row = await first(
    db
      .select({ invitation: invitations, accountName: accounts.name, inviterName: users.name })
      .from(invitations)
      .innerJoin(accounts, eq(accounts.id, invitations.accountId))
      .leftJoin(users, eq(users.id, invitations.invitedBy))
      .where(eq(invitations.tokenHash, hashToken(token))),
  );
  if (!row) return { state: "not_found" as const };
  const { invitation } = row;
  const state = invitationState(invitation, now);
  return {
    state,
    email: invitation.email,
    role: invitation.role,
    accountId: invitation.accountId,
    accountName: row.accountName,
    inviterName: row.inviterName,
    expiresAt: invitation.expiresAt,
  };
}

const INVITATION_REFUSALS: Record<Exclude<InvitationState, "valid">, string> = {
  not_found: "This invitation link is not valid.",
  expired: "This invitation has expired. Ask for a new one.",
  used: "This invitation has already been used.",
  revoked: "This invitation was revoked.",
};

/** The signed-in user joins the account with the invited role. The invitation's email must be theirs. */
export async function acceptInvitation(db: DB, userId: string, token: string, ip?: string | null, now = new Date()) {
  return await transaction(db, async (tx) => {
    const invitation = await first(
      tx
        .select()
        .from(invitations)
        .where(eq(invitations.tokenHash, hashToken(token))),
    );
    const state = invitationState(invitation, now);
    if (state !== "valid" || !invitation)
      throw new PublicError("not_found", INVITATION_REFUSALS[state as Exclude<InvitationState, "valid">]);
    const user = await first(tx.select().from(users).where(eq(users.id, userId)));
    if (!user) throw forbidden("Sign in to accept this invitation.");
    if (user.email !== invitation.email)
      throw forbidden(`This invitation was sent to ${invitation.email}. Sign in with that address to accept it.`);
    const already = await first(
      tx
        .select({ role: memberships.role })
        .from(memberships)
        .where(and(eq(memberships.accountId, invitation.accountId), eq(memberships.userId, user.id))),
    );
    await tx
      .update(invitations)
      .set({ acceptedAt: now, acceptedBy: user.id })
      .where(and(eq(invitations.id, invitation.id), eq(invitations.accountId, invitation.accountId)));
    if (!already) {
      await tx
        .insert(memberships)
        .values({ accountId: invitation.accountId, userId: user.id, role: invitation.role, joinedAt: now });
      await recordAudit(tx, {
        accountId: invitation.accountId,
        actor: personAudit(user),
        action: "member.joined",
        target: memberTarget(user),
        details: { role: invitation.role },
        ip,
      });
    }
    return { accountId: invitation.accountId, role: already?.role ?? invitation.role };
  });
}

export async function changeMemberRole(db: DB, actor: Actor, targetUserId: string, role: Role) {
  return await transaction(db, async (tx) => {
    const me = await authorizedPerson(tx, actor, "members.manage", "Only owners and admins can change roles.");
    const { account, membership } = me;
    const target = await loadMember(tx, account.id, targetUserId);
    enforce(
      canChangeRole({
        actor: membership.role,
        target: target.membership.role,
        next: role,
        ownerCount: await ownerCount(tx, account.id),
      }),
    );
    if (target.membership.role === role) return { role };
    await tx
      .update(memberships)
      .set({ role })
      .where(and(eq(memberships.accountId, account.id), eq(memberships.userId, targetUserId)));
    await recordAudit(tx, {
      accountId: account.id,
      ...doneBy(me),
      action: "member.role_changed",
      target: memberTarget(target.user),
      details: { from: target.membership.role, to: role },
    });
    return { role };
  });
}

/**
 * Removes a member, from the console or the API; their user keys lose access to this account at once
 * (membership is checked on every request). Service keys they created are untouched.
 */
export async function removeMember(db: DB, who: Actor, targetUserId: string) {
  return await transaction(db, async (tx) => {
    const actor = await loadActor(tx, who);
    authorize(actor, "members.manage", "Only owners and admins can remove members.");
    const target = await loadMember(tx, actor.accountId, targetUserId);
    enforce(canRemoveMember(actor.role, target.membership.role, await ownerCount(tx, actor.accountId)));
    const keysAffected = await countMemberKeys(tx, targetUserId);
    await tx
      .delete(memberships)
      .where(and(eq(memberships.accountId, actor.accountId), eq(memberships.userId, targetUserId)));
    await recordAudit(tx, {
      accountId: actor.accountId,
      ...doneBy(actor),
      action: "member.removed",
      target: memberTarget(target.user),
      details: { role: target.membership.role, keysAffected },
    });
    return { keysAffected };
  });
}

export async function leaveAccount(db: DB, actor: Actor) {
  return await transaction(db, async (tx) => {
    const me = await loadPerson(tx, actor);
    const { user, account, membership } = me;
    enforce(canLeaveAccount(membership.role, await ownerCount(tx, account.id)));
    const keysAffected = await countMemberKeys(tx, user.id);
    await tx.delete(memberships).where(and(eq(memberships.accountId, account.id), eq(memberships.userId, user.id)));
    await recordAudit(tx, {
      accountId: account.id,
      ...doneBy(me),
      action: "member.left",
      target: memberTarget(user),
      details: { role: membership.role, keysAffected },
    });
    return { keysAffected };
  });
}

/** The target becomes an owner and the caller steps down to admin, in one transaction. */
export async function transferOwnership(db: DB, actor: Actor, targetUserId: string) {
  return await transaction(db, async (tx) => {
    const me = await loadPerson(tx, actor);
    const { user, account, membership } = me;
    enforce(canTransferOwnership(membership.role));
    if (targetUserId === user.id) throw new PublicError("conflict", "You already own this account.");
    const target = await loadMember(tx, account.id, targetUserId);
    await tx
      .update(memberships)
      .set({ role: "owner" })
      .where(and(eq(memberships.accountId, account.id), eq(memberships.userId, targetUserId)));
    await tx
      .update(memberships)
      .set({ role: "admin" })
      .where(and(eq(memberships.accountId, account.id), eq(memberships.userId, user.id)));
    await recordAudit(tx, {
      accountId: account.id,
      ...doneBy(me),
      action: "account.ownership_transferred",
      target: memberTarget(target.user),
      details: { previousRole: target.membership.role },
    });
    return { ok: true };
  });
}

/** Grants or revokes a member's right to create user keys while the account restricts creation. */
export async function setKeyCreationGrant(db: DB, actor: Actor, targetUserId: string, granted: boolean) {
  return await transaction(db, async (tx) => {
    const me = await authorizedPerson(tx, actor, "account.update", "Only owners and admins can grant key creation.");
    const { account } = me;
    const target = await loadMember(tx, account.id, targetUserId);
    if (target.membership.canCreateKeys === granted) return { granted };
    await tx
      .update(memberships)
      .set({ canCreateKeys: granted })
      .where(and(eq(memberships.accountId, account.id), eq(memberships.userId, targetUserId)));
    await recordAudit(tx, {
      accountId: account.id,
      ...doneBy(me),
      action: granted ? "member.key_creation_granted" : "member.key_creation_revoked",
      target: memberTarget(target.user),
    });
    return { granted };
  });
}
