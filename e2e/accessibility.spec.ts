// docs/concepts.md#the-console: an axe-core scan of every console page, in the light and the dark theme, finds no
// serious or critical violation. The scan runs on the page as a user first sees it and again with its
// main dialog open, since dialogs are where contrast and naming slip most easily.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { acmeAccountId, makeKey } from "./support/db";

async function expectNoSeriousViolations(page: Page, what: string) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"])
    .analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const report = bad.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes
        .slice(0, 3)
        .map((n) => n.target.join(" "))
        .join("\n  ")}`,
  );
  expect(report, `axe on ${what}`).toEqual([]);
}

for (const colorScheme of ["light", "dark"] as const) {
  test.describe(`${colorScheme} theme`, () => {
    test.use({ colorScheme });

    test("sign-in, sign-up, an invitation and the not-found page", async ({ browser }) => {
      const ctx = await browser.newContext({ colorScheme });
      const page = await ctx.newPage();
      for (const path of ["/login", "/signup", "/invite/not-a-real-invitation", "/no-such-page"]) {
        await page.goto(path);
        await expectNoSeriousViolations(page, `${path} (${colorScheme})`);
      }
      await ctx.close();
    });

    test("every console page, as the owner", async ({ browser }) => {
      test.setTimeout(120_000); // seven pages and six dialogs, each scanned
      const ctx = await browser.newContext({ colorScheme, storageState: "e2e/.auth/owner.json" });
      const page = await ctx.newPage();
      const key = await makeKey("service", {
        accountId: await acmeAccountId(),
        role: "read_only",
        name: `Scanned ${colorScheme} ${Date.now()}`,
      });

      const pages: [string, string | null][] = [
        ["/settings/user", "Create new API key"],
        ["/settings/account/general", null],
        ["/settings/account/team", "Invite member"],
        ["/settings/account/api-keys", "Create service API key"],
        ["/settings/account/audit-log", null],
        ["/settings/account/key-health", null],
        [`/settings/api-keys/${key.id}`, `Edit API key ${key.name}`],
      ];
      for (const [path, opener] of pages) {
        await page.goto(path);
        await expect(page.getByRole("main")).toBeVisible();
        await expectNoSeriousViolations(page, `${path} (${colorScheme})`);
        if (opener) {
          await page.getByRole("button", { name: opener, exact: true }).first().click();
          await expect(page.getByRole("dialog")).toBeVisible();
          await expectNoSeriousViolations(page, `${path} with its dialog open (${colorScheme})`);
          await page.keyboard.press("Escape");
        }
      }
      // The user menu and the notifications, open.
      await page.goto("/settings/user");
      await page.getByRole("button", { name: "User menu" }).click();
      await expectNoSeriousViolations(page, `the open user menu (${colorScheme})`);
      await ctx.close();
    });
  });
}

test("the dark theme follows the system setting", async ({ browser }) => {
  const coloursIn = async (colorScheme: "light" | "dark") => {
    const ctx = await browser.newContext({ colorScheme, storageState: "e2e/.auth/owner.json" });
    const page = await ctx.newPage();
    await page.goto("/settings/user");
    // Computed colours may come back as oklch(); a canvas turns them into sRGB bytes.
    const colours = await page.evaluate(() => {
      const ctx = document.createElement("canvas").getContext("2d")!;
      const rgb = (colour: string) => {
        ctx.fillStyle = colour;
        ctx.fillRect(0, 0, 1, 1);
        const [r = 0, g = 0, b = 0] = ctx.getImageData(0, 0, 1, 1).data;
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
      };
      return {
        body: rgb(getComputedStyle(document.body).backgroundColor),
        text: rgb(getComputedStyle(document.body).color),
      };
    });
    await ctx.close();
    return colours;
  };
  const light = await coloursIn("light");
  const dark = await coloursIn("dark");
  expect(light.body).toBeGreaterThan(200);
  expect(light.text).toBeLessThan(60);
  expect(dark.body).toBeLessThan(40);
  expect(dark.text).toBeGreaterThan(200);
});
