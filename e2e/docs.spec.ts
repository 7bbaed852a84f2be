// /docs: the API reference rendered in Chromium from the generated description, linked from the console.
import { expect, test } from "@playwright/test";
import { signUp, unique } from "./helpers";

test("the console links to /docs, which renders the API reference with the auth scheme and error table", async ({
  browser,
}) => {
  const ctx = await browser.newContext({ storageState: "e2e/.auth/writer.json" });
  const page = await ctx.newPage();
  const violations: string[] = [];
  page.on("console", (m) => m.text().includes("Content Security Policy") && violations.push(m.text()));
  page.on("pageerror", (e) => violations.push(e.message));

  await page.goto("/settings/user");
  await expect(
    page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "API docs" }),
  ).toHaveAttribute("href", "/docs");
  await page.getByRole("button", { name: "User menu" }).click();
  await page.getByRole("banner").getByRole("link", { name: "API docs" }).click();
  await expect(page).toHaveURL(/\/docs$/);

  // Rendered by the reference renderer from /api/v1/openapi.json.
  await expect(page.getByRole("heading", { name: /Latchkey API/ }).first()).toBeVisible();
  await expect(page.getByText("OAS 3.1")).toBeVisible();
  await expect(page.locator(".opblock-summary-path", { hasText: "/api/v1/checks/{id}" }).first()).toBeVisible();
  await expect(page.locator(".opblock-summary-path", { hasText: "/api/v1/leaks" })).toBeVisible();
  // The error table and the authentication scheme.
  await expect(page.getByRole("cell", { name: "payload_too_large" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Authorize" })).toBeVisible();
  await expect(page.getByText("X-Account-Id").first()).toBeVisible();
  expect(violations).toEqual([]);
  await ctx.close();
});

test("the empty key list points to the reference", async ({ page }) => {
  await signUp(page, "Docs Reader", unique("docs"));
  await page.goto("/settings/user");
  await expect(page.getByText("No API keys yet")).toBeVisible();
  await expect(page.getByRole("link", { name: "API reference" })).toHaveAttribute("href", "/docs");
});
