// Account-side key actions called directly, cell by cell of the key rows of docs/permissions.md#the-permission-matrix.
import { first } from "@latchkey/domain/db/query";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { ROLES } from "@latchkey/domain/db/schema";
import { apiKeys, auditEvents } from "@latchkey/domain/db/schema";
import { verifyKey } from "@latchkey/domain/api-auth";
import type { ActionResult } from "@latchkey/domain/action-result";
import { actAs, makeTeam, testDb } from "@/test/fixtures";
import { createUserKeyAction, deleteUserKeyAction } from "../../user/actions";
import { removeMemberAction } from "../team/actions";
import {
  createServiceKeyAction,
  deleteAccountKeyAction,
  setServiceKeyStatusAction,
  updateServiceKeyAction,
} from "./actions";

const db = testDb();
const who = { owner: "owner", admin: "admin", read_write: "writer", read_only: "reader" } as const;
const ADMINS = new Set(["owner", "admin"]);

/** The action's data; a refusal fails the test right here, so the checks after it never skip themselves. */
function succeeded<T>(r: ActionResult<T>): T {
  if (!r.ok) throw new Error(`expected the action to succeed: ${JSON.stringify(r)}`);
  return r.data;
}

/** The action's refusal; a success fails the test right here. */
function refused<T>(r: ActionResult<T>) {
  if (r.ok) throw new Error(`expected the action to be refused: ${JSON.stringify(r)}`);
  return r;
}

async function serviceKey(team: Awaited<ReturnType<typeof makeTeam>>, role = "read_only") {
  await actAs(team.owner, team.account.id);
  const r = await createServiceKeyAction({ name: "svc", role });
  if (!r.ok) throw new Error(r.error);
  return r.data;
}

describe("service keys: create, edit, disable, delete", () => {
  for (const role of ROLES) {
    const allowed = ADMINS.has(role);
    it(`${role} ${allowed ? "may" : "may not"} manage service keys on enterprise`, async () => {
      const team = await makeTeam("enterprise");
      const existing = await serviceKey(team);
      await actAs(team[who[role]], team.account.id);
      const created = await createServiceKeyAction({
        name: "CI",
        role: "read_write",
        expires: "90",
        leakAction: "delete",
      });
      const updated = await updateServiceKeyAction({ keyId: existing.id, name: "renamed", expires: "keep" });
      const disabled = await setServiceKeyStatusAction({ keyId: existing.id, status: "disabled" });
      const deleted = await deleteAccountKeyAction({ keyId: existing.id });
      for (const r of [created, updated, disabled, deleted]) expect(r.ok, JSON.stringify(r)).toBe(allowed);
      if (!allowed) {
        for (const r of [created, updated, disabled, deleted])
          expect(r).toMatchObject({ ok: false, code: "forbidden" });
        expect(await first(db.select().from(apiKeys).where(eq(apiKeys.id, existing.id)))).toMatchObject({
          name: "svc",
          status: "active",
        });
      } else {
        const made = succeeded(created);
        expect(made.token).toMatch(/^lks_/);
        expect(await first(db.select().from(apiKeys).where(eq(apiKeys.id, made.id)))).toMatchObject({
          kind: "service",
          role: "read_write",
          leakAction: "delete",
          ownerUserId: null,
        });
      }
    });
  }

  it("is refused below the enterprise plan, for owners too", async () => {
    for (const plan of ["hobby", "team"] as const) {
      const team = await makeTeam(plan);
      await actAs(team.owner, team.account.id);
      const r = await createServiceKeyAction({ name: "CI", role: "admin" });
      expect(r).toMatchObject({ ok: false, code: "forbidden" });
      expect(refused(r).error).toMatch(/Enterprise/);
    }
  });

  it("validates the role", async () => {
    const team = await makeTeam("enterprise");
    await actAs(team.owner, team.account.id);
    expect(await createServiceKeyAction({ name: "CI", role: "owner" })).toMatchObject({
      ok: false,
      code: "validation_failed",
      fieldErrors: { role: expect.any(Array) },
    });
  });

  it("survives the removal of the member who created it", async () => {
    const team = await makeTeam("enterprise");
    await actAs(team.admin, team.account.id);
    const r = await createServiceKeyAction({ name: "Backend", role: "read_write" });
    if (!r.ok) throw new Error(r.error);
    await actAs(team.owner, team.account.id);
    expect((await removeMemberAction({ userId: team.admin.id })).ok).toBe(true);
    expect(await verifyKey(db, r.data.token, null)).toMatchObject({
      ok: true,
      actor: { role: "read_write", accountId: team.account.id },
    });
  });

  it("another account's key cannot be touched", async () => {
    const mine = await makeTeam("enterprise");
    const theirs = await makeTeam("enterprise");
    const foreign = await serviceKey(theirs);
    await actAs(mine.owner, mine.account.id);
    expect(await deleteAccountKeyAction({ keyId: foreign.id })).toMatchObject({ ok: false, code: "not_found" });
    expect(await setServiceKeyStatusAction({ keyId: foreign.id, status: "disabled" })).toMatchObject({
      ok: false,
      code: "not_found",
    });
    expect(await first(db.select().from(apiKeys).where(eq(apiKeys.id, foreign.id)))).toBeDefined();
  });
});

