// The team server actions, called directly as a signed-in user would call them (no UI), on a real
// SQLite file: every refusal must come from the server.
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { apiKeys, auditEvents, invitations, memberships, users } from "@/db/schema";
import { generateToken } from "@/lib/tokens";
import { actAs, addMember, makeAccount, makeTeam, makeUser, roleOf, testDb } from "@/test/fixtures";
import { acceptInvite } from "@/app/(auth)/invite/[token]/actions";
import { switchAccount } from "@/app/(console)/actions";
import { leaveAccountAction, renameAccountAction, changePlanAction, setRestrictKeyCreationAction } from "../general/actions";
import {
  changeRoleAction,
  inviteMemberAction,
  removeMemberAction,
  revokeInvitationAction,
  setKeyCreationGrantAction,
  transferOwnershipAction,
} from "./actions";

const db = testDb();
const auditActions = (accountId: string) =>
  db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.accountId, accountId)).all().map((e) => e.action);

function giveUserKeys(userId: string, accountId: string, n: number) {
  for (let i = 0; i < n; i++) {
    const t = generateToken("user");
    db.insert(apiKeys).values({ id: randomUUID(), kind: "user", name: `k${i}`, tokenHash: t.hash, hint: t.hint, ownerUserId: userId, accountId, createdBy: userId }).run();
  }
}

describe("inviting", () => {
  it("an owner invites; the invitation is single-use, stored as a hash, and audited", async () => {
    const { account, owner } = makeTeam();
    actAs(owner, account.id);
    const result = await inviteMemberAction({ email: "New.Person@Example.test", role: "read_write" });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.email).toBe("new.person@example.test");
    const row = db.select().from(invitations).where(eq(invitations.id, result.data.id)).get()!;
    expect(row.tokenHash).not.toContain(result.data.token);
    expect(row.expiresAt.getTime() - Date.now()).toBeGreaterThan(6.9 * 24 * 3600 * 1000);
    expect(auditActions(account.id)).toContain("member.invited");
    expect(JSON.stringify(db.select().from(auditEvents).all())).not.toContain(result.data.token);
  });

  it.each(["writer", "reader"] as const)("a %s member cannot invite", async (who) => {
    const team = makeTeam();
    actAs(team[who], team.account.id);
    const result = await inviteMemberAction({ email: "x@example.test", role: "read_only" });
    expect(result).toMatchObject({ ok: false, code: "forbidden" });
    expect(db.select().from(invitations).where(eq(invitations.accountId, team.account.id)).all()).toHaveLength(0);
  });

  it("an admin cannot invite an owner, but can invite an admin", async () => {
    const { account, admin } = makeTeam();
    actAs(admin, account.id);
    expect(await inviteMemberAction({ email: "boss@example.test", role: "owner" })).toMatchObject({ ok: false, code: "forbidden" });
    expect((await inviteMemberAction({ email: "peer@example.test", role: "admin" })).ok).toBe(true);
  });

  it("rejects bad input with field errors instead of throwing", async () => {
    const { account, owner } = makeTeam();
    actAs(owner, account.id);
    const result = await inviteMemberAction({ email: "not-an-email", role: "emperor" });
    expect(result).toMatchObject({ ok: false, code: "validation_failed" });
    if (!result.ok) expect(Object.keys(result.fieldErrors ?? {}).sort()).toEqual(["email", "role"]);
    expect((await inviteMemberAction(undefined)).ok).toBe(false);
  });

  it("refuses to invite an existing member", async () => {
    const { account, owner, reader } = makeTeam();
    actAs(owner, account.id);
    expect(await inviteMemberAction({ email: reader.email, role: "admin" })).toMatchObject({ ok: false, code: "conflict" });
  });

  it("refuses a signed-out caller", async () => {
    const { account } = makeTeam();
    expect(await inviteMemberAction({ email: "a@example.test", role: "read_only" })).toMatchObject({ ok: false, code: "unauthenticated" });
    expect(db.select().from(invitations).where(eq(invitations.accountId, account.id)).all()).toHaveLength(0);
  });
});

