// The public REST API over HTTP against the production server (docs/api.md).
import { only } from "@/db/query";
import { expect, test, type APIRequestContext, type APIResponse } from "@playwright/test";
import { generateToken } from "../lib/tokens";
import {
  addMember,
  deleteKey,
  e2eDb,
  makeAccount,
  makeKey,
  makeTeamWithKeys,
  makeUser,
  removeMembership,
  ROLES,
} from "./support/db";
import { checks } from "../db/schema";
import { randomUUID } from "node:crypto";

const LEGACY = "lka_DemoLegacyKey00000000000000000000McM6P";

function call(
  request: APIRequestContext,
  method: string,
  path: string,
  opts: { token?: string; account?: string; body?: unknown; raw?: string } = {},
) {
  const headers: Record<string, string> = {};
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  if (opts.account) headers["X-Account-Id"] = opts.account;
  if (opts.body !== undefined || opts.raw !== undefined) headers["Content-Type"] = "application/json";
  return request.fetch(path, {
    method,
    headers,
    data:
      opts.raw !== undefined
        ? Buffer.from(opts.raw)
        : opts.body === undefined
          ? undefined
          : Buffer.from(JSON.stringify(opts.body)),
  });
}

async function expectError(res: APIResponse, status: number, code: string) {
  expect(res.status(), await res.text()).toBe(status);
  const body = await res.json();
  expect(body).toEqual({ error: expect.objectContaining({ code, message: expect.any(String) }) });
  return body.error;
}

test.describe.configure({ mode: "parallel" });

test("GET /api/health answers ok", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  expect(await res.json()).toEqual({
    status: "ok",
    database: process.env.E2E_DATABASE === "postgresql" ? "postgresql" : "sqlite",
  });
});

test("GET /api/v1/me describes a user key, its user and the named account", async ({ request }) => {
  const { account, members } = await makeTeamWithKeys();
  const res = await call(request, "GET", "/api/v1/me", { token: members.read_write.token, account: account.id });
  expect(res.status()).toBe(200);
  expect(res.headers()["cache-control"]).toBe("no-store");
  expect(await res.json()).toEqual({
    key: { id: members.read_write.key.id, kind: "user", name: "read_write user key", role: "read_write" },
    user: { id: members.read_write.user.id, email: members.read_write.user.email },
    account: { id: account.id, name: account.name, plan: "enterprise" },
  });
});

test.describe("authentication errors", () => {
  test("no token, other schemes, malformed, bad checksum and unknown tokens are 401", async ({ request }) => {
    await expectError(await call(request, "GET", "/api/v1/me"), 401, "unauthenticated");
    const basic = await request.get("/api/v1/me", { headers: { Authorization: "Basic dXNlcjpwYXNz" } });
    await expectError(basic, 401, "unauthenticated");
    await expectError(await call(request, "GET", "/api/v1/me", { token: "not-a-key" }), 401, "invalid_key");
    const real = generateToken("user").token;
    const badChecksum = real.slice(0, -1) + (real.endsWith("A") ? "B" : "A");
    await expectError(await call(request, "GET", "/api/v1/me", { token: badChecksum }), 401, "invalid_key");
    // Well-formed, right checksum, never issued.
    await expectError(
      await call(request, "GET", "/api/v1/me", { token: real, account: randomUUID() }),
      401,
      "invalid_key",
    );
  });

  test("disabled, expired and deleted keys are refused", async ({ request }) => {
    const account = await makeAccount();
    const user = await makeUser("Keyholder");
    await addMember(account.id, user.id, "admin");
    const disabled = await makeKey("user", { accountId: account.id, ownerUserId: user.id, status: "disabled" });
    const expired = await makeKey("user", {
      accountId: account.id,
      ownerUserId: user.id,
      expiresAt: new Date(Date.now() - 1000),
    });
    const deleted = await makeKey("user", { accountId: account.id, ownerUserId: user.id });
    await expectError(
      await call(request, "GET", "/api/v1/me", { token: disabled.token, account: account.id }),
      401,
      "key_disabled",
    );
    await expectError(
      await call(request, "GET", "/api/v1/me", { token: expired.token, account: account.id }),
      401,
      "key_expired",
    );
    expect((await call(request, "GET", "/api/v1/me", { token: deleted.token, account: account.id })).status()).toBe(
      200,
    );
    await deleteKey(deleted.id);
    await expectError(
      await call(request, "GET", "/api/v1/me", { token: deleted.token, account: account.id }),
      401,
      "invalid_key",
    );
  });

  test("a user key needs X-Account-Id; a malformed one is a bad request", async ({ request }) => {
    const { account, members } = await makeTeamWithKeys();
    await expectError(
      await call(request, "GET", "/api/v1/checks", { token: members.owner.token }),
      400,
      "account_required",
    );
    await expectError(
      await call(request, "GET", "/api/v1/checks", { token: members.owner.token, account: "acme" }),
      400,
      "bad_request",
    );
    expect(
      (
        await call(request, "GET", "/api/v1/checks", { token: members.owner.token, account: account.id.toUpperCase() })
      ).status(),
    ).toBe(200);
  });

  test("the session cookie never authenticates the API", async ({ browser }) => {
    const context = await browser.newContext({ storageState: "e2e/.auth/owner.json" });
    const res = await context.request.get("/api/v1/me");
    await expectError(res, 401, "unauthenticated");
    await context.close();
  });
});

