import { expect, test } from "@playwright/test";
import { rowAction, signUp, unique } from "./helpers";
import { acmeAccountId, makeKey, userByEmail } from "./support/db";

test.describe("as the demo admin", () => {
  test.use({ storageState: "e2e/.auth/admin.json" });

  test("creates a service key on the enterprise account and uses it", async ({ page, request }) => {
    await page.goto("/settings/account/api-keys");
    await expect(page.getByRole("combobox", { name: "View" })).toHaveValue("service");
    const legacy = page.getByRole("row", { name: /Legacy account key/ });
    await expect(legacy).toContainText("Legacy");
    await expect(legacy).toContainText("lka_…cM6P");
    await expect(page.getByText("account-scoped keys can no longer be created")).toBeVisible();

    const name = `Deploy pipeline ${Date.now()}`;
    await page.getByRole("button", { name: "Create service API key" }).click();
    const dialog = page.getByRole("dialog", { name: "Create API key" });
    await dialog.getByLabel("Name").fill(name);
    await dialog.getByLabel("Role").selectOption({ label: "Read & write" });
    await dialog.getByRole("button", { name: "Create" }).click();
    const reveal = page.getByRole("dialog", { name: "Copy your API key" });
    const token = await reveal.getByLabel("API key").inputValue();
    expect(token).toMatch(/^lks_[0-9A-Za-z]{38}$/);
    await reveal.getByRole("button", { name: "Done" }).click();
    await reveal.getByRole("button", { name: "Close without copying" }).click();

    const row = page.getByRole("row", { name: new RegExp(name) });
    await expect(row).toContainText("Read & write");
    await expect(row).toContainText("by Adam Admin");
    // A service key needs no account header; it acts with its own role.
    const list = await request.get("/api/v1/checks", { headers: { Authorization: `Bearer ${token}` } });
    expect(list.status()).toBe(200);
    const created = await request.post("/api/v1/checks", {
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      data: { name: "From the service key", url: "https://acme.test/svc" },
    });
    expect(created.status()).toBe(201);
    const keys = await request.get("/api/v1/api-keys", { headers: { Authorization: `Bearer ${token}` } });
    expect(keys.status()).toBe(403); // read_write cannot manage keys
  });

  test("the View filter lists a member's key and the admin deletes it", async ({ page, request }) => {
    const writer = await userByEmail("writer@acme.test");
    const accountId = await acmeAccountId();
    const name = `Writer laptop ${Date.now()}`;
    const key = await makeKey("user", { accountId, ownerUserId: writer.id, name });
    await page.goto("/settings/account/api-keys");
    await page.getByRole("combobox", { name: "View" }).selectOption({ label: "All user API keys" });
    await expect(page).toHaveURL(/view=users/);
    const row = page.getByRole("row", { name: new RegExp(name) });
    await expect(row).toContainText("Wendy Writer");
    await rowAction(page, name, "Delete");
    await page.getByRole("dialog").getByRole("button", { name: "Delete" }).click();
    await expect(row).toHaveCount(0);
    // The row may leave the list before the deletion is committed: ask until the key is refused.
    await expect
      .poll(async () =>
        (
          await request.get("/api/v1/me", {
            headers: { Authorization: `Bearer ${key.token}`, "X-Account-Id": accountId },
          })
        ).status(),
      )
      .toBe(401);
  });
});

test.describe("as the demo reader", () => {
  test.use({ storageState: "e2e/.auth/reader.json" });

  test("a read-only member finds no way to create a service key", async ({ page }) => {
    await page.goto("/settings/account/api-keys");
    await expect(page.getByText("Only owners and admins manage service API keys")).toBeVisible();
    await expect(page.getByRole("button", { name: "Create service API key" })).toHaveCount(0);
    await expect(page.getByRole("combobox", { name: "View" })).toHaveCount(0);
    await page.goto("/settings/account/api-keys?view=service");
    await expect(page.getByRole("button", { name: "Create service API key" })).toHaveCount(0);
    await expect(page.getByText("Legacy account key")).toHaveCount(0);
  });
});

test("a hobby account sees the upgrade note instead of the create button", async ({ page }) => {
  await signUp(page, "Holly Hobby", unique("hobby"));
  await page.goto("/settings/account/api-keys");
  await expect(page.getByRole("note")).toContainText("Service API keys need the Enterprise plan");
  await expect(page.getByRole("button", { name: "Create service API key" })).toHaveCount(0);
});
