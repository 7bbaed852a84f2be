// Leak reports end to end over HTTP: report → key state → API answer → notifications → audit event.
import { expect, test } from "@playwright/test";
import { generateToken } from "../lib/tokens";
import { deleteKey, keyById, makeKey, makeTeamWithKeys, notificationsFor } from "./support/db";
import { rowAction, signUp, unique } from "./helpers";

test.describe.configure({ mode: "parallel" });

const report = (request: import("@playwright/test").APIRequestContext, body: unknown) =>
  request.post("/api/v1/leaks", {
    headers: { "Content-Type": "application/json" },
    data: Buffer.from(JSON.stringify(body)),
  });

for (const action of ["none", "disable", "delete"] as const) {
  test(`leak action "${action}"`, async ({ request }) => {
    const { account, members } = await makeTeamWithKeys("enterprise");
    const key = await makeKey("user", {
      accountId: account.id,
      ownerUserId: members.read_write.user.id,
      name: `Leaky ${action}`,
      leakAction: action,
    });
    const res = await report(request, [{ token: key.token, url: "https://paste.test/abc" }]);
    expect(res.status()).toBe(200);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual([{ token_hint: key.hint, label: "true_positive" }]);
    for (const secret of [key.token, account.id, account.name, key.id]) expect(text).not.toContain(secret);

    const stored = await keyById(key.id);
    const me = await request.get("/api/v1/me", {
      headers: { Authorization: `Bearer ${key.token}`, "X-Account-Id": account.id },
    });
    if (action === "none") {
      expect(stored).toMatchObject({ status: "active", leakedUrl: "https://paste.test/abc" });
      expect(stored?.leakedAt).toBeTruthy();
      expect(me.status()).toBe(200);
    } else if (action === "disable") {
      expect(stored).toMatchObject({ status: "disabled", leakedUrl: "https://paste.test/abc" });
      expect((await me.json()).error.code).toBe("key_disabled");
    } else {
      expect(stored).toBeUndefined();
      expect((await me.json()).error.code).toBe("invalid_key");
    }

    // The key's owner and the account's owners and admins hear about it; nobody else.
    for (const who of ["read_write", "owner", "admin"] as const) {
      const n = await notificationsFor(members[who].user.id);
      expect(n, who).toHaveLength(1);
      expect(n[0]!.message).toContain(`Leaky ${action}`);
    }
    expect(await notificationsFor(members.read_only.user.id)).toHaveLength(0);

    const audit = await request.get("/api/v1/audit-log?action=api_key.leaked", {
      headers: { Authorization: `Bearer ${members.owner.token}`, "X-Account-Id": account.id },
    });
    const { events } = await audit.json();
    expect(events).toEqual([
      expect.objectContaining({
        action: "api_key.leaked",
        target: expect.objectContaining({ id: key.id }),
        details: expect.objectContaining({ url: "https://paste.test/abc", leakAction: action }),
      }),
    ]);
  });
}

test("bad checksums, unknown and deleted keys are false positives and change nothing", async ({ request }) => {
  const { account, members } = await makeTeamWithKeys();
  const real = await makeKey("user", { accountId: account.id, ownerUserId: members.admin.user.id });
  const deleted = await makeKey("user", { accountId: account.id, ownerUserId: members.admin.user.id });
  await deleteKey(deleted.id);
  const mistyped = real.token.slice(0, 10) + (real.token[10] === "a" ? "b" : "a") + real.token.slice(11);
  const res = await report(request, [
    { token: mistyped },
    { token: generateToken("service").token },
    { token: deleted.token },
    { token: "hello" },
  ]);
  expect(res.status()).toBe(200);
  expect((await res.json()).map((v: { label: string }) => v.label)).toEqual([
    "false_positive",
    "false_positive",
    "false_positive",
    "false_positive",
  ]);
  expect(await keyById(real.id)).toMatchObject({ status: "active", leakedAt: null });
  expect(await notificationsFor(members.admin.user.id)).toHaveLength(0);
});

