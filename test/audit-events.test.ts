// Every event kind of the audit log appears after its action; pagination and CSV agree with the page.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { apiKeys, auditEvents } from "@/db/schema";
import { actAs, makeTeam, makeUser, addMember, testDb, memberActor } from "@/test/fixtures";
import { acceptInvite } from "@/app/(auth)/invite/[token]/actions";
import {
  changePlanAction,
  leaveAccountAction,
  renameAccountAction,
  setRestrictKeyCreationAction,
} from "@/app/(console)/settings/account/general/actions";
import {
  changeRoleAction,
  inviteMemberAction,
  removeMemberAction,
  transferOwnershipAction,
} from "@/app/(console)/settings/account/team/actions";
import {
  createUserKeyAction,
  deleteUserKeyAction,
  setUserKeyStatusAction,
  updateUserKeyAction,
} from "@/app/(console)/settings/user/actions";
import { allAuditEvents, auditCsv, listAuditEvents } from "@/lib/audit";
import { sweepExpiry } from "@/lib/expiry";
import { reportLeaks } from "@/lib/leaks";

const db = testDb();

function ok<T>(r: { ok: true; data: T } | { ok: false; error: string }): T {
  if (!r.ok) throw new Error(r.error);
  return r.data;
}

describe("audit log", () => {
  it("records every kind of event, with actor, target and IP, and never a token", async () => {
    const { account, owner, writer, reader } = await makeTeam("enterprise");
    const invitee = await makeUser("Invitee");
    await actAs(owner, account.id);
    const { token: inviteToken } = ok(await inviteMemberAction({ email: invitee.email, role: "read_only" }));
    await actAs(invitee);
    ok(await acceptInvite({ token: inviteToken }));
    await actAs(owner, account.id);
    ok(await changeRoleAction({ userId: invitee.id, role: "read_write" }));
    ok(await removeMemberAction({ userId: invitee.id }));
    ok(await renameAccountAction({ name: "Renamed Inc" }));
    ok(await changePlanAction({ plan: "team" }));
    ok(await setRestrictKeyCreationAction({ restrict: true }));
    ok(await setRestrictKeyCreationAction({ restrict: false }));
    await actAs(reader, account.id);
    ok(await leaveAccountAction({}));

    await actAs(writer, account.id);
    const k = ok(await createUserKeyAction({ name: "Lifecycle", leakAction: "none" }));
    ok(await updateUserKeyAction({ keyId: k.id, name: "Lifecycle 2", expires: "keep" }));
    ok(await setUserKeyStatusAction({ keyId: k.id, status: "disabled" }));
    ok(await setUserKeyStatusAction({ keyId: k.id, status: "active" }));
    await reportLeaks(db, [{ token: k.token, url: "https://paste.test/1" }], "198.51.100.4");
    const expiring = ok(await createUserKeyAction({ name: "Short-lived", expires: "7" }));
    await sweepExpiry(db, new Date(Date.now() + 8 * 86_400_000));
    ok(await deleteUserKeyAction({ keyId: k.id }));
    await actAs(owner, account.id);
    ok(await transferOwnershipAction({ userId: writer.id }));

    const events = await allAuditEvents(db, await memberActor(owner, account.id), {});
    const actions = new Set(events.map((e) => e.action));
    for (const action of [
      "member.invited",
      "member.joined",
      "member.role_changed",
      "member.removed",
      "member.left",
      "account.renamed",
      "account.plan_changed",
      "account.key_creation_restricted",
      "account.ownership_transferred",
      "api_key.created",
      "api_key.updated",
      "api_key.disabled",
      "api_key.enabled",
      "api_key.leaked",
      "api_key.expired",
      "api_key.deleted",
    ])
      expect(actions, action).toContain(action);
    const leaked = events.find((e) => e.action === "api_key.leaked")!;
    expect(leaked).toMatchObject({
      ip: "198.51.100.4",
      target: { name: "Lifecycle 2" },
      details: { url: "https://paste.test/1" },
    });
    const removed = events.find((e) => e.action === "member.removed")!;
    expect(removed.actor).toMatchObject({ type: "user", name: owner.name });
    expect(removed.ip).toBe("203.0.113.7");
    // Newest first.
    expect(events.map((e) => e.id)).toEqual([...events.map((e) => e.id)].sort((a, b) => b - a));
    // No token and no token hash anywhere in the log.
    const everything = JSON.stringify(await db.select().from(auditEvents));
    const hashes = (await db.select({ h: apiKeys.tokenHash }).from(apiKeys)).map((r) => r.h);
    for (const secret of [k.token, expiring.token, inviteToken, ...hashes]) expect(everything).not.toContain(secret);
  });

  it("pagination returns every event exactly once, and the CSV matches the pages", async () => {
    const { account, owner } = await makeTeam();
    for (let i = 0; i < 23; i++) await addMember(account.id, await makeUser(`Filler ${i}`), "read_only");
    for (let i = 0; i < 23; i++)
      await db.insert(auditEvents).values({
        accountId: account.id,
        actorType: "user",
        actorId: owner.id,
        actorName: i % 2 ? "Even" : "Odd",
        action: i % 3 ? "x.a" : "x.b",
      });
    const total = (await db.select().from(auditEvents).where(eq(auditEvents.accountId, account.id))).length;
    const seen: number[] = [];
    let cursor: number | undefined;
    let pages = 0;
    do {
      const page = await listAuditEvents(db, await memberActor(owner, account.id), { cursor, limit: 5 });
      seen.push(...page.events.map((e) => e.id));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    expect(pages).toBe(Math.ceil(total / 5));

    const page = await listAuditEvents(db, await memberActor(owner, account.id), { limit: 200 });
    const csv = auditCsv(await allAuditEvents(db, await memberActor(owner, account.id), {}))
      .trimEnd()
      .split("\r\n");
    expect(csv[0]).toBe("id,time,action,actor_type,actor,target_type,target,ip,details");
    expect(csv.slice(1).map((line) => Number(JSON.parse(line.split(",")[0]!)))).toEqual(page.events.map((e) => e.id));

    // Filters apply the same way to both.
    const filtered = await listAuditEvents(db, await memberActor(owner, account.id), {
      action: "x.b",
      actor: "Odd",
      limit: 200,
    });
    expect(filtered.events.every((e) => e.action === "x.b" && e.actor.name === "Odd")).toBe(true);
    expect(
      auditCsv(await allAuditEvents(db, await memberActor(owner, account.id), { action: "x.b", actor: "Odd" }))
        .trimEnd()
        .split("\r\n"),
    ).toHaveLength(filtered.events.length + 1);
  });

  it("neutralises spreadsheet formulas in the CSV", () => {
    const csv = auditCsv([
      {
        id: 1,
        action: '=HYPERLINK("x")',
        actor: { type: "user", id: null, name: "+cmd" },
        target: null,
        details: {},
        ip: null,
        createdAt: "2030-01-01T00:00:00.000Z",
      },
    ]);
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
    expect(csv).toContain(`"'+cmd"`);
  });
});
