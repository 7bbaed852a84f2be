// Latchkey in front of your own APIs (docs/api.md#using-latchkey-keys-in-your-own-services): verify, token exchange
// with JWKS, the client and its example service, and the CLI — over HTTP against the production server.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { createLocalJWKSet, decodeProtectedHeader, importJWK, jwtVerify, SignJWT, type JWK } from "jose";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { BASE_URL } from "../playwright.config";
import { signingKeys, auditEvents } from "../db/schema";
import { rollSigningKey } from "../lib/access-tokens";
import { generateToken } from "../lib/tokens";
import { signUp, unique } from "./helpers";
import {
  acmeAccountId,
  addMember,
  deleteKey,
  e2eDb,
  makeAccount,
  makeKey,
  makeTeamWithKeys,
  makeUser,
  removeMembership,
} from "./support/db";
import { freePort, waitForLine } from "./support/processes";

const LEGACY = "lka_DemoLegacyKey00000000000000000000McM6P";
const verify = (request: APIRequestContext, body: unknown) => request.post("/api/v1/keys/verify", { data: body });
const verdict = async (request: APIRequestContext, body: unknown) => {
  const res = await verify(request, body);
  expect(res.status()).toBe(200);
  return res.json();
};

test.describe("POST /api/v1/keys/verify", () => {
  test("answers 200 with valid and code for every kind of key and refusal", async ({ request }) => {
    const { account, members } = await makeTeamWithKeys();
    const other = await makeAccount();
    for (const [role, m] of Object.entries(members)) {
      const v = await verdict(request, { key: m.token, accountId: account.id });
      expect(v).toEqual({
        valid: true,
        code: "valid",
        key: { id: m.key.id, kind: "user", name: m.key.name },
        account: { id: account.id },
        role,
        permissions: expect.objectContaining({ checks: role === "read_only" ? "read" : "write" }),
        userId: m.user.id,
        expiresAt: null,
      });
    }
    // The owner's role allows everything; a reader only reads checks and members.
    expect((await verdict(request, { key: members.owner.token, accountId: account.id })).permissions).toEqual({
      checks: "write",
      members: "write",
      api_keys: "write",
      audit_log: "read",
    });
    expect((await verdict(request, { key: members.read_only.token, accountId: account.id })).permissions).toEqual({
      checks: "read",
      members: "read",
      api_keys: "none",
      audit_log: "none",
    });

    expect(await verdict(request, { key: members.owner.token })).toEqual({ valid: false, code: "account_required" });
    expect(await verdict(request, { key: members.owner.token, accountId: other.id })).toEqual({
      valid: false,
      code: "forbidden",
    });
    expect(await verdict(request, { key: members.owner.token, accountId: randomUUID() })).toEqual({
      valid: false,
      code: "forbidden",
    });
    // Permissions: within the role, valid; beyond it, insufficient_permission.
    expect(
      (await verdict(request, { key: members.read_write.token, accountId: account.id, permission: "checks:write" }))
        .valid,
    ).toBe(true);
    expect(
      await verdict(request, { key: members.read_only.token, accountId: account.id, permission: "checks:write" }),
    ).toEqual({ valid: false, code: "insufficient_permission" });
    expect(
      await verdict(request, { key: members.admin.token, accountId: account.id, permission: "audit_log:read" }),
    ).toMatchObject({ valid: true });

    // Service and legacy keys: their own account, header optional.
    const service = await makeKey("service", { accountId: account.id, role: "read_write", name: "svc" });
    expect(await verdict(request, { key: service.token })).toMatchObject({
      valid: true,
      role: "read_write",
      key: { kind: "service" },
      userId: null,
    });
    expect(await verdict(request, { key: service.token, accountId: other.id })).toEqual({
      valid: false,
      code: "forbidden",
    });
    expect(await verdict(request, { key: LEGACY })).toMatchObject({
      valid: true,
      role: "admin",
      key: { kind: "legacy" },
    });

    // Removed member, disabled, expired, deleted, wrong checksum, unknown, empty.
    await removeMembership(account.id, members.read_write.user.id);
    expect(await verdict(request, { key: members.read_write.token, accountId: account.id })).toEqual({
      valid: false,
      code: "forbidden",
    });
    const disabled = await makeKey("service", { accountId: account.id, status: "disabled" });
    expect(await verdict(request, { key: disabled.token })).toEqual({ valid: false, code: "key_disabled" });
    const expired = await makeKey("service", { accountId: account.id, expiresAt: new Date(Date.now() - 1000) });
    expect(await verdict(request, { key: expired.token })).toEqual({ valid: false, code: "key_expired" });
    await deleteKey(service.id);
    expect(await verdict(request, { key: service.token })).toEqual({ valid: false, code: "invalid_key" });
    expect(
      await verdict(request, {
        key: members.owner.token.slice(0, -1) + (members.owner.token.endsWith("A") ? "B" : "A"),
        accountId: account.id,
      }),
    ).toEqual({ valid: false, code: "invalid_key" });
    expect(await verdict(request, { key: generateToken("user").token, accountId: account.id })).toEqual({
      valid: false,
      code: "invalid_key",
    });
    expect(await verdict(request, { key: "" })).toEqual({ valid: false, code: "invalid_key" });
  });

  test("malformed bodies get the usual 400 and 422", async ({ request }) => {
    expect(
      (
        await request.post("/api/v1/keys/verify", {
          headers: { "Content-Type": "application/json" },
          data: Buffer.from("{"),
        })
      ).status(),
    ).toBe(400);
    expect((await verify(request, { key: 42 })).status()).toBe(422);
    expect((await verify(request, { key: LEGACY, accountId: "nope" })).status()).toBe(422);
    expect((await verify(request, { key: LEGACY, permission: "checks:delete" })).status()).toBe(422);
    expect((await verify(request, { key: LEGACY, extra: 1 })).status()).toBe(422);
  });
});

