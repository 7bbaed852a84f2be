// The team server actions, called directly as a signed-in user would call them (no UI), on a real
// SQLite file: every refusal must come from the server.
import { first } from "@latchkey/domain/db/query";
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { apiKeys, auditEvents, invitations, memberships, users } from "@latchkey/domain/db/schema";
import { generateToken } from "@latchkey/domain/tokens";
import { actAs, addMember, makeAccount, makeTeam, makeUser, roleOf, testDb } from "@/test/fixtures";
import { acceptInvite } from "@/app/(auth)/invite/[token]/actions";
import { switchAccount } from "@/app/(console)/actions";
import {
  leaveAccountAction,
  renameAccountAction,
  changePlanAction,
  setRestrictKeyCreationAction,
} from "../general/actions";
import {
  changeRoleAction,
  inviteMemberAction,
  removeMemberAction,
  revokeInvitationAction,
  setKeyCreationGrantAction,
  transferOwnershipAction,
} from "./actions";

const db = testDb();
const auditActions = async (accountId: string) =>
  (await db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.accountId, accountId))).map(
    (e) => e.action,
  );

async function giveUserKeys(userId: string, accountId: string, n: number) {
  for (let i = 0; i < n; i++) {
    const t = generateToken("user");
    await db.insert(apiKeys).values({
      id: randomUUID(),
      kind: "user",
      name: `k${i}`,
      tokenHash: t.hash,
      hint: t.hint,
      ownerUserId: userId,
      accountId,
      createdBy: userId,
    });
  }
}

describe("inviting", () => {
  it("an owner invites; the invitation is single-use, stored as a hash, and audited", async () => {
    const { account, owner } = await makeTeam();
    await actAs(owner, account.id);
    const result = await inviteMemberAction({ email: "New.Person@Example.test", role: "read_write" });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.email).toBe("new.person@example.test");
    const row = (await first(db.select().from(invitations).where(eq(invitations.id, result.data.id))))!;
    expect(row.tokenHash).not.toContain(result.data.token);
    expect(row.expiresAt.getTime() - Date.now()).toBeGreaterThan(6.9 * 24 * 3600 * 1000);
    expect(await auditActions(account.id)).toContain("member.invited");
    expect(JSON.stringify(await db.select().from(auditEvents))).not.toContain(result.data.token);
  });

  it.each(["writer", "reader"] as const)("a %s member cannot invite", async (who) => {
    const team = await makeTeam();
    await actAs(team[who], team.account.id);
    const result = await inviteMemberAction({ email: "x@example.test", role: "read_only" });
    expect(result).toMatchObject({ ok: false, code: "forbidden" });
    expect(await db.select().from(invitations).where(eq(invitations.accountId, team.account.id))).toHaveLength(0);
  });

  it("an admin cannot invite an owner, but can invite an admin", async () => {
    const { account, admin } = await makeTeam();
    await actAs(admin, account.id);
    expect(await inviteMemberAction({ email: "boss@example.test", role: "owner" })).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    expect((await inviteMemberAction({ email: "peer@example.test", role: "admin" })).ok).toBe(true);
  });

  it("rejects bad input with field errors instead of throwing", async () => {
    const { account, owner } = await makeTeam();
    await actAs(owner, account.id);
    const result = await inviteMemberAction({ email: "not-an-email", role: "emperor" });
    expect(result).toMatchObject({ ok: false, code: "validation_failed" });
    if (!result.ok) expect(Object.keys(result.fieldErrors ?? {}).sort()).toEqual(["email", "role"]);
    expect((await inviteMemberAction(undefined)).ok).toBe(false);
  });

  it("refuses to invite an existing member", async () => {
    const { account, owner, reader } = await makeTeam();
    await actAs(owner, account.id);
    expect(await inviteMemberAction({ email: reader.email, role: "admin" })).toMatchObject({
      ok: false,
      code: "conflict",
    });
  });

  it("refuses a signed-out caller", async () => {
    const { account } = await makeTeam();
    expect(await inviteMemberAction({ email: "a@example.test", role: "read_only" })).toMatchObject({
      ok: false,
      code: "unauthenticated",
    });
    expect(await db.select().from(invitations).where(eq(invitations.accountId, account.id))).toHaveLength(0);
  });
});

