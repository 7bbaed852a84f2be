// The console at 390 px (docs/concepts.md#the-console): every control of the header reachable, dialogs fully on
// screen, nothing wider than the screen.
import { expect, test, type Page } from "@playwright/test";
import { signIn, signUp, unique } from "./helpers";
import { acmeAccountId, addMember, makeUser } from "./support/db";

test.use({ viewport: { width: 390, height: 844 } });

async function expectNoSideways(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth), page.url()).toBeLessThanOrEqual(390);
}

async function expectOnScreen(page: Page, locator: ReturnType<Page["locator"]>) {
  const box = (await locator.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(390);
}

test("at 390 px: switch account, create a key and copy it, remove a member, sign out", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await signIn(page, "owner@acme.test");
  for (const path of [
    "/settings/user",
    "/settings/account/general",
    "/settings/account/team",
    "/settings/account/api-keys",
    "/settings/account/audit-log",
    "/settings/account/key-health",
  ]) {
    await page.goto(path);
    await expectNoSideways(page);
  }

  // The account switcher, the bell and the user menu are on screen.
  await page.goto("/settings/user");
  await expectOnScreen(page, page.getByRole("combobox", { name: "Account" }));
  await expectOnScreen(page, page.getByRole("button", { name: "Notifications" }));
  await expectOnScreen(page, page.getByRole("button", { name: "User menu" }));
  await page.getByRole("combobox", { name: "Account" }).selectOption({ label: "Acme Sandbox" });
  await expect(page.getByText("Switched to Acme Sandbox")).toBeVisible();
  await page.getByRole("combobox", { name: "Account" }).selectOption({ label: "Acme Corp" });

  // Create a key: the dialogs are centred and whole; Create and Copy can be pressed.
  await page.getByRole("button", { name: "Create new API key" }).click();
  const create = page.getByRole("dialog", { name: "Create API key" });
  await expectOnScreen(page, create);
  await create.getByLabel("Name").fill("Phone key");
  await expectOnScreen(page, create.getByRole("button", { name: "Create" }));
  await create.getByRole("button", { name: "Create" }).click();
  const reveal = page.getByRole("dialog", { name: "Copy your API key" });
  await expectOnScreen(page, reveal);
  const token = await reveal.getByLabel("API key").inputValue();
  await reveal.getByRole("button", { name: "Copy", exact: true }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
  await reveal.getByRole("button", { name: "Done" }).click();
  await expect(reveal).toBeHidden();

  // Remove a member.
  const member = await makeUser("Phoebe");
  await addMember(await acmeAccountId(), member.id, "read_only");
  await page.goto("/settings/account/team");
  await page.getByRole("button", { name: `Remove ${member.email}` }).click();
  const removal = page.getByRole("dialog");
  await expectOnScreen(page, removal);
  await removal.getByRole("button", { name: "Remove member" }).click();
  await expect(page.getByRole("button", { name: `Remove ${member.email}` })).toBeHidden();

  // Sign out from the user menu.
  await page.getByRole("button", { name: "User menu" }).click();
  await expectOnScreen(page, page.getByRole("button", { name: "Sign out" }));
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
});

test("a skip link leads past the header to the page's content", async ({ page }) => {
  await signUp(page, "Skipper", unique("skip"));
  await page.goto("/settings/user");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to main content" });
  await expect(skip).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("main#main")).toBeFocused();
});