test.describe("token exchange and JWKS", () => {
  const grant = "urn:latchkey:params:oauth:grant-type:apikey";

  test("a key becomes a short-lived JWT that verifies against the published JWKS", async ({ request }) => {
    const { account, members } = await makeTeamWithKeys();
    const res = await request.post("/api/v1/token", {
      form: { grant_type: grant, apikey: members.read_write.token, account_id: account.id },
    });
    expect(res.status()).toBe(200);
    expect(res.headers()["cache-control"]).toBe("no-store");
    const body = await res.json();
    expect(body).toEqual({
      access_token: expect.any(String),
      token_type: "Bearer",
      expires_in: 900,
      expiration: expect.any(Number),
    });

    // An independent check: jose against the JWKS as published.
    const set = await (await request.get("/.well-known/jwks.json")).json();
    expect(set.keys.length).toBeGreaterThan(0);
    for (const k of set.keys) {
      expect(k).toMatchObject({ kid: expect.any(String), alg: "ES256", kty: "EC", use: "sig" });
      expect(k.d).toBeUndefined();
    }
    const { payload, protectedHeader } = await jwtVerify(body.access_token, createLocalJWKSet(set), {
      issuer: new URL(BASE_URL).origin,
    });
    expect(protectedHeader).toMatchObject({ alg: "ES256", kid: expect.any(String), typ: "at+jwt" });
    expect(payload).toMatchObject({
      sub: members.read_write.key.id,
      key_id: members.read_write.key.id,
      account_id: account.id,
      kind: "user",
      role: "read_write",
      user_id: members.read_write.user.id,
      permissions: { checks: "write", members: "read", api_keys: "none", audit_log: "none" },
    });
    expect(payload.exp! - payload.iat!).toBe(900);
    expect(payload.jti).toBeTruthy();

    // JSON works too, and the exchange is audited without the token.
    const json = await request.post("/api/v1/token", {
      data: { grant_type: grant, apikey: members.owner.token, account_id: account.id },
    });
    expect(json.status()).toBe(200);
    const events = (await e2eDb().select().from(auditEvents).where(eq(auditEvents.accountId, account.id))).filter(
      (e) => e.action === "api_key.token_issued",
    );
    expect(events.length).toBe(2);
    expect(JSON.stringify(events)).not.toContain(body.access_token);
    expect(JSON.stringify(events)).not.toContain(members.owner.token);
  });

  test("the API accepts an access token, re-checks its key on every request, and refuses expired or tampered ones", async ({
    request,
  }) => {
    const { account, members } = await makeTeamWithKeys();
    const { access_token: token } = await (
      await request.post("/api/v1/token", {
        form: { grant_type: grant, apikey: members.admin.token, account_id: account.id },
      })
    ).json();
    const me = await request.get("/api/v1/me", { headers: { Authorization: `Bearer ${token}` } });
    expect(me.status()).toBe(200);
    expect((await me.json()).key).toMatchObject({ id: members.admin.key.id, role: "admin" });
    expect(
      (
        await request.get("/api/v1/checks", {
          headers: { Authorization: `Bearer ${token}`, "X-Account-Id": randomUUID() },
        })
      ).status(),
    ).toBe(403);

    // Tampered: the payload changed, the signature not.
    const [h, p, s] = token.split(".");
    const forged = JSON.parse(Buffer.from(p, "base64url").toString());
    forged.role = "owner";
    const tampered = `${h}.${Buffer.from(JSON.stringify(forged)).toString("base64url")}.${s}`;
    expect((await request.get("/api/v1/me", { headers: { Authorization: `Bearer ${tampered}` } })).status()).toBe(401);

    // Expired: signed with Latchkey's own key, but past its exp.
    const row = (await e2eDb().select().from(signingKeys)).find((k) => k.kid === decodeProtectedHeader(token).kid)!;
    const key = await importJWK(row.privateJwk as JWK, "ES256");
    const old = await new SignJWT({ ...forged, role: "admin" })
      .setProtectedHeader({ alg: "ES256", kid: row.kid, typ: "at+jwt" })
      .setIssuedAt(Math.floor(Date.now() / 1000) - 3600)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 1800)
      .sign(key);
    const expired = await request.get("/api/v1/me", { headers: { Authorization: `Bearer ${old}` } });
    expect(expired.status()).toBe(401);
    expect((await expired.json()).error.code).toBe("invalid_key");

    // The member leaves the account: the token stops working on Latchkey's API at once.
    await removeMembership(account.id, members.admin.user.id);
    expect((await request.get("/api/v1/me", { headers: { Authorization: `Bearer ${token}` } })).status()).toBe(403);
  });

  test("a deleted key's access token is refused at once", async ({ request }) => {
    const svc = await makeKey("service", { accountId: await acmeAccountId(), role: "read_only", name: "token holder" });
    const { access_token: token } = await (
      await request.post("/api/v1/token", { data: { grant_type: grant, apikey: svc.token } })
    ).json();
    expect((await request.get("/api/v1/checks", { headers: { Authorization: `Bearer ${token}` } })).status()).toBe(200);
    await deleteKey(svc.id);
    const after = await request.get("/api/v1/checks", { headers: { Authorization: `Bearer ${token}` } });
    expect(after.status()).toBe(401);
  });

  test("rolling the signing key keeps earlier tokens valid until they expire", async ({ request }) => {
    const svc = await makeKey("service", { accountId: await acmeAccountId(), role: "read_only" });
    const first = (
      await (await request.post("/api/v1/token", { data: { grant_type: grant, apikey: svc.token } })).json()
    ).access_token;
    const before = decodeProtectedHeader(first).kid;
    await rollSigningKey(e2eDb());
    const second = (
      await (await request.post("/api/v1/token", { data: { grant_type: grant, apikey: svc.token } })).json()
    ).access_token;
    expect(decodeProtectedHeader(second).kid).not.toBe(before);
    const kids = (await (await request.get("/.well-known/jwks.json")).json()).keys.map((k: { kid: string }) => k.kid);
    expect(kids).toEqual(expect.arrayContaining([before, decodeProtectedHeader(second).kid]));
    for (const t of [first, second])
      expect((await request.get("/api/v1/me", { headers: { Authorization: `Bearer ${t}` } })).status()).toBe(200);
  });

  test("errors come in OAuth's shape", async ({ request }) => {
    const post = (form: Record<string, string>) => request.post("/api/v1/token", { form });
    const expectOAuth = async (res: Awaited<ReturnType<typeof post>>, status: number, error: string) => {
      expect(res.status()).toBe(status);
      expect(await res.json()).toEqual({ error, error_description: expect.any(String) });
    };
    await expectOAuth(await post({ grant_type: "password", apikey: LEGACY }), 400, "unsupported_grant_type");
    await expectOAuth(await post({ apikey: LEGACY }), 400, "invalid_request");
    await expectOAuth(await post({ grant_type: grant }), 400, "invalid_request");
    await expectOAuth(await post({ grant_type: grant, apikey: generateToken("service").token }), 400, "invalid_grant");
    const { members } = await makeTeamWithKeys();
    await expectOAuth(await post({ grant_type: grant, apikey: members.owner.token }), 400, "invalid_request");
    const garbage = await request.post("/api/v1/token", {
      headers: { "Content-Type": "application/json" },
      data: Buffer.from("{"),
    });
    await expectOAuth(garbage, 400, "invalid_request");
  });
});

