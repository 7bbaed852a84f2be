// The demo data on first sign-in (docs/operations.md#demo-data): the demo owner's screens show what they are for —
// several keys, a chart with 30 days of requests, an audit log that tells how the account came about, and the bell with
// an unread notification.
import { expect, test } from "@playwright/test";
import { signIn } from "./helpers";

test("the demo owner's first sign-in shows keys, a chart with data, an audit log and an unread notification", async ({
  page,
}) => {
  await signIn(page, "owner@acme.test");

  // The bell: the leak of Wendy's test key is waiting (other specs may have added more by now).
  await expect(page.getByRole("button", { name: /^Notifications, \d+ unread$/ })).toBeVisible();

  await page.goto("/settings/user");
  const main = page.getByRole("main");
  for (const name of ["Olivia's laptop", "Billing export", "Terraform"])
    await expect(main.getByRole("row", { name: new RegExp(name) })).toBeVisible();

  // A key page: its chart has requests on the days before today.
  await main.getByRole("link", { name: "Olivia's laptop" }).first().click();
  await expect(page.getByRole("heading", { name: "Olivia's laptop" })).toBeVisible();
  const chart = page.getByRole("group", { name: /Requests per day over the last 30 days: [1-9][\d,]* in all/ });
  await expect(chart).toBeVisible();

  // The account's service keys: each role, a restricted one, a rotation under way and the legacy key.
  await page.goto("/settings/account/api-keys");
  for (const name of ["CI deploy", "Status page", "Access review bot", "Nightly backup", "Legacy account key"])
    await expect(main.getByRole("row", { name: new RegExp(name) }).first()).toBeVisible();

  // The audit log reads as several sentences.
  await page.goto("/settings/account/audit-log");
  const log = main.getByRole("list").last();
  await expect(log).toContainText("Olivia Owner created the account Acme Corp.");
  await expect(log).toContainText("Olivia Owner changed the role of reader@acme.test from Read & write to Read only.");
  await expect(log).toContainText("Adam Admin rotated the service key Nightly backup.");
  await expect(log).toContainText("The user key Wendy's test key was reported as leaked.");
  expect(await log.getByRole("listitem").count()).toBeGreaterThanOrEqual(10);
});
