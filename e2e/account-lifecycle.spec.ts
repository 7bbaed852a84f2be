// Change password and delete account, as a person would (docs/concepts.md#the-console).
import { expect, test } from "@playwright/test";
import { signIn, signUp, unique } from "./helpers";

test("changing the password signs out the other browsers and keeps this one", async ({ browser }) => {
  const email = unique("changer");
  const first = await browser.newContext();
  const page = await first.newPage();
  await signUp(page, "Chris Changer", email);
  const second = await browser.newContext();
  const other = await second.newPage();
  await signIn(other, email, "correct horse battery");

  await page.goto("/settings/user");
  await page.getByLabel("Current password").fill("wrong wrong wrong");
  await page.getByLabel("New password", { exact: true }).fill("a fresh phrase of words");
  await page.getByLabel("Confirm new password").fill("a fresh phrase of words");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("That is not your current password.")).toBeVisible();

  await page.getByLabel("Current password").fill("correct horse battery");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Password changed. Your other sessions were signed out.")).toBeVisible();
  // This browser stays; the other one is out.
  await page.reload();
  await expect(page.getByRole("heading", { name: "User settings" })).toBeVisible();
  await other.goto("/settings/user");
  await expect(other).toHaveURL(/\/login/);
  // The new password works; the old one does not.
  await signIn(other, email, "a fresh phrase of words");
  await first.close();
  await second.close();
});

test("an owner deletes the account after typing its name, and its keys fail at once", async ({ page, request }) => {
  await signUp(page, "Dana Deleter", unique("deleter"));
  await page.goto("/settings/user");
  await page.getByRole("button", { name: "Create new API key" }).click();
  await page.getByRole("dialog", { name: "Create API key" }).getByLabel("Name").fill("Doomed");
  await page.getByRole("dialog", { name: "Create API key" }).getByRole("button", { name: "Create" }).click();
  const reveal = page.getByRole("dialog", { name: "Copy your API key" });
  const token = await reveal.getByLabel("API key").inputValue();
  await reveal.getByRole("button", { name: "Done" }).click();
  await reveal.getByRole("button", { name: "Close without copying" }).click();
  await page.goto("/settings/account/general");
  const accountId = await page.getByLabel("Account ID").inputValue();
  const auth = { Authorization: `Bearer ${token}`, "X-Account-Id": accountId };
  expect((await request.get("/api/v1/me", { headers: auth })).status()).toBe(200);

  await page.getByRole("button", { name: "Delete account" }).click();
  const dialog = page.getByRole("dialog", { name: /Delete .*\?/ });
  await expect(dialog.getByRole("button", { name: "Delete account" })).toBeDisabled();
  // Counts in words that agree with them.
  await expect(dialog).toContainText("1 member loses access, and 1 API key created in it stops working at once.");
  await dialog.getByLabel(/Type .* to confirm/).fill("Dana Deleter's account");
  await dialog.getByRole("button", { name: "Delete account" }).click();
  await expect(page).toHaveURL(/\/settings\/user/);
  expect((await request.get("/api/v1/me", { headers: auth })).status()).toBe(401);
});

test("the General page sets a maximum key lifetime; the API then refuses a later expiry with 422", async ({
  page,
  request,
}) => {
  await signUp(page, "Polly Policy", unique("policy"));
  await page.goto("/settings/account/general");
  await page.getByLabel("Plan").selectOption("enterprise");
  await page.getByRole("button", { name: "Change plan" }).click();
  await expect(page.getByText("Plan changed to Enterprise")).toBeVisible();
  await page.getByLabel("Maximum key lifetime").selectOption({ label: "30 days" });
  await expect(page.getByText("New keys now live at most 30 days")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Maximum key lifetime")).toHaveValue("30");

  // A service key through the API: none asked → 30 days; 60 days asked → 422.
  await page.goto("/settings/account/api-keys");
  await page.getByRole("button", { name: "Create service API key" }).click();
  const create = page.getByRole("dialog", { name: "Create API key" });
  await create.getByLabel("Name").fill("Admin bot");
  await create.getByLabel("Role").selectOption({ label: "Admin" });
  await create.getByRole("button", { name: "Create" }).click();
  const reveal = page.getByRole("dialog", { name: "Copy your API key" });
  const token = await reveal.getByLabel("API key").inputValue();
  await reveal.getByRole("button", { name: "Done" }).click();
  await reveal.getByRole("button", { name: "Close without copying" }).click();
  await expect(page.getByRole("row", { name: /Admin bot/ })).toContainText(/Expires in (29|30) days/);
  const auth = { Authorization: `Bearer ${token}` };
  const tooLong = await request.post("/api/v1/api-keys", {
    headers: auth,
    data: { name: "long", role: "read_only", expiresAt: new Date(Date.now() + 60 * 86_400_000).toISOString() },
  });
  expect(tooLong.status()).toBe(422);
  expect((await tooLong.json()).error.details.expiresAt[0]).toContain("at most 30 days");
  const fine = await request.post("/api/v1/api-keys", { headers: auth, data: { name: "short", role: "read_only" } });
  expect(fine.status()).toBe(201);
  expect(Date.parse((await fine.json()).expiresAt)).toBeGreaterThan(Date.now() + 29 * 86_400_000);
});