test.describe("the client and its example service", () => {
  let port = 0;
  let service: ChildProcess | undefined;

  test.beforeAll(async () => {
    // A free port chosen now, and the service's own "listening" line as the sign it is up (docs/operations.md#tests).
    port = await freePort();
    service = spawn("node_modules/.bin/tsx", ["examples/protected-service.ts"], {
      env: { ...process.env, LATCHKEY_URL: BASE_URL, PORT: String(port) },
      stdio: ["ignore", "pipe", "ignore"],
    });
    await waitForLine(service, /protected service on/, 20_000);
  });
  test.afterAll(() => void service?.kill("SIGTERM"));

  test("accepts a valid key or access token and refuses the rest with Latchkey's error shape", async ({ request }) => {
    const { account, members } = await makeTeamWithKeys();
    const call = (headers: Record<string, string>) => fetch(`http://127.0.0.1:${port}/anything`, { headers });
    const ok = await call({ Authorization: `Bearer ${members.read_only.token}`, "X-Account-Id": account.id });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ hello: `user ${members.read_only.user.id}`, account: account.id, via: "key" });

    const { access_token } = await (
      await request.post("/api/v1/token", {
        form: { grant_type: "urn:latchkey:params:oauth:grant-type:apikey", apikey: LEGACY },
      })
    ).json();
    const viaToken = await call({ Authorization: `Bearer ${access_token}` });
    expect(viaToken.status).toBe(200);
    expect((await viaToken.json()).via).toBe("access_token");

    const refusals: [Record<string, string>, number, string][] = [
      [{}, 401, "invalid_key"],
      [{ Authorization: `Bearer ${generateToken("user").token}`, "X-Account-Id": account.id }, 401, "invalid_key"],
      [{ Authorization: `Bearer ${members.owner.token}` }, 400, "account_required"],
      [{ Authorization: `Bearer ${members.owner.token}`, "X-Account-Id": randomUUID() }, 403, "forbidden"],
      [{ Authorization: `Bearer ${access_token.slice(0, -4)}AAAA` }, 401, "invalid_key"],
    ];
    for (const [headers, status, code] of refusals) {
      const res = await call(headers);
      expect(res.status, code).toBe(status);
      expect(await res.json()).toEqual({ error: { code, message: expect.any(String) } });
    }
    // A user outside the account, added later, gets in at once.
    const newcomer = await makeUser("Newcomer");
    await addMember(account.id, newcomer.id, "read_only");
    const key = await makeKey("user", { accountId: account.id, ownerUserId: newcomer.id });
    expect((await call({ Authorization: `Bearer ${key.token}`, "X-Account-Id": account.id })).status).toBe(200);
  });
});