describe("accepting and revoking invitations", () => {
  async function invite(role: "admin" | "read_only" = "read_only") {
    const team = makeTeam();
    const invitee = makeUser("Invitee");
    actAs(team.owner, team.account.id);
    const result = await inviteMemberAction({ email: invitee.email, role });
    if (!result.ok) throw new Error(result.error);
    return { ...team, invitee, token: result.data.token, invitationId: result.data.id };
  }

  it("the invited user joins with the invited role, once", async () => {
    const { account, invitee, token } = await invite("admin");
    actAs(invitee);
    expect(await acceptInvite({ token })).toMatchObject({ ok: true, data: { accountId: account.id, role: "admin" } });
    expect(roleOf(account.id, invitee.id)).toBe("admin");
    expect(auditActions(account.id)).toContain("member.joined");
    const again = await acceptInvite({ token });
    expect(again).toMatchObject({ ok: false });
    if (!again.ok) expect(again.error).toMatch(/already been used/);
  });

  it("someone else cannot use an invitation meant for another address", async () => {
    const { account, token } = await invite();
    const stranger = makeUser("Stranger");
    actAs(stranger);
    const result = await acceptInvite({ token });
    expect(result).toMatchObject({ ok: false, code: "forbidden" });
    expect(roleOf(account.id, stranger.id)).toBeUndefined();
  });

  it("an expired invitation is refused", async () => {
    const { account, invitee, token, invitationId } = await invite();
    db.update(invitations).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(invitations.id, invitationId)).run();
    actAs(invitee);
    const result = await acceptInvite({ token });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/expired/);
    expect(roleOf(account.id, invitee.id)).toBeUndefined();
  });

  it("a revoked invitation is refused; only owners and admins revoke", async () => {
    const { account, owner, reader, invitee, token, invitationId } = await invite();
    actAs(reader, account.id);
    expect(await revokeInvitationAction({ invitationId })).toMatchObject({ ok: false, code: "forbidden" });
    actAs(owner, account.id);
    expect((await revokeInvitationAction({ invitationId })).ok).toBe(true);
    actAs(invitee);
    expect((await acceptInvite({ token })).ok).toBe(false);
    expect(roleOf(account.id, invitee.id)).toBeUndefined();
  });

  it("an unknown token is refused", async () => {
    actAs(makeUser("Anyone"));
    expect(await acceptInvite({ token: "nope" })).toMatchObject({ ok: false, code: "not_found" });
  });

  it("revoking another account's invitation looks like a missing one", async () => {
    const { invitationId } = await invite();
    const other = makeTeam();
    actAs(other.owner, other.account.id);
    expect(await revokeInvitationAction({ invitationId })).toMatchObject({ ok: false, code: "not_found" });
  });
});

describe("changing roles", () => {
  it("an owner changes a role, audited with from and to", async () => {
    const { account, owner, reader } = makeTeam();
    actAs(owner, account.id);
    expect(await changeRoleAction({ userId: reader.id, role: "read_write" })).toEqual({ ok: true, data: { role: "read_write" } });
    expect(roleOf(account.id, reader.id)).toBe("read_write");
    const event = db.select().from(auditEvents).where(and(eq(auditEvents.accountId, account.id), eq(auditEvents.action, "member.role_changed"))).get();
    expect(event?.details).toEqual({ from: "read_only", to: "read_write" });
  });

  it("an admin cannot demote an owner", async () => {
    const { account, admin, owner } = makeTeam();
    actAs(admin, account.id);
    expect(await changeRoleAction({ userId: owner.id, role: "read_only" })).toMatchObject({ ok: false, code: "forbidden" });
    expect(roleOf(account.id, owner.id)).toBe("owner");
  });

  it("an admin cannot grant owner", async () => {
    const { account, admin, writer } = makeTeam();
    actAs(admin, account.id);
    expect(await changeRoleAction({ userId: writer.id, role: "owner" })).toMatchObject({ ok: false, code: "forbidden" });
    expect(roleOf(account.id, writer.id)).toBe("read_write");
  });

  it("an admin may change another admin or lower", async () => {
    const { account, admin, writer } = makeTeam();
    actAs(admin, account.id);
    expect((await changeRoleAction({ userId: writer.id, role: "admin" })).ok).toBe(true);
  });

  it("the last owner cannot be demoted, even by themselves", async () => {
    const { account, owner } = makeTeam();
    actAs(owner, account.id);
    const result = await changeRoleAction({ userId: owner.id, role: "admin" });
    expect(result).toMatchObject({ ok: false, code: "forbidden" });
    if (!result.ok) expect(result.error).toMatch(/at least one owner/);
    expect(roleOf(account.id, owner.id)).toBe("owner");
  });

  it("an owner can step down once there is another owner", async () => {
    const { account, owner, admin } = makeTeam();
    actAs(owner, account.id);
    expect((await changeRoleAction({ userId: admin.id, role: "owner" })).ok).toBe(true);
    expect((await changeRoleAction({ userId: owner.id, role: "admin" })).ok).toBe(true);
    expect(roleOf(account.id, owner.id)).toBe("admin");
  });

  it.each(["writer", "reader"] as const)("a %s member cannot change roles", async (who) => {
    const team = makeTeam();
    actAs(team[who], team.account.id);
    expect(await changeRoleAction({ userId: team.reader.id, role: "admin" })).toMatchObject({ ok: false, code: "forbidden" });
    expect(roleOf(team.account.id, team.reader.id)).toBe("read_only");
  });

  it("cannot act on another account's member", async () => {
    const mine = makeTeam();
    const theirs = makeTeam();
    actAs(mine.owner, mine.account.id);
    expect(await changeRoleAction({ userId: theirs.reader.id, role: "admin" })).toMatchObject({ ok: false, code: "not_found" });
    expect(roleOf(theirs.account.id, theirs.reader.id)).toBe("read_only");
  });

  it("an account the caller is not in cannot be targeted through a forged account cookie", async () => {
    const mine = makeTeam();
    const theirs = makeTeam();
    actAs(mine.owner, theirs.account.id);
    // The cookie names an account the user is not a member of: the session falls back to their own.
    expect(await changeRoleAction({ userId: theirs.reader.id, role: "admin" })).toMatchObject({ ok: false, code: "not_found" });
    expect(roleOf(theirs.account.id, theirs.reader.id)).toBe("read_only");
  });
});

