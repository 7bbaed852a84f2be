// Key health in Chromium (docs/concepts.md#key-health): each finding's one-click fix, the count in the settings
// navigation, and restricted keys made and edited through the dialogs.
import { expect, test } from "@playwright/test";
import { eq } from "drizzle-orm";
import { memberships } from "../db/schema";
import { openAdvanced, rowAction, signUp, unique } from "./helpers";
import { acmeAccountId, e2eDb, keyById, makeKey, recordUse, userByEmail } from "./support/db";

test.use({ storageState: "e2e/.auth/owner.json" });

const DAY = 86_400_000;
const today = () => new Date().toISOString().slice(0, 10);
const restrictedToChecksRead = JSON.stringify({ checks: "read", members: "none", api_keys: "none", audit_log: "none" });

test("each finding's one-click fix, and the count in the settings navigation", async ({ page }) => {
  const accountId = await acmeAccountId();
  const tag = Date.now().toString(36);
  // Past their first day: a key is only reported once it has had a day to be set up.
  const base = { accountId, expiresAt: new Date(Date.now() + 20 * DAY), createdAt: new Date(Date.now() - 2 * DAY) };
  const quiet = { permissions: restrictedToChecksRead, lastUsedAt: new Date(), lastUsedIp: "198.51.100.4" };
  const over = await makeKey("service", {
    ...base,
    role: "read_write",
    name: `Over ${tag}`,
    extra: { lastUsedAt: new Date() },
  });
  await recordUse(over.id, today(), "checks", "read");
  const forever = await makeKey("service", { ...base, expiresAt: null, name: `Forever ${tag}`, extra: quiet });
  await recordUse(forever.id, today(), "checks", "read");
  const idle = await makeKey("service", {
    ...base,
    name: `Idle ${tag}`,
    createdAt: new Date(Date.now() - 20 * DAY),
    extra: { permissions: restrictedToChecksRead },
  });
  const open = await makeKey("service", {
    ...base,
    role: "admin",
    name: `Open ${tag}`,
    extra: { ...quiet, lastUsedIp: "203.0.113.77" },
  });
  await recordUse(open.id, today(), "checks", "read");
  const leaked = await makeKey("service", {
    ...base,
    name: `Leaked ${tag}`,
    extra: { ...quiet, leakedAt: new Date() },
  });
  await recordUse(leaked.id, today(), "checks", "read");

  await page.goto("/settings/account/key-health");
  const nav = page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: /Key health/ });
  const countBefore = Number((await nav.textContent())!.match(/\d+/)![0]);
  expect(countBefore).toBeGreaterThanOrEqual(5);
  await expect(page.getByRole("heading", { name: "Key health" })).toBeVisible();
  const findings = page.getByRole("list", { name: "Findings" });
  const overItem = findings.getByRole("listitem").filter({ hasText: `Over ${tag}` });
  await expect(overItem.getByText("Made only reads of checks in 30 days: restrict to checks: read.")).toBeVisible();

  await page.getByRole("button", { name: `Restrict: Over ${tag} (over privileged)` }).click();
  await expect(page.getByText("Key restricted")).toBeVisible();
  await expect(page.getByRole("button", { name: `Restrict: Over ${tag} (over privileged)` })).toBeHidden();
  // Focus moves on to another finding's fix, not to the page.
  await expect(findings.getByRole("button").and(page.locator(":focus"))).toHaveCount(1);
  expect(JSON.parse((await keyById(over.id))!.permissions!)).toEqual({
    checks: "read",
    members: "none",
    api_keys: "none",
    audit_log: "none",
  });

  await page.getByRole("button", { name: `Expire in 90 days: Forever ${tag} (no expiry)` }).click();
  await expect(page.getByRole("button", { name: `Expire in 90 days: Forever ${tag} (no expiry)` })).toBeHidden();
  expect((await keyById(forever.id))!.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 89 * DAY);

  await page.getByRole("button", { name: `Disable: Idle ${tag} (never used)` }).click();
  await expect(page.getByRole("button", { name: `Disable: Idle ${tag} (never used)` })).toBeHidden();
  expect((await keyById(idle.id))!.status).toBe("disabled");

  await page.getByRole("button", { name: `Allow only 203.0.113.77: Open ${tag} (no ip allowlist)` }).click();
  await expect(
    page.getByRole("button", { name: `Allow only 203.0.113.77: Open ${tag} (no ip allowlist)` }),
  ).toBeHidden();
  expect(JSON.parse((await keyById(open.id))!.allowedIps!)).toEqual(["203.0.113.77"]);

  // Rotating shows the new key once, like any rotation; the finding goes once the dialog is done.
  const rotate = page.getByRole("button", { name: `Rotate: Leaked ${tag} (leaked active)` });
  await rotate.click();
  const reveal = page.getByRole("dialog", { name: "Copy your API key" });
  await expect(reveal.getByLabel("API key")).toHaveValue(/^lks_/);
  await reveal.getByRole("button", { name: "Copy", exact: true }).click();
  await reveal.getByRole("button", { name: "Done" }).click();
  await expect(rotate).toBeHidden();
  expect((await keyById(leaked.id))!.rotatedAt).not.toBeNull();

  // The navigation counts what the page lists (one rendering: other tests add keys to Acme meanwhile).
  // The rotated key's successor is in its first day: not reported yet.
  await page.reload();
  const listed = await findings.getByRole("listitem").count();
  expect(listed).toBeLessThan(countBefore);
  await expect(nav).toHaveText(`Key health${listed} findings`);

  // The audit log tells the story in sentences.
  await page.goto("/settings/account/audit-log");
  await expect(page.getByRole("main").getByText(`Over ${tag}`).first()).toBeVisible();
});