test.describe("the latchkey CLI", () => {
  const cli = (args: string[], env: Record<string, string> = {}) => {
    const r = spawnSync(process.execPath, ["cli/latchkey.mjs", ...args], {
      env: {
        PATH: process.env.PATH ?? "",
        LATCHKEY_URL: BASE_URL,
        LATCHKEY_API_KEY: LEGACY,
        ...env,
      } as unknown as NodeJS.ProcessEnv,
      encoding: "utf8",
    });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };

  test("whoami, checks, keys and verify, with --json, help and exit codes", () => {
    const who = cli(["whoami"]);
    expect(who.code).toBe(0);
    expect(who.out).toContain("Key:     Legacy account key (legacy, admin)");
    expect(who.out).toMatch(/Account: Acme Corp \([0-9a-f-]{36}\), plan enterprise/);
    expect(JSON.parse(cli(["whoami", "--json"]).out).account.name).toBe("Acme Corp");

    const created = JSON.parse(cli(["checks", "create", "CLI check", "https://cli.test/health", "--json"]).out);
    expect(created).toMatchObject({ name: "CLI check", url: "https://cli.test/health", active: true });
    expect(cli(["checks", "list"]).out).toContain("CLI check");
    expect(cli(["checks", "delete", created.id]).code).toBe(0);
    expect(cli(["checks", "list", "--json"]).out).not.toContain(created.id);
    const badUrl = cli(["checks", "create", "x", "not a url"]);
    expect(badUrl.code).toBe(1);
    expect(badUrl.err).toContain("validation_failed");

    const key = cli(["keys", "create", "--name", "CLI deploy", "--role", "read_only"]);
    expect(key.code).toBe(0);
    const token = /^(lks_\w+)$/m.exec(key.out)?.[1];
    expect(token).toBeTruthy();
    const listed = JSON.parse(cli(["keys", "list", "--json"]).out) as { id: string; name: string }[];
    const mine = listed.find((k) => k.name === "CLI deploy")!;
    expect(mine).toBeTruthy();
    const ok = cli(["verify", token!]);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain("valid: CLI deploy (service, read_only)");
    expect(ok.out).not.toContain(token!);
    expect(cli(["verify", token!, "--permission", "checks:write"]).code).toBe(1);
    // The new key acts, and is refused what its role does not allow.
    const asNew = cli(["keys", "list"], { LATCHKEY_API_KEY: token! });
    expect(asNew.code).toBe(1);
    expect(asNew.err).toContain("(forbidden, HTTP 403)");
    expect(cli(["keys", "delete", mine.id]).code).toBe(0);
    const gone = cli(["verify", token!, "--json"]);
    expect(gone.code).toBe(1);
    expect(JSON.parse(gone.out)).toEqual({ valid: false, code: "invalid_key" });

    // Refusals: a bad key, no configuration; the key given is never printed.
    const bad = generateToken("user").token;
    const refused = cli(["whoami"], { LATCHKEY_API_KEY: bad });
    expect(refused.code).toBe(1);
    expect(refused.err).toContain("invalid_key");
    expect(refused.out + refused.err).not.toContain(bad);
    expect(cli(["whoami"], { LATCHKEY_URL: "" }).code).toBe(2);
    expect(cli(["whoami"], { LATCHKEY_API_KEY: "" }).code).toBe(2);
    expect(cli(["nonsense"]).code).toBe(2);
    for (const args of [
      ["--help"],
      ["keys", "--help"],
      ["keys", "create", "--help"],
      ["checks", "--help"],
      ["verify", "--help"],
      ["whoami", "--help"],
    ]) {
      const help = cli(args);
      expect(help.code, args.join(" ")).toBe(0);
      expect(help.out).toContain("Usage: latchkey");
    }
  });
});