describe("removing members", () => {
  it("removal counts the member's user keys, keeps them, and is audited in the same transaction", async () => {
    const { account, owner, writer } = makeTeam();
    giveUserKeys(writer.id, account.id, 3);
    actAs(owner, account.id);
    expect(await removeMemberAction({ userId: writer.id })).toEqual({ ok: true, data: { keysAffected: 3 } });
    expect(roleOf(account.id, writer.id)).toBeUndefined();
    const event = db.select().from(auditEvents).where(and(eq(auditEvents.accountId, account.id), eq(auditEvents.action, "member.removed"))).get();
    expect(event?.details).toMatchObject({ keysAffected: 3, role: "read_write" });
    expect(event?.targetName).toBe(writer.email);
  });

  it("an admin cannot remove an owner", async () => {
    const { account, admin, owner } = makeTeam();
    actAs(admin, account.id);
    expect(await removeMemberAction({ userId: owner.id })).toMatchObject({ ok: false, code: "forbidden" });
    expect(roleOf(account.id, owner.id)).toBe("owner");
  });

  it("the last owner cannot be removed", async () => {
    const { account, owner } = makeTeam();
    actAs(owner, account.id);
    expect(await removeMemberAction({ userId: owner.id })).toMatchObject({ ok: false, code: "forbidden" });
    expect(roleOf(account.id, owner.id)).toBe("owner");
  });

  it.each(["writer", "reader"] as const)("a %s member cannot remove anyone", async (who) => {
    const team = makeTeam();
    actAs(team[who], team.account.id);
    expect(await removeMemberAction({ userId: team.reader.id === team[who].id ? team.writer.id : team.reader.id })).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    expect(db.select().from(memberships).where(eq(memberships.accountId, team.account.id)).all()).toHaveLength(4);
  });

  it("cannot remove another account's member", async () => {
    const mine = makeTeam();
    const theirs = makeTeam();
    actAs(mine.owner, mine.account.id);
    expect(await removeMemberAction({ userId: theirs.writer.id })).toMatchObject({ ok: false, code: "not_found" });
    expect(roleOf(theirs.account.id, theirs.writer.id)).toBe("read_write");
  });

  it("a removed member loses the account at once: their next action in it is refused", async () => {
    const { account, owner, admin, reader } = makeTeam();
    actAs(owner, account.id);
    await removeMemberAction({ userId: admin.id });
    actAs(admin, account.id);
    expect(await removeMemberAction({ userId: reader.id })).toMatchObject({ ok: false });
    expect(roleOf(account.id, reader.id)).toBe("read_only");
  });
});

