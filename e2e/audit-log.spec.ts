// The audit log as people read it (docs/concepts.md#audit-log-and-notifications): sentences, the raw event on demand,
// filters that apply as they are chosen, and a date range; the CSV follows the same filters.
import { expect, test } from "@playwright/test";
import { signUp, unique } from "./helpers";

test("the audit log reads as sentences, filters as you choose, and keeps the raw event behind a disclosure", async ({
  page,
}) => {
  await signUp(page, "Audrey Auditor", unique("auditor"));
  await page.goto("/settings/account/general");
  await page.getByLabel("Account name").fill("Audited Ltd");
  await page.getByRole("button", { name: /Save/ }).first().click();
  await expect(page.getByText("Account name saved")).toBeVisible();
  await page.goto("/settings/user");
  await page.getByRole("button", { name: "Create new API key" }).click();
  await page.getByRole("dialog", { name: "Create API key" }).getByLabel("Name").fill("Nightly job");
  await page.getByRole("dialog", { name: "Create API key" }).getByRole("button", { name: "Create" }).click();
  const reveal = page.getByRole("dialog", { name: "Copy your API key" });
  await reveal.getByRole("button", { name: "Done" }).click();
  await reveal.getByRole("button", { name: "Close without copying" }).click();

  await page.goto("/settings/account/audit-log");
  const list = page.getByRole("main").getByRole("list").last();
  await expect(list).toContainText("Audrey Auditor created the user key Nightly job.");
  await expect(list).toContainText("Audrey Auditor renamed the account from Audrey Auditor's account to Audited Ltd.");
  await expect(page.getByText("api_key.created")).toBeHidden();
  await page.getByText("Raw event").first().click();
  await expect(page.getByText('"action": "api_key.created"').first()).toBeVisible();

  // Choosing an action applies the filter at once (no button press), and the URL can be shared.
  await page.getByLabel("Action").selectOption({ label: "Account renamed" });
  await expect(page).toHaveURL(/action=account\.renamed/);
  await expect(list).not.toContainText("Nightly job");
  await expect(list).toContainText("renamed the account");
  expect(
    await (await page.request.get(`/settings/account/audit-log/export?action=account.renamed`)).text(),
  ).not.toContain("api_key.created");

  // A date range: today has the events, a past range has none.
  const today = new Date().toISOString().slice(0, 10);
  await page.goto(`/settings/account/audit-log?from=${today}&to=${today}`);
  await expect(page.getByRole("main")).toContainText("created the user key Nightly job");
  await page.getByLabel("To", { exact: true }).fill("2020-01-01");
  await expect(page).toHaveURL(/to=2020-01-01/);
  await expect(page.getByText("No events match")).toBeVisible();
});