describe("accepting and revoking invitations", () => {
  async function invite(role: "admin" | "read_only" = "read_only") {
    const team = await makeTeam();
    const invitee = await makeUser("Invitee");
    await actAs(team.owner, team.account.id);
    const result = await inviteMemberAction({ email: invitee.email, role });
    if (!result.ok) throw new Error(result.error);
    return { ...team, invitee, token: result.data.token, invitationId: result.data.id };
  }

  it("the invited user joins with the invited role, once", async () => {
    const { account, invitee, token } = await invite("admin");
    await actAs(invitee);
    expect(await acceptInvite({ token })).toMatchObject({ ok: true, data: { accountId: account.id, role: "admin" } });
    expect(await roleOf(account.id, invitee.id)).toBe("admin");
    expect(await auditActions(account.id)).toContain("member.joined");
    const again = await acceptInvite({ token });
    expect(again).toMatchObject({ ok: false });
    if (!again.ok) expect(again.error).toMatch(/already been used/);
  });

  it("someone else cannot use an invitation meant for another address", async () => {
    const { account, token } = await invite();
    const stranger = await makeUser("Stranger");
    await actAs(stranger);
    const result = await acceptInvite({ token });
    expect(result).toMatchObject({ ok: false, code: "forbidden" });
    expect(await roleOf(account.id, stranger.id)).toBeUndefined();
  });

  it("an expired invitation is refused", async () => {
    const { account, invitee, token, invitationId } = await invite();
    await db
      .update(invitations)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(invitations.id, invitationId));
    await actAs(invitee);
    const result = await acceptInvite({ token });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/expired/);
    expect(await roleOf(account.id, invitee.id)).toBeUndefined();
  });

  it("a revoked invitation is refused; only owners and admins revoke", async () => {
    const { account, owner, reader, invitee, token, invitationId } = await invite();
    await actAs(reader, account.id);
    expect(await revokeInvitationAction({ invitationId })).toMatchObject({ ok: false, code: "forbidden" });
    await actAs(owner, account.id);
    expect((await revokeInvitationAction({ invitationId })).ok).toBe(true);
    await actAs(invitee);
    expect((await acceptInvite({ token })).ok).toBe(false);
    expect(await roleOf(account.id, invitee.id)).toBeUndefined();
  });

  it("an unknown token is refused", async () => {
    await actAs(await makeUser("Anyone"));
    expect(await acceptInvite({ token: "nope" })).toMatchObject({ ok: false, code: "not_found" });
  });

  it("revoking another account's invitation looks like a missing one", async () => {
    const { invitationId } = await invite();
    const other = await makeTeam();
    await actAs(other.owner, other.account.id);
    expect(await revokeInvitationAction({ invitationId })).toMatchObject({ ok: false, code: "not_found" });
  });
});