test("the reveal dialog shows copy-ready examples with the new key and the Account ID, and only there", async ({
  page,
}) => {
  await signUp(page, "Snippet Sam", unique("snippets"));
  await page.goto("/settings/account/general");
  const accountId = await page.getByLabel("Account ID").inputValue();
  await page.goto("/settings/user");
  // The empty state shows the same examples with a placeholder.
  await expect(page.getByLabel("curl example")).toContainText("<your API key>");
  await page.getByRole("button", { name: "Create new API key" }).click();
  await page.getByRole("dialog", { name: "Create API key" }).getByLabel("Name").fill("Snippets");
  await page.getByRole("dialog", { name: "Create API key" }).getByRole("button", { name: "Create" }).click();
  const reveal = page.getByRole("dialog", { name: "Copy your API key" });
  const token = await reveal.getByLabel("API key").inputValue();
  await expect(reveal.getByLabel("curl example")).toContainText(`Authorization: Bearer ${token}`);
  await expect(reveal.getByLabel("curl example")).toContainText(`X-Account-Id: ${accountId}`);
  await reveal.getByRole("button", { name: "Node", exact: true }).click();
  await expect(reveal.getByLabel("Node example")).toContainText(`Authorization: "Bearer ${token}"`);
  await reveal.getByRole("button", { name: "CLI", exact: true }).click();
  await expect(reveal.getByLabel("CLI example")).toContainText(`LATCHKEY_API_KEY=${token}`);
  await expect(reveal.getByLabel("CLI example")).toContainText(`LATCHKEY_ACCOUNT_ID=${accountId}`);
  await reveal.getByRole("button", { name: "Done" }).click();
  await reveal.getByRole("button", { name: "Close without copying" }).click();
  await expect(reveal).toBeHidden();
  expect(await page.content()).not.toContain(token);
});