test("reports must be an array of at most 100 tokens", async ({ request }) => {
  expect(
    (
      await report(
        request,
        Array.from({ length: 101 }, () => ({ token: "x" })),
      )
    ).status(),
  ).toBe(422);
  expect((await report(request, { token: "x" })).status()).toBe(422);
  expect((await report(request, [])).status()).toBe(422);
  const malformed = await request.post("/api/v1/leaks", {
    headers: { "Content-Type": "application/json" },
    data: Buffer.from("[{"),
  });
  expect(malformed.status()).toBe(400);
  expect(
    (
      await report(
        request,
        Array.from({ length: 100 }, () => ({ token: "x" })),
      )
    ).status(),
  ).toBe(200);
});

test("the audit log is for owners and admins only, through the API and the page", async ({ request, browser }) => {
  const { account, members } = await makeTeamWithKeys();
  for (const role of ["read_write", "read_only"] as const) {
    const res = await request.get("/api/v1/audit-log", {
      headers: { Authorization: `Bearer ${members[role].token}`, "X-Account-Id": account.id },
    });
    expect(res.status(), role).toBe(403);
  }
  const ok = await request.get("/api/v1/audit-log?limit=1", {
    headers: { Authorization: `Bearer ${members.admin.token}`, "X-Account-Id": account.id },
  });
  expect(ok.status()).toBe(200);
  const bad = await request.get("/api/v1/audit-log?limit=0", {
    headers: { Authorization: `Bearer ${members.admin.token}`, "X-Account-Id": account.id },
  });
  expect(bad.status()).toBe(422);

  const reader = await browser.newContext({ storageState: "e2e/.auth/reader.json" });
  const page = await reader.newPage();
  await page.goto("/settings/account/audit-log");
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Only owners and admins can read the audit log.");
  expect((await page.request.get("/settings/account/audit-log/export")).status()).toBe(403);
  await reader.close();
});

test("a reported leak shows up as a badge on the key and as a notification in the bell", async ({ page, request }) => {
  await signUp(page, "Lena Leak", unique("leak"));
  await page.goto("/settings/user");
  await page.getByRole("button", { name: "Create new API key" }).click();
  await page.getByRole("dialog").getByLabel("Name").fill("Pasted key");
  await page.getByRole("dialog").getByRole("button", { name: "Create" }).click();
  const token = await page.getByRole("dialog", { name: "Copy your API key" }).getByLabel("API key").inputValue();
  await page.getByRole("button", { name: "Done" }).click();
  await page.getByRole("button", { name: "Close without copying" }).click();
  await expect(page.getByRole("button", { name: "Notifications" })).toBeVisible();

  const res = await report(request, [{ token, url: "https://paste.test/lena" }]);
  expect((await res.json())[0].label).toBe("true_positive");

  // The bell refreshes by itself (no reload): TanStack Query refetches on an interval and on focus.
  await expect(page.getByRole("button", { name: "Notifications, 1 unread" })).toBeVisible({ timeout: 25_000 });
  await page.getByRole("button", { name: "Notifications, 1 unread" }).click();
  const panel = page.getByRole("region", { name: "Your notifications" });
  await expect(panel).toContainText("“Pasted key”");
  await expect(panel).toContainText("https://paste.test/lena");
  await panel.getByRole("button", { name: "Mark all as read" }).click();
  await expect(page.getByRole("button", { name: "Notifications" })).toBeVisible();

  await page.reload();
  const row = page.getByRole("row", { name: /Pasted key/ });
  await expect(row).toContainText("Leaked");
  await expect(row).toContainText("Disabled");

  // Enabling a leaked key asks for an explicit acknowledgement.
  await rowAction(page, "Pasted key", "Enable");
  const confirm = page.getByRole("dialog", { name: /Enable “Pasted key” again/ });
  await expect(confirm.getByRole("button", { name: "Enable key" })).toBeDisabled();
  await confirm.getByLabel("I understand this key was exposed and want it to work again.").check();
  await confirm.getByRole("button", { name: "Enable key" }).click();
  await expect(row).toContainText("Active");
});