test("a key in its first day is not reported unless leaked; the owner is shown how to fix her own key", async ({
  page,
}) => {
  const accountId = await acmeAccountId();
  const owner = await userByEmail("owner@acme.test");
  const writer = await userByEmail("writer@acme.test");
  const tag = Date.now().toString(36);
  const twoDaysAgo = new Date(Date.now() - 2 * DAY);
  const fresh = await makeKey("service", { accountId, role: "admin", name: `Fresh ${tag}` });
  await makeKey("service", { accountId, name: `Fresh leak ${tag}`, extra: { leakedAt: new Date() } });
  // Her own user key, admin-level, never used from anywhere yet: no address to allow, so no one-click fix.
  const mine = await makeKey("user", {
    accountId,
    ownerUserId: owner.id,
    name: `Mine ${tag}`,
    expiresAt: new Date(Date.now() + 20 * DAY),
    createdAt: twoDaysAgo,
  });
  const theirs = await makeKey("user", {
    accountId,
    ownerUserId: writer.id,
    name: `Theirs ${tag}`,
    createdAt: twoDaysAgo,
  });

  await page.goto("/settings/account/key-health");
  const findings = page.getByRole("list", { name: "Findings" });
  // A leaked key is reported at once, with everything else about it.
  const leakFindings = findings.getByRole("listitem").filter({ hasText: `Fresh leak ${tag}` });
  await expect(leakFindings.filter({ hasText: "Leaked and still active" })).toHaveCount(1);
  await expect(leakFindings.filter({ hasText: "Never expires" })).toHaveCount(1);
  await expect(findings.getByRole("listitem").filter({ hasText: fresh.name })).toHaveCount(0);

  const own = findings.getByRole("listitem").filter({ hasText: mine.name });
  await expect(own).toContainText("Admin-level key usable from anywhere");
  await expect(own).not.toContainText("Its owner can fix this");
  const open = own.getByRole("link", { name: `Open key ${mine.name}`, exact: true });
  await expect(open).toHaveText("Open key");
  await open.click();
  await expect(page).toHaveURL(new RegExp(`/settings/api-keys/${mine.id}$`));

  await page.goBack();
  await expect(findings.getByRole("listitem").filter({ hasText: theirs.name })).toContainText("Its owner can fix this");
});