test.describe("account binding", () => {
  test("another account's ID in the header is forbidden, for user and legacy keys", async ({ request }) => {
    const mine = await makeTeamWithKeys();
    const theirs = await makeTeamWithKeys();
    await expectError(
      await call(request, "GET", "/api/v1/checks", { token: mine.members.owner.token, account: theirs.account.id }),
      403,
      "forbidden",
    );
    await expectError(
      await call(request, "GET", "/api/v1/checks", { token: LEGACY, account: theirs.account.id }),
      403,
      "forbidden",
    );
    // An account that does not exist looks the same.
    await expectError(
      await call(request, "GET", "/api/v1/checks", { token: mine.members.owner.token, account: randomUUID() }),
      403,
      "forbidden",
    );
  });

  test("a removed member is refused on the very next request; the key keeps working in their other account", async ({
    request,
  }) => {
    const a = await makeTeamWithKeys();
    const other = await makeAccount("team");
    const { user, token } = a.members.read_write;
    await addMember(other.id, user.id, "read_only");
    expect((await call(request, "GET", "/api/v1/checks", { token, account: a.account.id })).status()).toBe(200);
    const removal = await call(request, "DELETE", `/api/v1/members/${user.id}`, {
      token: a.members.admin.token,
      account: a.account.id,
    });
    expect(removal.status()).toBe(200);
    expect(await removal.json()).toEqual({ keysAffected: 1 });
    await expectError(await call(request, "GET", "/api/v1/checks", { token, account: a.account.id }), 403, "forbidden");
    const elsewhere = await call(request, "GET", "/api/v1/me", { token, account: other.id });
    expect(elsewhere.status()).toBe(200);
    expect((await elsewhere.json()).key.role).toBe("read_only");
  });

  test("a user key takes its owner's role at the time of the request", async ({ request }) => {
    const { account, members } = await makeTeamWithKeys();
    const { user, token } = members.read_only;
    await expectError(
      await call(request, "POST", "/api/v1/checks", {
        token,
        account: account.id,
        body: { name: "x", url: "https://x.test" },
      }),
      403,
      "forbidden",
    );
    await removeMembership(account.id, user.id);
    await addMember(account.id, user.id, "read_write");
    expect(
      (
        await call(request, "POST", "/api/v1/checks", {
          token,
          account: account.id,
          body: { name: "x", url: "https://x.test" },
        })
      ).status(),
    ).toBe(201);
  });
});

