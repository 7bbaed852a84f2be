// /docs: the API reference rendered in Chromium from the generated description, linked from the console.
import { expect, test } from "@playwright/test";
import { signUp, unique } from "./helpers";
import { scanAll } from "./support/axe";

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

// The reference follows the system's theme and passes the same axe scan as every console page
// (e2e/support/axe.ts), at both widths, as first seen and with an operation opened by keyboard and tried out.
for (const colorScheme of ["light", "dark"] as const) {
  for (const width of [1280, 390]) {
    test(`/docs in the ${colorScheme} theme at ${width} px: readable, and axe finds nothing serious`, async ({
      browser,
    }) => {
      test.setTimeout(90_000);
      const ctx = await browser.newContext({ colorScheme, viewport: { width, height: 900 } });
      const page = await ctx.newPage();
      await page.goto("/docs");
      const summary = page.getByRole("button", { name: /^POST\s*\/api\/v1\/leaks/ });
      await expect(summary).toBeVisible();

      // The page, Swagger UI's blocks and their text take the theme's colours.
      const luminance = await page.evaluate(() => {
        const ctx = document.createElement("canvas").getContext("2d")!;
        const lum = (el: Element | null, prop: "color" | "backgroundColor") => {
          ctx.clearRect(0, 0, 1, 1);
          ctx.fillStyle = getComputedStyle(el!)[prop];
          ctx.fillRect(0, 0, 1, 1);
          const [r = 0, g = 0, b = 0] = ctx.getImageData(0, 0, 1, 1).data;
          return 0.2126 * r + 0.7152 * g + 0.0722 * b;
        };
        return {
          page: lum(document.body, "backgroundColor"),
          intro: lum(document.querySelector(".lk-intro"), "color"),
          path: lum(document.querySelector(".opblock-summary-path"), "color"),
        };
      });
      if (colorScheme === "dark") {
        expect(luminance.page).toBeLessThan(40);
        expect(luminance.intro).toBeGreaterThan(180);
        expect(luminance.path).toBeGreaterThan(180);
      } else {
        expect(luminance.page).toBeGreaterThan(230);
        expect(luminance.intro).toBeLessThan(80);
        expect(luminance.path).toBeLessThan(80);
      }
      const label = `${colorScheme}, ${width} px`;
      await scanAll(page, [
        [`/docs (${label})`, async () => {}],
        [
          // An operation opened from the keyboard, then tried out: its parameters, selects and examples.
          `/docs with an operation open and tried out (${label})`,
          async () => {
            await summary.focus();
            await page.keyboard.press("Enter");
            await expect(summary).toHaveAttribute("aria-expanded", "true");
            await page.getByRole("button", { name: "Try it out" }).click();
            await expect(page.getByRole("button", { name: "Execute" })).toBeVisible();
          },
        ],
        [
          `/docs with the schemas open (${label})`,
          async () => {
            await page.getByRole("button", { name: "Schemas" }).click();
            await expect(page.getByRole("button", { name: "Schemas" })).toHaveAttribute("aria-expanded", "true");
          },
        ],
        [
          `/docs with the authorization dialog open (${label})`,
          async () => {
            await page.getByRole("button", { name: "Authorize" }).first().click();
            await expect(page.getByRole("dialog", { name: "Available authorizations" })).toBeVisible();
          },
        ],
      ]);
      await ctx.close();
    });
  }
}