test("after the last fix on the page focus lands on the report's summary", async ({ browser }) => {
  // A personal account of its own, so no other test's keys are in its report.
  const ctx = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await ctx.newPage();
  const email = unique("healthy");
  await signUp(page, "Hana Health", email);
  const user = await userByEmail(email);
  const [membership] = await e2eDb().select().from(memberships).where(eq(memberships.userId, user.id));
  const key = await makeKey("user", {
    accountId: membership!.accountId,
    ownerUserId: user.id,
    name: "Everlasting",
    createdAt: new Date(Date.now() - 2 * DAY),
    extra: { allowedIps: JSON.stringify(["203.0.113.1"]) },
  });
  await page.goto("/settings/account/key-health");
  await expect(page.getByRole("heading", { name: "1 finding on 1 key" })).toBeVisible();
  // The navigation's count in the singular too.
  await expect(page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: /Key health/ })).toHaveText(
    "Key health1 finding",
  );
  await page.getByRole("button", { name: `Expire in 90 days: ${key.name} (no expiry)` }).click();
  await expect(page.getByText("Every key looks healthy")).toBeVisible();
  await expect(page.getByText("Findings", { exact: true })).toBeFocused();
  await ctx.close();
});

test("a restricted key with a rate limit and an allow-list, made and edited in the dialogs", async ({ page }) => {
  const name = `Scoped ${Date.now().toString(36)}`;
  await page.goto("/settings/account/api-keys");
  await page.getByRole("button", { name: "Create service API key" }).click();
  const create = page.getByRole("dialog", { name: "Create API key" });
  await create.getByLabel("Name").fill(name);
  await openAdvanced(create);
  await create.getByRole("radio", { name: "Restricted" }).check();
  await create.getByLabel("Access to checks").selectOption("write");
  await create.getByLabel("Access to members").selectOption("read");
  await create.getByLabel("Rate limit", { exact: true }).fill("120");
  await create.getByLabel("Window in seconds").fill("60");
  await create.getByLabel("Allowed IPs").fill("203.0.113.0/24\nnot-an-ip");
  await create.getByRole("button", { name: "Create" }).click();
  await expect(create.getByText('"not-an-ip" is not an IPv4 or IPv6 address or CIDR range.')).toBeVisible();
  await create.getByLabel("Allowed IPs").fill("203.0.113.0/24\n2001:db8::/32");
  await create.getByRole("button", { name: "Create" }).click();
  const reveal = page.getByRole("dialog", { name: "Copy your API key" });
  await reveal.getByRole("button", { name: "Copy", exact: true }).click();
  await reveal.getByRole("button", { name: "Done" }).click();

  const row = page.getByRole("row").filter({ hasText: name });
  await expect(row).toContainText(
    "Restricted to checks: read and write, members: read · 120 requests per 60 s · from 2 allowed IP ranges",
  );

  // Edit: back to the role's access, no limit.
  await rowAction(page, name, "Edit");
  const edit = page.getByRole("dialog", { name: "Edit API key" });
  // Closed, it says what is set inside.
  await expect(
    edit.getByRole("button", { name: "Advanced · restricted access, rate limit, 2 IP ranges" }),
  ).toBeVisible();
  await openAdvanced(edit);
  await expect(edit.getByLabel("Access to checks")).toHaveValue("write");
  await expect(edit.getByLabel("Allowed IPs")).toHaveValue("203.0.113.0/24\n2001:db8::/32");
  await edit.getByRole("radio", { name: "Inherit role" }).check();
  await expect(edit.getByLabel("Access to checks")).toBeHidden();
  await edit.getByLabel("Rate limit", { exact: true }).fill("");
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(edit).toBeHidden();
  await expect(row).toContainText("from 2 allowed IP ranges");
  await expect(row).not.toContainText("Restricted");

  // The key page shows the access it has.
  await row.getByRole("link", { name }).click();
  await expect(page.getByText("Inherits its role.")).toBeVisible();
  await expect(page.getByText("203.0.113.0/24, 2001:db8::/32")).toBeVisible();
});
