import { expect, test } from "@playwright/test";
import { openAdvanced, rowAction, signUp, unique } from "./helpers";
import { acmeAccountId as acmeAccountIdForTest, makeKey, userByEmail } from "./support/db";

test("create a user key, see it once, copy it, use it, disable it, delete it", async ({ page, context, request }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await signUp(page, "Kim Keys", unique("keys"));
  await page.goto("/settings/account/general");
  const accountId = await page.getByLabel("Account ID").inputValue();

  await page.goto("/settings/user");
  await expect(page.getByText("No API keys yet")).toBeVisible();
  await expect(page.getByText(`X-Account-Id: ${accountId}`)).toBeVisible();

  await page.getByRole("button", { name: "Create new API key" }).click();
  const create = page.getByRole("dialog", { name: "Create API key" });
  await create.getByLabel("Name").fill("Deploy bot");
  await create.getByLabel("Description").fill("Used by CI");
  await create.getByLabel("Expires").selectOption("30");
  await openAdvanced(create);
  await create.getByLabel("If leaked").selectOption({ label: "Delete the key" });
  const actionResponse = page.waitForResponse(
    (r) => r.request().method() === "POST" && !!r.request().headers()["next-action"],
  );
  await create.getByRole("button", { name: "Create" }).click();
  // The response that carried the token is not cacheable.
  expect((await actionResponse).headers()["cache-control"]).toContain("no-store");

  const reveal = page.getByRole("dialog", { name: "Copy your API key" });
  await expect(reveal).toContainText("Make sure to copy it now. It won't be shown again.");
  const token = await reveal.getByLabel("API key").inputValue();
  expect(token).toMatch(/^lku_[0-9A-Za-z]{38}$/);
  await expect(reveal.getByLabel("API key")).toHaveAttribute("readonly", "");
  await reveal.getByRole("button", { name: "Copy" }).click();
  await expect(reveal.getByText("Copied")).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
  await reveal.getByRole("button", { name: "Done" }).click();
  await expect(reveal).toBeHidden();

  // Gone from the page, and still gone after a reload; the list shows the hint only.
  expect(await page.content()).not.toContain(token);
  await page.reload();
  expect(await page.content()).not.toContain(token);
  const row = page.getByRole("row", { name: /Deploy bot/ });
  await expect(row).toContainText(`lku_…${token.slice(-4)}`);
  await expect(row).toContainText("Expires in 30 days");
  await expect(row).toContainText("Never used");

  // It works as a Bearer token, and the list then shows when and from where.
  const me = await request.get("/api/v1/me", {
    headers: { Authorization: `Bearer ${token}`, "X-Account-Id": accountId },
  });
  expect(me.status()).toBe(200);
  expect((await me.json()).key).toMatchObject({ kind: "user", name: "Deploy bot", role: "owner" });
  await page.reload();
  await expect(row).not.toContainText("Never used");
  await expect(row).toContainText("127.0.0.1");

  // Disable, refused; enable, accepted.
  await rowAction(page, "Deploy bot", "Disable");
  await expect(row).toContainText("Disabled");
  const disabled = await request.get("/api/v1/me", {
    headers: { Authorization: `Bearer ${token}`, "X-Account-Id": accountId },
  });
  expect((await disabled.json()).error.code).toBe("key_disabled");
  await rowAction(page, "Deploy bot", "Enable");
  await expect(row).toContainText("Active");

  // Delete through the confirmation dialog; the API refuses the key from then on.
  await rowAction(page, "Deploy bot", "Delete");
  const confirm = page.getByRole("dialog");
  await confirm.getByRole("button", { name: "Delete" }).click();
  await expect(page.getByRole("row", { name: /Deploy bot/ })).toHaveCount(0);
  await expect(page.getByText("No API keys yet")).toBeVisible();
  const after = await request.get("/api/v1/me", {
    headers: { Authorization: `Bearer ${token}`, "X-Account-Id": accountId },
  });
  expect(after.status()).toBe(401);
  expect((await after.json()).error.code).toBe("invalid_key");
});