describe("changing roles", () => {
  it("an owner changes a role, audited with from and to", async () => {
    const { account, owner, reader } = await makeTeam();
    await actAs(owner, account.id);
    expect(await changeRoleAction({ userId: reader.id, role: "read_write" })).toEqual({
      ok: true,
      data: { role: "read_write" },
    });
    expect(await roleOf(account.id, reader.id)).toBe("read_write");
    const event = await first(
      db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.accountId, account.id), eq(auditEvents.action, "member.role_changed"))),
    );
    expect(event?.details).toEqual({ from: "read_only", to: "read_write" });
  });

  it("an admin cannot demote an owner", async () => {
    const { account, admin, owner } = await makeTeam();
    await actAs(admin, account.id);
    expect(await changeRoleAction({ userId: owner.id, role: "read_only" })).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    expect(await roleOf(account.id, owner.id)).toBe("owner");
  });

  it("an admin cannot grant owner", async () => {
    const { account, admin, writer } = await makeTeam();
    await actAs(admin, account.id);
    expect(await changeRoleAction({ userId: writer.id, role: "owner" })).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    expect(await roleOf(account.id, writer.id)).toBe("read_write");
  });

  it("an admin may change another admin or lower", async () => {
    const { account, admin, writer } = await makeTeam();
    await actAs(admin, account.id);
    expect((await changeRoleAction({ userId: writer.id, role: "admin" })).ok).toBe(true);
  });

  it("the last owner cannot be demoted, even by themselves", async () => {
    const { account, owner } = await makeTeam();
    await actAs(owner, account.id);
    const result = await changeRoleAction({ userId: owner.id, role: "admin" });
    expect(result).toMatchObject({ ok: false, code: "forbidden" });
    if (!result.ok) expect(result.error).toMatch(/at least one owner/);
    expect(await roleOf(account.id, owner.id)).toBe("owner");
  });

  it("an owner can step down once there is another owner", async () => {
    const { account, owner, admin } = await makeTeam();
    await actAs(owner, account.id);
    expect((await changeRoleAction({ userId: admin.id, role: "owner" })).ok).toBe(true);
    expect((await changeRoleAction({ userId: owner.id, role: "admin" })).ok).toBe(true);
    expect(await roleOf(account.id, owner.id)).toBe("admin");
  });

  it.each(["writer", "reader"] as const)("a %s member cannot change roles", async (who) => {
    const team = await makeTeam();
    await actAs(team[who], team.account.id);
    expect(await changeRoleAction({ userId: team.reader.id, role: "admin" })).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    expect(await roleOf(team.account.id, team.reader.id)).toBe("read_only");
  });

  it("cannot act on another account's member", async () => {
    const mine = await makeTeam();
    const theirs = await makeTeam();
    await actAs(mine.owner, mine.account.id);
    expect(await changeRoleAction({ userId: theirs.reader.id, role: "admin" })).toMatchObject({
      ok: false,
      code: "not_found",
    });
    expect(await roleOf(theirs.account.id, theirs.reader.id)).toBe("read_only");
  });

  it("an account the caller is not in cannot be targeted through a forged account cookie", async () => {
    const mine = await makeTeam();
    const theirs = await makeTeam();
    await actAs(mine.owner, theirs.account.id);
    // The cookie names an account the user is not a member of: the session falls back to their own.
    expect(await changeRoleAction({ userId: theirs.reader.id, role: "admin" })).toMatchObject({
      ok: false,
      code: "not_found",
    });
    expect(await roleOf(theirs.account.id, theirs.reader.id)).toBe("read_only");
  });
});

describe("removing members", () => {
  it("removal counts the member's user keys, keeps them, and is audited in the same transaction", async () => {
    const { account, owner, writer } = await makeTeam();
    await giveUserKeys(writer.id, account.id, 3);
    await actAs(owner, account.id);
    expect(await removeMemberAction({ userId: writer.id })).toEqual({ ok: true, data: { keysAffected: 3 } });
    expect(await roleOf(account.id, writer.id)).toBeUndefined();
    const event = await first(
      db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.accountId, account.id), eq(auditEvents.action, "member.removed"))),
    );
    expect(event?.details).toMatchObject({ keysAffected: 3, role: "read_write" });
    expect(event?.targetName).toBe(writer.email);
  });

  it("an admin cannot remove an owner", async () => {
    const { account, admin, owner } = await makeTeam();
    await actAs(admin, account.id);
    expect(await removeMemberAction({ userId: owner.id })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await roleOf(account.id, owner.id)).toBe("owner");
  });

  it("the last owner cannot be removed", async () => {
    const { account, owner } = await makeTeam();
    await actAs(owner, account.id);
    expect(await removeMemberAction({ userId: owner.id })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await roleOf(account.id, owner.id)).toBe("owner");
  });

  it.each(["writer", "reader"] as const)("a %s member cannot remove anyone", async (who) => {
    const team = await makeTeam();
    await actAs(team[who], team.account.id);
    expect(
      await removeMemberAction({ userId: team.reader.id === team[who].id ? team.writer.id : team.reader.id }),
    ).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    expect(await db.select().from(memberships).where(eq(memberships.accountId, team.account.id))).toHaveLength(4);
  });

  it("cannot remove another account's member", async () => {
    const mine = await makeTeam();
    const theirs = await makeTeam();
    await actAs(mine.owner, mine.account.id);
    expect(await removeMemberAction({ userId: theirs.writer.id })).toMatchObject({ ok: false, code: "not_found" });
    expect(await roleOf(theirs.account.id, theirs.writer.id)).toBe("read_write");
  });

  it("a removed member loses the account at once: their next action in it is refused", async () => {
    const { account, owner, admin, reader } = await makeTeam();
    await actAs(owner, account.id);
    await removeMemberAction({ userId: admin.id });
    await actAs(admin, account.id);
    expect(await removeMemberAction({ userId: reader.id })).toMatchObject({ ok: false });
    expect(await roleOf(account.id, reader.id)).toBe("read_only");
  });
});

