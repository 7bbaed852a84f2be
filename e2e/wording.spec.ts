// Wording that matches what the page offers (issue 21, point 13): a search that matched nothing comes with a
// Clear search button that clears it.
import { expect, test } from "@playwright/test";

test.use({ storageState: "e2e/.auth/owner.json" });

test("a search that matches no key offers Clear search, which brings the keys back", async ({ page }) => {
  await page.goto("/settings/user");
  const search = page.getByRole("searchbox", { name: "Search keys" });
  await search.fill("no key is called this");
  await search.press("Enter");
  await expect(page).toHaveURL(/q=no\+key/);
  await expect(page.getByText("No keys match")).toBeVisible();

  await page.getByRole("button", { name: "Clear search" }).click();
  await expect(page).not.toHaveURL(/q=[^&]/);
  await expect(page.getByText("No keys match")).toBeHidden();
  await expect(page.getByRole("main").getByRole("row", { name: /Olivia's laptop/ })).toBeVisible();
  await expect(search).toHaveValue("");
  await expect(search).toBeFocused();
});
