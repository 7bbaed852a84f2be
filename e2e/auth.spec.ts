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

test("an invited person who signs in, then chooses to create an account, comes back to the invitation with the email filled in", async ({
  page,
  browser,
}) => {
  // The demo admin invites a new address to Acme Corp.
  const inviter = await browser.newContext({ storageState: "e2e/.auth/admin.json" });
  const admin = await inviter.newPage();
  const email = unique("invited");
  await admin.goto("/settings/account/team");
  await admin.getByRole("button", { name: "Invite member" }).click();
  const dialog = admin.getByRole("dialog", { name: "Invite member" });
  await dialog.getByLabel("Email").fill(email);
  await dialog.getByRole("button", { name: "Send invite" }).click();
  const link = await admin.getByRole("dialog", { name: "Invitation link" }).getByLabel("Invitation link").inputValue();
  await inviter.close();
  const invitePath = new URL(link).pathname;

  // The invitee opens the link, goes to sign in, and only there picks "Create an account".
  await page.goto(invitePath);
  await page.getByRole("link", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/login\?callbackUrl=/);
  await page.getByRole("link", { name: "Create an account" }).click();
  await expect(page.getByLabel("Email")).toHaveValue(email);
  await expect(page.getByRole("main")).toContainText("return to your invitation to join Acme Corp");
  await page.getByLabel("Name").fill("Ines Invited");
  await page.getByLabel("Password").fill("correct horse battery");
  await page.getByRole("button", { name: "Create account" }).click();

  // Back on the invitation (not in the new personal account's console), where joining works.
  await expect(page).toHaveURL(new RegExp(`${invitePath}$`));
  await page.getByRole("button", { name: "Join Acme Corp" }).click();
  await expect(page).toHaveURL(/\/settings\/account\/team/);
  await expect(page.getByRole("main")).toContainText(email);
  await expect(page.getByRole("combobox", { name: "Account" })).toContainText("Acme Corp");
});

test("sign-up sends nobody to another site, whatever its next says", async ({ page }) => {
  await page.goto(`/signup?next=${encodeURIComponent("//evil.test/invite/x")}`);
  await page.getByLabel("Name").fill("Otto Open");
  await page.getByLabel("Email").fill(unique("open-redirect"));
  await page.getByLabel("Password").fill("correct horse battery");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/^http:\/\/localhost:\d+\/settings\//);
});
