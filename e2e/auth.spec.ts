import { expect, test } from "@playwright/test";
import { signIn, signOut, signUp, unique } from "./helpers";

test("sign up creates a personal Hobby account the user owns; sign out and sign in again", async ({ page }) => {
  const email = unique("newcomer");
  await signUp(page, "Nora Newcomer", email);
  await page.goto("/settings/account/general");
  await expect(page.getByLabel("Account name")).toHaveValue("Nora Newcomer's account");
  await expect(page.getByLabel("Plan")).toHaveValue("hobby");
  await expect(page.getByRole("banner").getByText("Owner")).toBeVisible();

  await signOut(page);
  await page.goto("/settings/user");
  await expect(page).toHaveURL(/\/login/);

  await signIn(page, email, "correct horse battery");
  await expect(page.getByRole("heading", { name: "User settings" })).toBeVisible();
});

test("a wrong password shows an alert that does not reveal whether the email exists", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill("owner@acme.test");
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  const alert = page.getByRole("main").getByRole("alert");
  await expect(alert).toHaveText("Incorrect email or password.");
  await expect(page).toHaveURL(/\/login/);

  await page.getByLabel("Email").fill(unique("nobody"));
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(alert).toHaveText("Incorrect email or password.");
});

test("sign-up refuses a short password with a message next to the field", async ({ page }) => {
  await page.goto("/signup");
  await page.getByLabel("Name").fill("Shorty");
  await page.getByLabel("Email").fill(unique("shorty"));
  await page.getByLabel("Password").fill("too-short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Use at least 12 characters.")).toBeVisible();
  await expect(page).toHaveURL(/\/signup/);
});

test("signed-out visitors are sent to sign in", async ({ page }) => {
  await page.goto("/settings/account/team");
  await expect(page).toHaveURL(/\/login/);
});
