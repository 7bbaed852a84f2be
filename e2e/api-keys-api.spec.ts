// Key management over the API: the key rows of docs/permissions.md#the-permission-matrix, with every kind of caller.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { makeAccount, makeKey, makeTeamWithKeys, addMember, makeUser } from "./support/db";

test.describe.configure({ mode: "parallel" });

const headers = (token?: string, account?: string) => ({
  ...(token ? { Authorization: `Bearer ${token}` } : {}),
  ...(account ? { "X-Account-Id": account } : {}),
  "Content-Type": "application/json",
});

async function attempt(
  request: APIRequestContext,
  token: string | undefined,
  account: string | undefined,
  targetId: string,
) {
  const list = await request.get("/api/v1/api-keys", { headers: headers(token, account) });
  const create = await request.post("/api/v1/api-keys", {
    headers: headers(token, account),
    data: { name: "made by API", role: "read_only" },
  });
  const del = await request.delete(`/api/v1/api-keys/${targetId}`, { headers: headers(token, account) });
  return { list, create, del };
}

type Caller = { label: string; token?: string; account?: string; expect: 200 | 401 | 403 };

test("every caller kind against list, create and delete", async ({ request }) => {
  const { account, members } = await makeTeamWithKeys("enterprise");
  const other = await makeTeamWithKeys("enterprise");
  const service = async (role: "admin" | "read_write" | "read_only") =>
    (await makeKey("service", { accountId: account.id, role, name: `svc ${role}` })).token;
  const callers: Caller[] = [
    { label: "user key, owner", token: members.owner.token, account: account.id, expect: 200 },
    { label: "user key, admin", token: members.admin.token, account: account.id, expect: 200 },
    { label: "user key, read_write", token: members.read_write.token, account: account.id, expect: 403 },
    { label: "user key, read_only", token: members.read_only.token, account: account.id, expect: 403 },
    { label: "service key, admin", token: await service("admin"), expect: 200 },
    {
      label: "service key, admin, own account header",
      token: await service("admin"),
      account: account.id,
      expect: 200,
    },
    { label: "service key, read_write", token: await service("read_write"), expect: 403 },
    { label: "service key, read_only", token: await service("read_only"), expect: 403 },
    { label: "legacy key", token: (await makeKey("legacy", { accountId: account.id })).token, expect: 200 },
    { label: "another account's user key", token: other.members.owner.token, account: account.id, expect: 403 },
    {
      label: "another account's service key",
      token: (await makeKey("service", { accountId: other.account.id, role: "admin" })).token,
      account: account.id,
      expect: 403,
    },
    { label: "no key", expect: 401 },
  ];
  for (const caller of callers) {
    const target = await makeKey("user", {
      accountId: account.id,
      ownerUserId: members.read_only.user.id,
      name: "target",
    });
    const { list, create, del } = await attempt(request, caller.token, caller.account, target.id);
    const expected = caller.expect === 200 ? [200, 201, 204] : [caller.expect, caller.expect, caller.expect];
    expect([list.status(), create.status(), del.status()], caller.label).toEqual(expected);
    if (caller.expect === 200) {
      const body = JSON.stringify(await list.json());
      expect(body, "lists never carry tokens or hashes").not.toMatch(/lk[usa]_[0-9A-Za-z]{38}|[0-9a-f]{64}/);
      expect(create.headers()["cache-control"]).toBe("no-store");
      const created = await create.json();
      expect(created).toMatchObject({
        kind: "service",
        role: "read_only",
        name: "made by API",
        token: expect.stringMatching(/^lks_[0-9A-Za-z]{38}$/),
      });
      // The new key works at once, bound to this account.
      const me = await request.get("/api/v1/me", { headers: headers(created.token) });
      expect((await me.json()).account.id).toBe(account.id);
    }
  }
});

test("the list shows every key kind of the account with owners, and nothing of other accounts", async ({ request }) => {
  const { account, members } = await makeTeamWithKeys("enterprise");
  const other = await makeTeamWithKeys("enterprise");
  await makeKey("service", { accountId: account.id, role: "read_write", name: "Backend" });
  await makeKey("legacy", { accountId: account.id, name: "Old key" });
  const res = await request.get("/api/v1/api-keys", { headers: headers(members.admin.token, account.id) });
  const keys = (await res.json()).apiKeys as {
    name: string;
    kind: string;
    owner: { email: string } | null;
    hint: string;
  }[];
  expect(keys.map((k) => k.kind).sort()).toEqual(["legacy", "service", "user", "user", "user", "user"]);
  expect(keys.find((k) => k.name === "read_only user key")?.owner?.email).toBe(members.read_only.user.email);
  expect(keys.find((k) => k.name === "Backend")?.hint).toMatch(/^lks_…/);
  const foreign = await makeKey("service", { accountId: other.account.id, role: "admin" });
  const del = await request.delete(`/api/v1/api-keys/${foreign.id}`, {
    headers: headers(members.owner.token, account.id),
  });
  expect(del.status()).toBe(404);
  expect((await request.get("/api/v1/me", { headers: headers(foreign.token) })).status()).toBe(200);
});

test("service keys need the enterprise plan, also through the API", async ({ request }) => {
  const account = await makeAccount("team");
  const admin = await makeUser("Admin");
  await addMember(account.id, admin.id, "admin");
  const key = await makeKey("user", { accountId: account.id, ownerUserId: admin.id });
  const res = await request.post("/api/v1/api-keys", {
    headers: headers(key.token, account.id),
    data: { name: "x", role: "admin" },
  });
  expect(res.status()).toBe(403);
  expect((await res.json()).error.message).toMatch(/Enterprise/);
});

test("bad service-key bodies are 422 with details, and a past expiry is refused", async ({ request }) => {
  const { account, members } = await makeTeamWithKeys("enterprise");
  const h = headers(members.owner.token, account.id);
  const bad = await request.post("/api/v1/api-keys", {
    headers: h,
    data: { name: "", role: "owner", leakAction: "explode", expiresAt: "tomorrow" },
  });
  expect(bad.status()).toBe(422);
  expect(Object.keys((await bad.json()).error.details).sort()).toEqual(["expiresAt", "leakAction", "name", "role"]);
  const past = await request.post("/api/v1/api-keys", {
    headers: h,
    data: { name: "x", role: "admin", expiresAt: "2020-01-01T00:00:00Z" },
  });
  expect(past.status()).toBe(422);
  const future = await request.post("/api/v1/api-keys", {
    headers: h,
    data: { name: "x", role: "admin", expiresAt: "2099-01-01T00:00:00Z", leakAction: "none" },
  });
  expect(future.status()).toBe(201);
  expect(await future.json()).toMatchObject({ expiresAt: "2099-01-01T00:00:00.000Z", leakAction: "none" });
});