describe("leaving and transferring ownership", () => {
  it("members may leave; the last owner may not", async () => {
    const { account, owner, writer } = await makeTeam();
    await actAs(writer, account.id);
    expect((await leaveAccountAction({})).ok).toBe(true);
    expect(await roleOf(account.id, writer.id)).toBeUndefined();
    await actAs(owner, account.id);
    expect(await leaveAccountAction({})).toMatchObject({ ok: false, code: "forbidden" });
    expect(await roleOf(account.id, owner.id)).toBe("owner");
    expect(await auditActions(account.id)).toContain("member.left");
  });

  it("an owner transfers ownership and becomes an admin; others cannot", async () => {
    const { account, owner, admin, writer } = await makeTeam();
    await actAs(admin, account.id);
    expect(await transferOwnershipAction({ userId: writer.id })).toMatchObject({ ok: false, code: "forbidden" });
    await actAs(owner, account.id);
    expect((await transferOwnershipAction({ userId: writer.id })).ok).toBe(true);
    expect(await roleOf(account.id, writer.id)).toBe("owner");
    expect(await roleOf(account.id, owner.id)).toBe("admin");
    expect(await auditActions(account.id)).toContain("account.ownership_transferred");
  });
});

describe("account settings", () => {
  it("owners and admins rename; others are refused", async () => {
    const { account, admin, writer } = await makeTeam();
    await actAs(writer, account.id);
    expect(await renameAccountAction({ name: "Hacked" })).toMatchObject({ ok: false, code: "forbidden" });
    await actAs(admin, account.id);
    expect(await renameAccountAction({ name: "  Renamed  " })).toEqual({ ok: true, data: { name: "Renamed" } });
    expect(await renameAccountAction({ name: "" })).toMatchObject({ ok: false, code: "validation_failed" });
  });

  it("only the owner changes the plan", async () => {
    const { account, owner, admin } = await makeTeam();
    await actAs(admin, account.id);
    expect(await changePlanAction({ plan: "enterprise" })).toMatchObject({ ok: false, code: "forbidden" });
    await actAs(owner, account.id);
    expect(await changePlanAction({ plan: "enterprise" })).toEqual({ ok: true, data: { plan: "enterprise" } });
    expect(await changePlanAction({ plan: "platinum" })).toMatchObject({ ok: false, code: "validation_failed" });
  });

  it("the restriction setting and grants are for owners and admins", async () => {
    const { account, admin, reader, writer } = await makeTeam();
    await actAs(reader, account.id);
    expect(await setRestrictKeyCreationAction({ restrict: true })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await setKeyCreationGrantAction({ userId: reader.id, granted: true })).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    await actAs(admin, account.id);
    expect(await setRestrictKeyCreationAction({ restrict: true })).toEqual({ ok: true, data: { restrict: true } });
    expect(await setKeyCreationGrantAction({ userId: writer.id, granted: true })).toEqual({
      ok: true,
      data: { granted: true },
    });
    expect(await auditActions(account.id)).toEqual(
      expect.arrayContaining(["account.key_creation_restricted", "member.key_creation_granted"]),
    );
  });
});

describe("sessions and the account switcher", () => {
  it("a deleted user is signed out at once", async () => {
    const { account, owner, reader } = await makeTeam();
    const ghost = await makeUser("Ghost");
    await addMember(account.id, ghost, "admin");
    await actAs(ghost, account.id);
    await db.delete(users).where(eq(users.id, ghost.id));
    expect(await removeMemberAction({ userId: reader.id })).toMatchObject({ ok: false, code: "unauthenticated" });
    void owner;
  });

  it("a session issued before 'sign out everywhere' is void", async () => {
    const { account, owner, reader } = await makeTeam();
    await actAs(owner, account.id);
    await db.update(users).set({ sessionVersion: 1 }).where(eq(users.id, owner.id));
    expect(await removeMemberAction({ userId: reader.id })).toMatchObject({ ok: false, code: "unauthenticated" });
  });

  it("switching to an account the user is not in is refused", async () => {
    const { account, owner } = await makeTeam();
    const elsewhere = await makeAccount();
    await actAs(owner, account.id);
    expect(await switchAccount({ accountId: elsewhere.id })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await switchAccount({ accountId: account.id })).toMatchObject({ ok: true });
  });
});