describe("leaving and transferring ownership", () => {
  it("members may leave; the last owner may not", async () => {
    const { account, owner, writer } = makeTeam();
    actAs(writer, account.id);
    expect((await leaveAccountAction({})).ok).toBe(true);
    expect(roleOf(account.id, writer.id)).toBeUndefined();
    actAs(owner, account.id);
    expect(await leaveAccountAction({})).toMatchObject({ ok: false, code: "forbidden" });
    expect(roleOf(account.id, owner.id)).toBe("owner");
    expect(auditActions(account.id)).toContain("member.left");
  });

  it("an owner transfers ownership and becomes an admin; others cannot", async () => {
    const { account, owner, admin, writer } = makeTeam();
    actAs(admin, account.id);
    expect(await transferOwnershipAction({ userId: writer.id })).toMatchObject({ ok: false, code: "forbidden" });
    actAs(owner, account.id);
    expect((await transferOwnershipAction({ userId: writer.id })).ok).toBe(true);
    expect(roleOf(account.id, writer.id)).toBe("owner");
    expect(roleOf(account.id, owner.id)).toBe("admin");
    expect(auditActions(account.id)).toContain("account.ownership_transferred");
  });
});

describe("account settings", () => {
  it("owners and admins rename; others are refused", async () => {
    const { account, admin, writer } = makeTeam();
    actAs(writer, account.id);
    expect(await renameAccountAction({ name: "Hacked" })).toMatchObject({ ok: false, code: "forbidden" });
    actAs(admin, account.id);
    expect(await renameAccountAction({ name: "  Renamed  " })).toEqual({ ok: true, data: { name: "Renamed" } });
    expect(await renameAccountAction({ name: "" })).toMatchObject({ ok: false, code: "validation_failed" });
  });

  it("only the owner changes the plan", async () => {
    const { account, owner, admin } = makeTeam();
    actAs(admin, account.id);
    expect(await changePlanAction({ plan: "enterprise" })).toMatchObject({ ok: false, code: "forbidden" });
    actAs(owner, account.id);
    expect(await changePlanAction({ plan: "enterprise" })).toEqual({ ok: true, data: { plan: "enterprise" } });
    expect(await changePlanAction({ plan: "platinum" })).toMatchObject({ ok: false, code: "validation_failed" });
  });

  it("the restriction setting and grants are for owners and admins", async () => {
    const { account, admin, reader, writer } = makeTeam();
    actAs(reader, account.id);
    expect(await setRestrictKeyCreationAction({ restrict: true })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await setKeyCreationGrantAction({ userId: reader.id, granted: true })).toMatchObject({ ok: false, code: "forbidden" });
    actAs(admin, account.id);
    expect(await setRestrictKeyCreationAction({ restrict: true })).toEqual({ ok: true, data: { restrict: true } });
    expect(await setKeyCreationGrantAction({ userId: writer.id, granted: true })).toEqual({ ok: true, data: { granted: true } });
    expect(auditActions(account.id)).toEqual(expect.arrayContaining(["account.key_creation_restricted", "member.key_creation_granted"]));
  });
});

describe("sessions and the account switcher", () => {
  it("a deleted user is signed out at once", async () => {
    const { account, owner, reader } = makeTeam();
    const ghost = makeUser("Ghost");
    addMember(account.id, ghost, "admin");
    actAs(ghost, account.id);
    db.delete(users).where(eq(users.id, ghost.id)).run();
    expect(await removeMemberAction({ userId: reader.id })).toMatchObject({ ok: false, code: "unauthenticated" });
    void owner;
  });

  it("a session issued before 'sign out everywhere' is void", async () => {
    const { account, owner, reader } = makeTeam();
    actAs(owner, account.id);
    db.update(users).set({ sessionVersion: 1 }).where(eq(users.id, owner.id)).run();
    expect(await removeMemberAction({ userId: reader.id })).toMatchObject({ ok: false, code: "unauthenticated" });
  });

  it("switching to an account the user is not in is refused", async () => {
    const { account, owner } = makeTeam();
    const elsewhere = makeAccount();
    actAs(owner, account.id);
    expect(await switchAccount({ accountId: elsewhere.id })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await switchAccount({ accountId: account.id })).toMatchObject({ ok: true });
  });
});
