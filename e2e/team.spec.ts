import { expect, test } from "@playwright/test";
import { signUp, unique } from "./helpers";

test("invite, accept in a second browser, change the role, remove the member", async ({ page, browser }) => {
  const ownerEmail = unique("team-owner");
  const inviteeEmail = unique("team-invitee");
  await signUp(page, "Tess Owner", ownerEmail);
  await page.goto("/settings/account/team");

  // Invite: the dialog creates a single-use link shown with Copy.
  await page.getByRole("button", { name: "Invite member" }).click();
  const dialog = page.getByRole("dialog", { name: "Invite member" });
  await dialog.getByLabel("Email").fill(inviteeEmail);
  await dialog.getByLabel("Role").selectOption({ label: "Read & write" });
  await dialog.getByRole("button", { name: "Send invite" }).click();
  const linkDialog = page.getByRole("dialog", { name: "Invitation link" });
  await expect(linkDialog.getByRole("button", { name: "Copy" })).toBeVisible();
  const link = await linkDialog.getByLabel("Invitation link").inputValue();
  expect(link).toMatch(/\/invite\/[0-9A-Za-z]{32}$/);
  await linkDialog.getByRole("button", { name: "Done" }).click();
  await expect(page.getByText(inviteeEmail, { exact: true })).toBeVisible(); // pending invitations list

  // A new visitor opens the link, signs up with the invited address, and joins.
  const other = await browser.newContext();
  const invitee = await other.newPage();
  await invitee.goto(link);
  await expect(invitee.getByRole("heading", { name: "Join Tess Owner's account" })).toBeVisible();
  await invitee.getByRole("link", { name: "Create account" }).click();
  await expect(invitee.getByLabel("Email")).toHaveValue(inviteeEmail);
  await invitee.getByLabel("Name").fill("Ivan Invitee");
  await invitee.getByLabel("Password").fill("correct horse battery");
  await invitee.getByRole("button", { name: "Create account" }).click();
  await expect(invitee).toHaveURL(/\/invite\//);
  await invitee.getByRole("button", { name: "Join Tess Owner's account" }).click();
  await expect(invitee).toHaveURL(/\/settings\/account\/team/);
  await expect(invitee.getByRole("combobox", { name: "Account" })).toHaveValue(/.+/);
  await expect(invitee.getByRole("combobox", { name: `Role for ${inviteeEmail}` })).toBeDisabled();

  // The link is single-use.
  await invitee.goto(link);
  await expect(invitee.getByRole("heading", { name: "Invitation already used" })).toBeVisible();

  // The owner changes the new member's role.
  await page.reload();
  const roleSelect = page.getByRole("combobox", { name: `Role for ${inviteeEmail}` });
  await expect(roleSelect).toHaveValue("read_write");
  // A role change asks first; Cancel keeps the stored role.
  await roleSelect.selectOption("read_only");
  const confirm = page.getByRole("dialog", { name: "Change role?" });
  await expect(confirm).toContainText("from Read & write to Read only");
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(roleSelect).toHaveValue("read_write");
  await roleSelect.selectOption("admin");
  await confirm.getByRole("button", { name: "Change role" }).click();
  await expect(page.getByText(`${inviteeEmail} is now Admin`)).toBeVisible();
  await expect(roleSelect).toBeFocused();
  await page.reload();
  await expect(roleSelect).toHaveValue("admin");

  // Remove, through the confirmation dialog that counts the member's keys.
  await page.getByRole("button", { name: `Remove ${inviteeEmail}` }).click();
  const removal = page.getByRole("dialog", { name: "Remove Ivan Invitee?" });
  await expect(removal).toContainText("0 API keys of this member will lose access to this account");
  await removal.getByRole("button", { name: "Remove member" }).click();
  await expect(removal).toBeHidden();
  await expect(page.getByRole("combobox", { name: `Role for ${inviteeEmail}` })).toHaveCount(0);
  // The last removable member is gone: focus goes to Invite member, not to the page.
  await expect(page.getByRole("button", { name: "Invite member" })).toBeFocused();

  // The removed member loses the account on their next request.
  await invitee.goto("/settings/account/team");
  await expect(invitee.getByRole("combobox", { name: "Account" })).not.toContainText("Tess Owner's account");
  await other.close();
});

test("the last owner can neither leave nor be demoted", async ({ page }) => {
  const email = unique("solo");
  await signUp(page, "Solo Owner", email);
  await page.goto("/settings/account/team");
  await expect(page.getByRole("combobox", { name: `Role for ${email}` })).toBeDisabled();

  await page.goto("/settings/account/general");
  await page.getByRole("button", { name: "Leave account" }).click();
  const dialog = page.getByRole("dialog", { name: /Leave/ });
  await dialog.getByRole("button", { name: "Leave account" }).click();
  await expect(dialog.getByRole("alert")).toContainText("last owner");
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
});

test.describe("as the demo admin", () => {
  test.use({ storageState: "e2e/.auth/admin.json" });

  test("an admin cannot touch the owner nor grant Owner", async ({ page }) => {
    await page.goto("/settings/account/team");
    await expect(page.getByRole("combobox", { name: "Role for owner@acme.test" })).toBeDisabled();
    await expect(page.getByRole("button", { name: "Remove owner@acme.test" })).toBeDisabled();
    const readerRole = page.getByRole("combobox", { name: "Role for reader@acme.test" });
    await expect(readerRole.locator("option")).toHaveText(["Admin", "Read & write", "Read only"]);
    await page.getByRole("button", { name: "Invite member" }).click();
    await expect(page.getByRole("dialog").getByLabel("Role").locator("option")).toHaveText([
      "Admin",
      "Read & write",
      "Read only",
    ]);
    await page.keyboard.press("Escape");
    await expect(page.getByRole("dialog")).toBeHidden();

    // One key, in the singular; cancelling puts focus back on the Remove button.
    const remove = page.getByRole("button", { name: "Remove reader@acme.test" });
    await remove.click();
    const removal = page.getByRole("dialog", { name: "Remove Rita Reader?" });
    await expect(removal).toContainText("1 API key of this member will lose access to this account");
    await removal.getByRole("button", { name: "Cancel" }).click();
    await expect(removal).toBeHidden();
    await expect(remove).toBeFocused();
  });

  test("arrow keys browse the role select without asking; Enter or leaving it asks, and focus comes back", async ({
    page,
  }) => {
    await page.goto("/settings/account/team");
    const role = page.getByRole("combobox", { name: "Role for writer@acme.test" });
    await expect(role).toHaveValue("read_write");
    await role.focus();
    await page.keyboard.press("ArrowDown");
    await expect(role).toHaveValue("read_only");
    await page.keyboard.press("ArrowUp");
    await page.keyboard.press("ArrowUp");
    await expect(role).toHaveValue("admin");
    const confirm = page.getByRole("dialog", { name: "Change role?" });
    await expect(confirm).toHaveCount(0);

    // Enter commits the choice: the dialog asks; Cancel restores the stored role, focus back on the select.
    await page.keyboard.press("Enter");
    await expect(confirm).toContainText("from Read & write to Admin");
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await expect(confirm).toBeHidden();
    await expect(role).toHaveValue("read_write");
    await expect(role).toBeFocused();

    // Leaving the select after browsing commits too.
    await page.keyboard.press("ArrowDown");
    await expect(confirm).toHaveCount(0);
    await page.keyboard.press("Tab");
    await expect(confirm).toContainText("from Read & write to Read only");
    await page.keyboard.press("Escape");
    await expect(confirm).toBeHidden();
    await expect(role).toHaveValue("read_write");
    await expect(role).toBeFocused();
  });
});

test.describe("as the demo reader", () => {
  test.use({ storageState: "e2e/.auth/reader.json" });

  test("a read-only member sees the team but cannot manage it", async ({ page }) => {
    await page.goto("/settings/account/team");
    await expect(page.getByText("admin@acme.test")).toBeVisible();
    await expect(page.getByRole("button", { name: "Invite member" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: /^Remove / })).toHaveCount(0);
    await expect(page.getByRole("combobox", { name: "Role for writer@acme.test" })).toBeDisabled();
    await page.goto("/settings/account/general");
    await expect(page.getByLabel("Account name")).toHaveAttribute("readonly", "");
    await expect(page.getByRole("button", { name: "Copy" })).toBeVisible();
  });
});

test("a lost invitation link is renewed: a new link, and the old one stops working", async ({ page, browser }) => {
  await signUp(page, "Rene Renewer", unique("renewer"));
  await page.goto("/settings/account/team");
  const email = unique("renewed");
  await page.getByRole("button", { name: "Invite member" }).click();
  const dialog = page.getByRole("dialog", { name: "Invite member" });
  await dialog.getByLabel("Email").fill(email);
  await dialog.getByLabel("Role").selectOption({ label: "Read & write" });
  await dialog.getByRole("button", { name: "Send invite" }).click();
  const first = await page.getByRole("dialog", { name: "Invitation link" }).getByLabel("Invitation link").inputValue();
  await page.getByRole("dialog", { name: "Invitation link" }).getByRole("button", { name: "Done" }).click();

  await page.getByRole("button", { name: `Renew link for ${email}` }).click();
  const renewed = page.getByRole("dialog", { name: "Invitation link" });
  await expect(renewed).toContainText("The previous one no longer works");
  const second = await renewed.getByLabel("Invitation link").inputValue();
  expect(second).not.toBe(first);
  await renewed.getByRole("button", { name: "Done" }).click();
  // Still one pending invitation for that address, with its role.
  await expect(page.getByText(email, { exact: true })).toHaveCount(1);
  await expect(page.getByText(/Read & write · invited by/)).toBeVisible();

  const visitor = await browser.newContext();
  const p = await visitor.newPage();
  await p.goto(first);
  await expect(p.getByRole("heading", { name: "Invitation revoked" })).toBeVisible();
  await p.goto(second);
  await expect(p.getByRole("heading", { name: "Join Rene Renewer's account" })).toBeVisible();
  await visitor.close();
});