test.describe("rotation over HTTP", () => {
  test("service keys by an admin, the calling key itself, and never a user key by an admin", async ({ request }) => {
    const { account, members } = await makeTeamWithKeys();
    const admin = { Authorization: `Bearer ${members.admin.token}`, "X-Account-Id": account.id };
    const svc = await makeKey("service", { accountId: account.id, role: "read_write", name: "Pipeline" });
    const res = await request.post(`/api/v1/api-keys/${svc.id}/rotate`, {
      headers: admin,
      data: { oldKeyExpires: "on_first_use" },
    });
    expect(res.status()).toBe(201);
    expect(res.headers()["cache-control"]).toBe("no-store");
    const rotated = await res.json();
    expect(rotated).toMatchObject({
      kind: "service",
      name: "Pipeline",
      role: "read_write",
      token: expect.stringMatching(/^lks_/),
      rotation: { id: svc.id, endsOnFirstUse: true },
    });
    const me = (token: string) => request.get("/api/v1/me", { headers: { Authorization: `Bearer ${token}` } });
    expect((await me(svc.token)).status()).toBe(200);
    expect((await me(rotated.token)).status()).toBe(200);
    const old = await me(svc.token);
    expect(old.status()).toBe(401);
    expect((await old.json()).error.code).toBe("key_expired");

    // Self-rotation with a deadline; a user key through the account endpoint is refused.
    const self = await request.post("/api/v1/api-keys/self/rotate", {
      headers: { Authorization: `Bearer ${rotated.token}` },
      data: { oldKeyExpires: "now" },
    });
    expect(self.status()).toBe(201);
    expect((await me(rotated.token)).status()).toBe(401);
    expect((await me((await self.json()).token)).status()).toBe(200);
    const userKey = await request.post(`/api/v1/api-keys/${members.read_only.key.id}/rotate`, {
      headers: admin,
      data: { oldKeyExpires: "now" },
    });
    expect(userKey.status()).toBe(403);
    const reader = await request.post(`/api/v1/api-keys/${svc.id}/rotate`, {
      headers: { Authorization: `Bearer ${members.read_only.token}`, "X-Account-Id": account.id },
      data: { oldKeyExpires: "now" },
    });
    expect(reader.status()).toBe(403);
    expect(
      (
        await request.post(`/api/v1/api-keys/${svc.id}/rotate`, {
          headers: admin,
          data: { oldKeyExpires: "yesterday" },
        })
      ).status(),
    ).toBe(422);
  });

  test("latchkey keys rotate prints the new key once and the old one stops at its first use", async () => {
    const svc = await makeKey("service", { accountId: await acmeAccountId(), role: "read_only", name: "CLI rotated" });
    const run = (args: string[], key = LEGACY) =>
      spawnSync(process.execPath, ["cli/latchkey.mjs", ...args], {
        env: {
          PATH: process.env.PATH ?? "",
          LATCHKEY_URL: BASE_URL,
          LATCHKEY_API_KEY: key,
        } as unknown as NodeJS.ProcessEnv,
        encoding: "utf8",
      });
    const r = run(["keys", "rotate", svc.id]);
    expect(r.status).toBe(0);
    const token = /^(lks_\w+)$/m.exec(r.stdout)?.[1];
    expect(token).toBeTruthy();
    expect(r.stdout).toContain("or the new key's first use");
    expect(run(["whoami"], svc.token).status).toBe(0);
    expect(run(["whoami"], token!).status).toBe(0);
    const after = run(["whoami"], svc.token);
    expect(after.status).toBe(1);
    expect(after.stderr).toContain("key_expired");
    // self: the key rotates itself.
    const self = run(["keys", "rotate", "self", "--old-key-expires", "now", "--json"], token!);
    expect(self.status).toBe(0);
    expect(JSON.parse(self.stdout).token).toMatch(/^lks_/);
    expect(run(["whoami"], token!).status).toBe(1);
  });

  test("latchkey keys create and update set and clear a key's permissions, rate limit and allowed IPs", () => {
    const run = (args: string[], key = LEGACY) =>
      spawnSync(process.execPath, ["cli/latchkey.mjs", ...args], {
        env: {
          PATH: process.env.PATH ?? "",
          LATCHKEY_URL: BASE_URL,
          LATCHKEY_API_KEY: key,
        } as unknown as NodeJS.ProcessEnv,
        encoding: "utf8",
      });
    const made = run([
      "keys",
      "create",
      "--name",
      "CLI limited",
      "--role",
      "admin",
      "--permissions",
      "checks:read",
      "--rate-limit",
      "100/60",
      "--allowed-ips",
      "127.0.0.1,::1",
      "--json",
    ]);
    expect(made.status, made.stderr).toBe(0);
    const key = JSON.parse(made.stdout);
    expect(key).toMatchObject({
      permissions: { checks: "read", members: "none" },
      rateLimit: { limit: 100, windowSeconds: 60 },
      allowedIps: ["127.0.0.1", "::1"],
    });
    // The restriction holds: it reads checks and cannot write them.
    expect(run(["checks", "list"], key.token).status).toBe(0);
    const write = run(["checks", "create", "nope", "https://example.com"], key.token);
    expect(write.status).toBe(1);
    expect(write.stderr).toContain("forbidden");

    const cleared = run([
      "keys",
      "update",
      key.id,
      "--permissions",
      "inherit",
      "--rate-limit",
      "none",
      "--allowed-ips",
      "none",
      "--json",
    ]);
    expect(cleared.status, cleared.stderr).toBe(0);
    expect(JSON.parse(cleared.stdout)).toMatchObject({ permissions: null, rateLimit: null, allowedIps: null });
    expect(run(["keys", "update", key.id, "--rate-limit", "lots"]).stderr).toContain("requests/seconds");
    expect(run(["keys", "update", key.id, "--allowed-ips", "10.0.0.0/33"]).stderr).toMatch(/CIDR|not valid/);
  });
});

test("a verification is a use of the key: its page shows when and from where", async ({ browser, request }) => {
  const svc = await makeKey("service", {
    accountId: await acmeAccountId(),
    role: "read_only",
    name: `Verified ${Date.now()}`,
  });
  const ctx = await browser.newContext({ storageState: "e2e/.auth/owner.json" });
  const page = await ctx.newPage();
  await page.goto(`/settings/api-keys/${svc.id}`);
  await expect(page.getByText("Never", { exact: true })).toBeVisible();
  expect((await verdict(request, { key: svc.token })).valid).toBe(true);
  await page.reload();
  await expect(page.getByText(/ from (127\.0\.0\.1|::1)/)).toBeVisible();
  await ctx.close();
});
