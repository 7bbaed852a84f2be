import { expect, type Locator, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "latchkey-demo";
export const unique = (prefix: string) =>
  `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}@example.test`;

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/settings\//);
}

export async function signUp(page: Page, name: string, email: string, password = "correct horse battery") {
  await page.goto("/signup");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/settings\//);
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: "User menu" }).click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
}

export type RowAction = "Edit" | "Rotate" | "Disable" | "Enable" | "Delete";

/** A key row's action: opens its menu **Actions for {name}**, then picks the item **{action} API key {name}**. */
export async function rowAction(page: Page, name: string, action: RowAction) {
  await page.getByRole("button", { name: `Actions for ${name}`, exact: true }).click();
  await page.getByRole("menuitem", { name: `${action} API key ${name}`, exact: true }).click();
}

/** Opens the Advanced section of a create or edit key dialog (If leaked, Permissions, Rate limit, Allowed IPs). */
export async function openAdvanced(dialog: Locator) {
  const advanced = dialog.getByRole("button", { name: /^Advanced/ });
  if ((await advanced.getAttribute("aria-expanded")) !== "true") await advanced.click();
  await expect(advanced).toHaveAttribute("aria-expanded", "true");
}