test("the seeded legacy key authenticates as admin of Acme Corp without the header", async ({ request }) => {
  const me = await call(request, "GET", "/api/v1/me", { token: LEGACY });
  expect(me.status()).toBe(200);
  const body = await me.json();
  expect(body).toMatchObject({
    key: { kind: "legacy", role: "admin" },
    user: null,
    account: { name: "Acme Corp", plan: "enterprise" },
  });
  const list = await call(request, "GET", "/api/v1/checks", { token: LEGACY, account: body.account.id });
  expect(list.status()).toBe(200);
  expect((await list.json()).checks.map((c: { name: string }) => c.name)).toEqual(
    expect.arrayContaining(["Homepage", "Checkout API"]),
  );
});

test.describe("checks: the role matrix with user keys", () => {
  const writeAllowed = { owner: true, admin: true, read_write: true, read_only: false } as const;

  for (const role of ROLES) {
    test(`${role}: reads always; creates, updates and deletes only from read_write up`, async ({ request }) => {
      const { account, members } = await makeTeamWithKeys();
      const auth = { token: members[role].token, account: account.id };
      const seeded = await only(
        e2eDb()
          .insert(checks)
          .values({ id: randomUUID(), accountId: account.id, name: "Seeded", url: "https://seeded.test" })
          .returning(),
      );

      const list = await call(request, "GET", "/api/v1/checks", auth);
      expect(list.status()).toBe(200);
      expect((await list.json()).checks).toEqual([
        expect.objectContaining({ id: seeded.id, name: "Seeded", active: true }),
      ]);
      expect((await call(request, "GET", `/api/v1/checks/${seeded.id}`, auth)).status()).toBe(200);

      const created = await call(request, "POST", "/api/v1/checks", {
        ...auth,
        body: { name: "API", url: "https://api.test/ping", active: false },
      });
      const patched = await call(request, "PATCH", `/api/v1/checks/${seeded.id}`, {
        ...auth,
        body: { name: "Renamed" },
      });
      const deleted = await call(request, "DELETE", `/api/v1/checks/${seeded.id}`, auth);
      if (writeAllowed[role]) {
        expect(created.status()).toBe(201);
        expect(await created.json()).toMatchObject({ name: "API", url: "https://api.test/ping", active: false });
        expect(patched.status()).toBe(200);
        expect((await patched.json()).name).toBe("Renamed");
        expect(deleted.status()).toBe(204);
        await expectError(await call(request, "GET", `/api/v1/checks/${seeded.id}`, auth), 404, "not_found");
      } else {
        await expectError(created, 403, "forbidden");
        await expectError(patched, 403, "forbidden");
        await expectError(deleted, 403, "forbidden");
        expect((await (await call(request, "GET", `/api/v1/checks/${seeded.id}`, auth)).json()).name).toBe("Seeded");
      }
    });
  }

  test("another account's check is not found, and stays untouched", async ({ request }) => {
    const mine = await makeTeamWithKeys();
    const theirs = await makeTeamWithKeys();
    const foreign = await only(
      e2eDb()
        .insert(checks)
        .values({ id: randomUUID(), accountId: theirs.account.id, name: "Theirs", url: "https://t.test" })
        .returning(),
    );
    const auth = { token: mine.members.owner.token, account: mine.account.id };
    await expectError(await call(request, "GET", `/api/v1/checks/${foreign.id}`, auth), 404, "not_found");
    await expectError(
      await call(request, "PATCH", `/api/v1/checks/${foreign.id}`, { ...auth, body: { name: "Mine now" } }),
      404,
      "not_found",
    );
    await expectError(await call(request, "DELETE", `/api/v1/checks/${foreign.id}`, auth), 404, "not_found");
    await expectError(await call(request, "GET", "/api/v1/checks/not-a-uuid", auth), 404, "not_found");
  });

  test("bad bodies: malformed JSON is 400, invalid fields 422 with per-field details", async ({ request }) => {
    const { account, members } = await makeTeamWithKeys();
    const auth = { token: members.admin.token, account: account.id };
    await expectError(await call(request, "POST", "/api/v1/checks", { ...auth, raw: "{not json" }), 400, "bad_request");
    await expectError(await call(request, "POST", "/api/v1/checks", auth), 400, "bad_request");
    const invalid = await expectError(
      await call(request, "POST", "/api/v1/checks", {
        ...auth,
        body: { name: "", url: "javascript:alert(1)", active: "yes" },
      }),
      422,
      "validation_failed",
    );
    expect(Object.keys(invalid.details).sort()).toEqual(["active", "name", "url"]);
    const wrongType = await expectError(
      await call(request, "POST", "/api/v1/checks", { ...auth, body: [1, 2] }),
      422,
      "validation_failed",
    );
    expect(wrongType.details.body).toHaveLength(1);
    await expectError(
      await call(request, "PATCH", `/api/v1/checks/${randomUUID()}`, { ...auth, body: {} }),
      422,
      "validation_failed",
    );
  });
});