describe("deleting members' user keys", () => {
  for (const role of ROLES) {
    const allowed = ADMINS.has(role);
    it(`${role} ${allowed ? "may" : "may not"} delete another member's user key created in the account`, async () => {
      const team = await makeTeam("team");
      const victim = role === "read_only" ? team.writer : team.reader;
      await actAs(victim, team.account.id);
      const k = await createUserKeyAction({ name: "victim's" });
      if (!k.ok) throw new Error(k.error);
      await actAs(team[who[role]], team.account.id);
      const r = await deleteAccountKeyAction({ keyId: k.data.id });
      expect(r.ok).toBe(allowed);
      expect(!!(await first(db.select().from(apiKeys).where(eq(apiKeys.id, k.data.id))))).toBe(!allowed);
      if (allowed) {
        const event = (await db.select().from(auditEvents).where(eq(auditEvents.targetId, k.data.id))).find(
          (e) => e.action === "api_key.deleted",
        );
        expect(event?.actorId).toBe(team[who[role]].id);
      }
      // Everyone may delete their own.
      await actAs(victim, team.account.id);
      const own = await createUserKeyAction({ name: "own" });
      expect((await deleteUserKeyAction({ keyId: succeeded(own).id })).ok).toBe(true);
    });
  }
});

describe("the legacy key in the console (docs/concepts.md#the-legacy-key)", () => {
  for (const role of ROLES) {
    const allowed = ADMINS.has(role);
    it(`${role} ${allowed ? "may" : "may not"} edit, disable and rotate the legacy key; the successor keeps its limits and expiry`, async () => {
      const { keyWithToken } = await import("@/test/api-server");
      const { rotateAccountKeyAction } = await import("./actions");
      const team = await makeTeam("enterprise");
      const expires = new Date(Date.now() + 5 * 86_400_000);
      const legacy = await keyWithToken("legacy", team.account.id, { expiresAt: expires });
      await actAs(team[who[role]], team.account.id);
      const limited = await updateServiceKeyAction({
        keyId: legacy.row.id,
        name: "Old integration",
        expires: "keep",
        rateLimit: "100",
        rateLimitWindow: "60",
      });
      expect(limited.ok, JSON.stringify(limited)).toBe(allowed);
      const rotated = await rotateAccountKeyAction({ keyId: legacy.row.id, oldKeyEnds: "on_first_use" });
      expect(rotated.ok, JSON.stringify(rotated)).toBe(allowed);
      if (!allowed) {
        expect(rotated).toMatchObject({ ok: false, code: "forbidden" });
        expect(await first(db.select().from(apiKeys).where(eq(apiKeys.id, legacy.row.id)))).toMatchObject({
          rotatedAt: null,
          rateLimit: null,
        });
        return;
      }
      const successor = (await first(
        db
          .select()
          .from(apiKeys)
          .where(eq(apiKeys.id, succeeded(rotated).id)),
      ))!;
      expect(successor).toMatchObject({
        kind: "service",
        role: "admin",
        rateLimit: 100,
        rateLimitWindow: 60,
        name: "Old integration",
      });
      expect(successor.expiresAt?.toISOString()).toBe(expires.toISOString());
    });
  }
});