test("editing a key: the name changes, a past date is refused, the dialog closes with Escape", async ({ page }) => {
  await signUp(page, "Eddie Edit", unique("edit"));
  await page.goto("/settings/user");
  await page.getByRole("button", { name: "Create new API key" }).click();
  await page.getByRole("dialog").getByLabel("Name").fill("Old name");
  await page.getByRole("dialog").getByRole("button", { name: "Create" }).click();
  await page.getByRole("dialog", { name: "Copy your API key" }).getByRole("button", { name: "Done" }).click();
  await page
    .getByRole("dialog", { name: "Copy your API key" })
    .getByRole("button", { name: "Close without copying" })
    .click();

  await rowAction(page, "Old name", "Edit");
  const edit = page.getByRole("dialog", { name: "Edit API key" });
  await edit.getByLabel("Name").fill("New name");
  await edit.getByLabel("Expires").selectOption("custom");
  await edit.getByLabel("Expiry date").fill("2020-01-01");
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(edit.getByText("Choose a date in the future.")).toBeVisible();
  await edit.getByLabel("Expires").selectOption("never");
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(edit).toBeHidden();
  await expect(page.getByRole("row", { name: /New name/ })).toContainText("Never");

  await rowAction(page, "New name", "Edit");
  await expect(page.getByRole("dialog", { name: "Edit API key" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toBeHidden();
});

test("while the account restricts key creation, the button explains why it is unavailable", async ({ page }) => {
  await signUp(page, "Rex Restricted", unique("restricted"));
  await page.goto("/settings/account/general");
  await page.getByLabel("Restrict API key creation").check();
  await expect(page.getByText("Only members with the grant can now create API keys")).toBeVisible();
  await page.goto("/settings/user");
  await expect(page.getByRole("button", { name: "Create new API key" })).toBeDisabled();
  await expect(page.getByText(/restricts API key creation/)).toBeVisible();
});

test("the reveal dialog never loses a token by accident: Escape, outside click and Done ask first; focus returns", async ({
  page,
  context,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await signUp(page, "Careful Cleo", unique("careful"));
  await page.goto("/settings/user");
  const trigger = page.getByRole("button", { name: "Create new API key" });
  // Keyboard only: open, name, create.
  await trigger.focus();
  await page.keyboard.press("Enter");
  await page.keyboard.type("Keyboard key");
  await page.getByRole("dialog", { name: "Create API key" }).getByRole("button", { name: "Create" }).press("Enter");
  const reveal = page.getByRole("dialog", { name: "Copy your API key" });
  await expect(reveal).toBeVisible();

  await page.keyboard.press("Escape");
  await expect(reveal.getByText("Close without copying?")).toBeVisible();
  await expect(reveal.getByRole("button", { name: "Go back" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(reveal.getByText("Close without copying?")).toBeHidden();

  await page.mouse.click(5, 5);
  await expect(reveal).toBeVisible();
  await expect(reveal.getByText("Close without copying?")).toBeVisible();
  await reveal.getByRole("button", { name: "Go back" }).click();
  await reveal.getByRole("button", { name: "Done" }).click();
  await expect(reveal.getByText("Close without copying?")).toBeVisible();
  await reveal.getByRole("button", { name: "Go back" }).click();

  // Once copied, Done closes at once and focus goes back to the button that started it all.
  await reveal.getByRole("button", { name: "Copy", exact: true }).click();
  await reveal.getByRole("button", { name: "Done" }).click();
  await expect(reveal).toBeHidden();
  await expect(trigger).toBeFocused();
});

test("a list of 120 keys: search by name, sort, and pages of 50, all in the URL", async ({ page }) => {
  const email = unique("many");
  await signUp(page, "Manny Keys", email);
  await page.goto("/settings/account/general");
  const accountId = await page.getByLabel("Account ID").inputValue();
  const owner = await userByEmail(email);
  for (let i = 0; i < 120; i++)
    await makeKey("user", {
      accountId,
      ownerUserId: owner.id,
      name: `Batch ${String(i).padStart(3, "0")}`,
      expiresAt: i === 42 ? new Date(Date.now() + 86_400_000) : null,
      createdAt: new Date(Date.now() - (120 - i) * 1000),
    });

  await page.goto("/settings/user");
  const pager = page.getByRole("navigation", { name: "Pages of keys" });
  await expect(pager).toContainText("Page 1 of 3 · 120 keys");
  await expect(page.getByRole("row", { name: /Batch/ })).toHaveCount(50);
  await pager.getByRole("link", { name: "Next →" }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(pager).toContainText("Page 2 of 3");
  await pager.getByRole("link", { name: "Next →" }).click();
  await expect(page.getByRole("row", { name: /Batch/ })).toHaveCount(20);

  // Search: Enter applies it, and the URL can be shared.
  await page.getByLabel("Search keys").fill("Batch 07");
  await page.getByLabel("Search keys").press("Enter");
  await expect(page).toHaveURL(/q=Batch\+07/);
  await expect(page.getByRole("row", { name: /Batch 07\d/ })).toHaveCount(10);
  await expect(pager).toBeHidden();
  await page.getByLabel("Search keys").fill("nothing like this");
  await page.getByLabel("Search keys").press("Enter");
  await expect(page.getByText("No keys match")).toBeVisible();

  // Sort applies as it is chosen: the one expiring key comes first.
  await page.goto("/settings/user");
  await page.getByLabel("Sort by").selectOption({ label: "Expiring soonest" });
  await expect(page).toHaveURL(/sort=expiry/);
  await expect(page.getByRole("row", { name: /Batch/ }).first()).toContainText("Batch 042");
  await page.getByLabel("Sort by").selectOption({ label: "Newest first" });
  await expect(page.getByRole("row", { name: /Batch/ }).first()).toContainText("Batch 119");
});

test("rotate a key from its row: a new key shown once, the old one marked Rotating until the new one is used", async ({
  page,
  request,
}) => {
  await signUp(page, "Rory Rotator", unique("rotator"));
  await page.goto("/settings/account/general");
  const accountId = await page.getByLabel("Account ID").inputValue();
  await page.goto("/settings/user");
  await page.getByRole("button", { name: "Create new API key" }).click();
  await page.getByRole("dialog", { name: "Create API key" }).getByLabel("Name").fill("Deployer");
  await page.getByRole("dialog", { name: "Create API key" }).getByRole("button", { name: "Create" }).click();
  let reveal = page.getByRole("dialog", { name: "Copy your API key" });
  const oldToken = await reveal.getByLabel("API key").inputValue();
  await reveal.getByRole("button", { name: "Done" }).click();
  await reveal.getByRole("button", { name: "Close without copying" }).click();

  await rowAction(page, "Deployer", "Rotate");
  const dialog = page.getByRole("dialog", { name: "Rotate API key" });
  await dialog
    .getByLabel("Old key stops working")
    .selectOption({ label: "When the new key is first used (at most 7 days)" });
  await dialog.getByRole("button", { name: "Rotate" }).click();
  reveal = page.getByRole("dialog", { name: "Copy your API key" });
  const newToken = await reveal.getByLabel("API key").inputValue();
  expect(newToken).not.toBe(oldToken);
  await reveal.getByRole("button", { name: "Done" }).click();
  await reveal.getByRole("button", { name: "Close without copying" }).click();

  const auth = (t: string) => ({ Authorization: `Bearer ${t}`, "X-Account-Id": accountId });
  expect((await request.get("/api/v1/me", { headers: auth(oldToken) })).status()).toBe(200);
  await page.reload();
  const rows = page.getByRole("row", { name: /Deployer/ });
  await expect(rows).toHaveCount(2);
  await expect(page.getByText("Rotating", { exact: true })).toBeVisible();
  await expect(page.getByText(/Still used .* from (127\.0\.0\.1|::1)/)).toBeVisible();

  // The new key's first use ends the old one at once.
  expect((await request.get("/api/v1/me", { headers: auth(newToken) })).status()).toBe(200);
  expect((await request.get("/api/v1/me", { headers: auth(oldToken) })).status()).toBe(401);
  await page.reload();
  await expect(page.getByText("Rotating", { exact: true })).toBeHidden();
});

test("the key page offers edit, rotate, disable and delete, and its leak banner offers Rotate", async ({
  page,
  request,
}) => {
  await signUp(page, "Kay Page", unique("keypage"));
  await page.goto("/settings/user");
  await page.getByRole("button", { name: "Create new API key" }).click();
  await page.getByRole("dialog", { name: "Create API key" }).getByLabel("Name").fill("Paged key");
  await openAdvanced(page.getByRole("dialog", { name: "Create API key" }));
  await page
    .getByRole("dialog", { name: "Create API key" })
    .getByLabel("If leaked")
    .selectOption({ label: "Do nothing" });
  await page.getByRole("dialog", { name: "Create API key" }).getByRole("button", { name: "Create" }).click();
  const reveal = page.getByRole("dialog", { name: "Copy your API key" });
  const token = await reveal.getByLabel("API key").inputValue();
  await reveal.getByRole("button", { name: "Done" }).click();
  await reveal.getByRole("button", { name: "Close without copying" }).click();
  await request.post("/api/v1/leaks", { data: [{ token, url: "https://paste.test/kay" }] });

  await page.getByRole("link", { name: "Paged key" }).click();
  const actions = page.getByRole("group", { name: "Key actions" });
  for (const name of [
    "Edit API key Paged key",
    "Rotate API key Paged key",
    "Disable API key Paged key",
    "Delete API key Paged key",
  ])
    await expect(actions.getByRole("button", { name })).toBeVisible();
  await expect(page.getByRole("button", { name: "Rotate now" })).toBeVisible();

  await actions.getByRole("button", { name: "Disable API key Paged key" }).click();
  await expect(actions.getByRole("button", { name: "Enable API key Paged key" })).toBeVisible();
  await actions.getByRole("button", { name: "Delete API key Paged key" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete" }).click();
  await expect(page).toHaveURL(/\/settings\/user$/);
  await expect(page.getByRole("link", { name: "Paged key" })).toBeHidden();
});

test("the key page's chart has an axis and a readable count per day, by pointer or keyboard", async ({
  browser,
  request,
}) => {
  const ctx = await browser.newContext({ storageState: "e2e/.auth/owner.json" });
  const page = await ctx.newPage();
  const key = await makeKey("service", {
    accountId: await acmeAccountIdForTest(),
    role: "read_only",
    name: `Charted ${Date.now()}`,
  });
  for (let i = 0; i < 3; i++)
    expect((await request.get("/api/v1/me", { headers: { Authorization: `Bearer ${key.token}` } })).status()).toBe(200);
  await page.goto(`/settings/api-keys/${key.id}`);
  const chart = page.getByRole("group", { name: /Requests per day over the last 30 days: 3 in all/ });
  await expect(chart).toBeVisible();
  const today = new Date().toLocaleDateString("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
  // One Tab stop for the whole chart; the arrow keys read the days.
  await chart.focus();
  await expect(chart).toBeFocused();
  await page.keyboard.press("End");
  await expect(chart.getByText(`${today}: 3 requests`)).toBeVisible();
  await page.keyboard.press("ArrowLeft");
  await expect(chart.getByText(`: 0 requests`)).toBeVisible();
  await page.keyboard.press("Tab");
  await expect(chart).not.toBeFocused();
  await page.screenshot({ path: ".reports/key-chart.png" });
  await ctx.close();
});

test("a dialog opened as soon as a page has loaded opens (its code comes on first use), and Escape gives focus back to its button", async ({
  browser,
}) => {
  const ctx = await browser.newContext({ storageState: "e2e/.auth/owner.json" });
  const page = await ctx.newPage();
  await page.goto("/settings/user", { waitUntil: "load" });
  const trigger = page.getByRole("button", { name: "Create new API key" });
  await trigger.click();
  const dialog = page.getByRole("dialog", { name: "Create API key" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel("Name")).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(trigger).toBeFocused();
  await ctx.close();
});