test.describe("members", () => {
  for (const role of ROLES) {
    test(`${role}: lists members; removes only as admin and up`, async ({ request }) => {
      const { account, members } = await makeTeamWithKeys();
      const auth = { token: members[role].token, account: account.id };
      const list = await call(request, "GET", "/api/v1/members", auth);
      expect(list.status()).toBe(200);
      const rows = (await list.json()).members as { userId: string; role: string }[];
      expect(rows.map((m) => m.role).sort()).toEqual(["admin", "owner", "read_only", "read_write"]);

      const target = role === "read_only" ? members.read_write.user : members.read_only.user;
      const removal = await call(request, "DELETE", `/api/v1/members/${target.id}`, auth);
      if (role === "owner" || role === "admin") expect(removal.status()).toBe(200);
      else await expectError(removal, 403, "forbidden");
    });
  }

  test("an admin key never removes an owner; the last owner stays; unknown members are 404", async ({ request }) => {
    const { account, members } = await makeTeamWithKeys();
    await expectError(
      await call(request, "DELETE", `/api/v1/members/${members.owner.user.id}`, {
        token: members.admin.token,
        account: account.id,
      }),
      403,
      "forbidden",
    );
    await expectError(
      await call(request, "DELETE", `/api/v1/members/${members.owner.user.id}`, {
        token: members.owner.token,
        account: account.id,
      }),
      403,
      "forbidden",
    );
    await expectError(
      await call(request, "DELETE", `/api/v1/members/${randomUUID()}`, {
        token: members.owner.token,
        account: account.id,
      }),
      404,
      "not_found",
    );
    const legacy = await makeKey("legacy", { accountId: account.id });
    await expectError(
      await call(request, "DELETE", `/api/v1/members/${members.owner.user.id}`, { token: legacy.token }),
      403,
      "forbidden",
    );
    expect(
      (await call(request, "DELETE", `/api/v1/members/${members.read_only.user.id}`, { token: legacy.token })).status(),
    ).toBe(200);
  });
});

test("unknown endpoints answer in the error shape", async ({ request }) => {
  await expectError(await request.get("/api/v1/nothing-here"), 404, "not_found");
});

test("GET /api/v1/openapi.json describes every endpoint that exists", async ({ request }) => {
  const res = await request.get("/api/v1/openapi.json");
  expect(res.status()).toBe(200);
  const doc = await res.json();
  expect(doc.openapi).toBe("3.1.0");
  expect(Object.keys(doc.paths)).toEqual(
    expect.arrayContaining([
      "/api/v1/me",
      "/api/v1/checks",
      "/api/v1/checks/{id}",
      "/api/v1/members",
      "/api/v1/members/{userId}",
      "/api/v1/api-keys",
      "/api/v1/api-keys/{id}",
      "/api/v1/audit-log",
      "/api/v1/leaks",
      "/api/v1/openapi.json",
      "/api/health",
    ]),
  );
  expect(Object.keys(doc.paths["/api/v1/checks/{id}"])).toEqual(expect.arrayContaining(["get", "patch", "delete"]));
  expect(doc.components.schemas.CheckCreate.required).toEqual(["name", "url"]);
});
