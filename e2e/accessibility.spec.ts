// docs/concepts.md#the-console: an axe-core scan (4.14 or later, every rule it enables by default, best
// practices included) of every console page finds no serious or critical violation: in the light and the
// dark theme, at 1280 and at 390 px, on the page as a user first sees it and again with each of its
// dialogs, menus and panels open and with a toast showing, since that is where contrast and naming slip
// most easily. Each theme and width gets one signed-in browser context and a fresh account filled with
// realistic rows (keys of each kind, usage, a leak, team members, a notification); the demo account is
// scanned as its owner too. /docs has its own scan in e2e/docs.spec.ts.
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { accounts, notifications } from "../db/schema";
import { signUp, unique } from "./helpers";
import { scanAll } from "./support/axe";
import { addMember, e2eDb, makeKey, makeUser, recordUse, userByEmail } from "./support/db";

// A control that is not there fails its step within seconds, not at the test's timeout.
test.use({ actionTimeout: 10_000 });
test.describe.configure({ mode: "parallel" });

const DAY = 86_400_000;
const isoDay = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY).toISOString().slice(0, 10);

/** A fresh account with what a team that uses Latchkey has: keys of each kind, usage, a leak, members. */
async function fillAccount(page: Page) {
  const email = unique("axe");
  await signUp(page, "Olivia Scanner", email);
  await page.goto("/settings/account/general");
  const accountId = await page.getByLabel("Account ID").inputValue();
  await e2eDb().update(accounts).set({ plan: "enterprise" }).where(eq(accounts.id, accountId)); // service keys
  const me = await userByEmail(email);
  for (const [name, role] of [
    ["Adam Admin", "admin"],
    ["Wanda Writer", "read_write"],
    ["Rita Reader", "read_only"],
  ] as const) {
    const user = await makeUser(name.replace(" ", ""));
    await addMember(accountId, user.id, role);
    await makeKey("user", { accountId, ownerUserId: user.id, name: `${name.split(" ")[0]}'s laptop` });
  }
  const lastUse = { lastUsedAt: new Date(Date.now() - 3_600_000), lastUsedIp: "203.0.113.24" };
  const used = await makeKey("user", {
    accountId,
    ownerUserId: me.id,
    name: "Deploy bot for the production cluster",
    expiresAt: new Date(Date.now() + 60 * DAY),
    createdAt: new Date(Date.now() - 40 * DAY),
    extra: { ...lastUse, description: "Used by the nightly deploy job" },
  });
  for (let d = 0; d < 30; d++)
    await recordUse(used.id, isoDay(d), "checks", d % 3 ? "read" : "write", 20 + ((d * 37) % 90));
  await makeKey("user", { accountId, ownerUserId: me.id, name: "Local scripts", status: "disabled" });
  await makeKey("user", {
    accountId,
    ownerUserId: me.id,
    name: "Pasted in a gist",
    createdAt: new Date(Date.now() - 10 * DAY),
    extra: { leakedAt: new Date(Date.now() - DAY), leakedUrl: "https://gist.example.test/1" },
    status: "disabled",
  });
  await makeKey("service", { accountId, role: "admin", name: "CI deploy", extra: lastUse });
  await makeKey("service", {
    accountId,
    role: "read_only",
    name: "Grafana dashboards",
    createdAt: new Date(Date.now() - 120 * DAY),
    expiresAt: new Date(Date.now() + 200 * DAY),
  });
  await makeKey("legacy", { accountId, name: "Legacy account key", createdAt: new Date(Date.now() - 400 * DAY) });
  await e2eDb().insert(notifications).values({
    id: randomUUID(),
    userId: me.id,
    kind: "key_leaked",
    message: "Your API key “Pasted in a gist” was found in public and has been disabled.",
    link: "/settings/user",
  });
  return { email, accountId, usedKey: used };
}

/** A row or page action: a button when shown inline, else a menuitem under **Actions for {name}**. */
async function clickAction(page: Page, label: string, keyName: string) {
  const scope = page.getByRole("main");
  const direct = scope.getByRole("button", { name: label, exact: true }).first();
  if (await direct.isVisible()) return direct.click();
  await scope
    .getByRole("button", { name: `Actions for ${keyName}`, exact: true })
    .first()
    .click();
  await page.getByRole("menuitem", { name: label, exact: true }).click();
}

const closeDialog = async (page: Page) => {
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toBeHidden();
};

const WIDTHS = [
  { width: 1280, height: 900 },
  { width: 390, height: 844 },
] as const;

for (const colorScheme of ["light", "dark"] as const) {
  for (const viewport of WIDTHS) {
    test.describe(`${colorScheme} theme, ${viewport.width} px`, () => {
      let ctx: BrowserContext;
      let page: Page;
      let account: Awaited<ReturnType<typeof fillAccount>>;
      const label = `${colorScheme}, ${viewport.width} px`;
      const anonymous = (browser: Browser) => browser.newContext({ colorScheme, viewport });

      test.beforeAll(async ({ browser }) => {
        test.setTimeout(60_000);
        ctx = await browser.newContext({ colorScheme, viewport });
        page = await ctx.newPage();
        account = await fillAccount(page);
      });
      test.afterAll(async () => {
        await ctx?.close();
      });

      test("sign-in, sign-up and the not-found page, signed out", async ({ browser }) => {
        const anon = await anonymous(browser);
        const p = await anon.newPage();
        await scanAll(p, [
          [`/login (${label})`, async () => void (await p.goto("/login"))],
          [
            `/login with an error (${label})`,
            async () => {
              await p.getByLabel("Email").fill("nobody@example.test");
              await p.getByLabel("Password").fill("not the password");
              await p.getByRole("button", { name: "Sign in" }).click();
              await expect(p.getByRole("main").getByRole("alert")).toBeVisible();
            },
          ],
          [`/signup (${label})`, async () => void (await p.goto("/signup"))],
          [`an invalid invitation (${label})`, async () => void (await p.goto("/invite/not-a-real-invitation"))],
          [
            `the 404 page (${label})`,
            async () => {
              await p.goto("/no-such-page");
              await expect(p.getByRole("heading", { name: "This page does not exist" })).toBeVisible();
              await expect(p.getByRole("main")).toHaveCount(1);
            },
          ],
        ]);
        await anon.close();
      });

      test("User settings: the key list, create, reveal, edit, rotate, disable with a toast, delete", async () => {
        test.setTimeout(120_000);
        const name = `Scanned ${Date.now()}`;
        await scanAll(page, [
          [`/settings/user (${label})`, async () => void (await page.goto("/settings/user"))],
          [
            `the create dialog (${label})`,
            async () => {
              await page.getByRole("button", { name: "Create new API key", exact: true }).click();
              await expect(page.getByRole("dialog", { name: "Create API key" })).toBeVisible();
            },
          ],
          [
            `the reveal dialog (${label})`,
            async () => {
              const create = page.getByRole("dialog", { name: "Create API key" });
              await create.getByLabel("Name").fill(name);
              await create.getByRole("button", { name: "Create", exact: true }).click();
              await expect(page.getByRole("dialog", { name: "Copy your API key" })).toBeVisible();
            },
          ],
          [
            `"Close without copying?" (${label})`,
            async () => {
              await page.getByRole("dialog").getByRole("button", { name: "Done" }).click();
              await expect(page.getByRole("button", { name: "Close without copying" })).toBeVisible();
            },
          ],
          [
            `a row's actions menu (${label})`,
            async () => {
              await page.getByRole("button", { name: "Close without copying" }).click();
              await expect(page.getByRole("dialog")).toBeHidden();
              await page
                .getByRole("main")
                .getByRole("button", { name: `Actions for ${name}`, exact: true })
                .click();
              await expect(page.getByRole("menuitem", { name: `Delete API key ${name}`, exact: true })).toBeVisible();
            },
          ],
          [
            `the edit dialog (${label})`,
            async () => {
              await page.keyboard.press("Escape");
              await expect(page.getByRole("menu")).toBeHidden();
              await clickAction(page, `Edit API key ${name}`, name);
              await expect(page.getByRole("dialog", { name: "Edit API key" })).toBeVisible();
            },
          ],
          [
            `a toast (${label})`,
            async () => {
              await page.getByRole("dialog").getByRole("button", { name: "Save" }).click();
              await expect(page.getByRole("dialog")).toBeHidden();
              // Hovering keeps the toast on screen while it is scanned.
              await page.getByText("API key saved").hover();
            },
          ],
          [
            `the rotate dialog (${label})`,
            async () => {
              await clickAction(page, `Rotate API key ${name}`, name);
              await expect(page.getByRole("dialog", { name: "Rotate API key" })).toBeVisible();
            },
          ],
          [
            `the delete dialog (${label})`,
            async () => {
              await closeDialog(page);
              await clickAction(page, `Delete API key ${name}`, name);
              await expect(page.getByRole("dialog", { name: /Delete API key/ })).toBeVisible();
            },
          ],
          [
            `the list after a delete (${label})`,
            async () => {
              await page.getByRole("dialog").getByRole("button", { name: "Delete", exact: true }).click();
              await expect(page.getByRole("dialog")).toBeHidden();
              await expect(page.getByRole("main").getByText(name, { exact: true })).toHaveCount(0);
            },
          ],
        ]);
      });

      test("a key page with usage, its dialogs, and a missing key", async () => {
        test.setTimeout(90_000);
        const key = account.usedKey;
        const path = `/settings/api-keys/${key.id}`;
        await scanAll(page, [
          [
            `${path} (${label})`,
            async () => {
              await page.goto(path);
              await expect(page.getByRole("heading", { name: key.name })).toBeVisible();
            },
          ],
          [
            `the key page's edit dialog (${label})`,
            async () => {
              await clickAction(page, `Edit API key ${key.name}`, key.name);
              await expect(page.getByRole("dialog", { name: "Edit API key" })).toBeVisible();
            },
          ],
          [
            `the key page's rotate dialog (${label})`,
            async () => {
              await closeDialog(page);
              await clickAction(page, `Rotate API key ${key.name}`, key.name);
              await expect(page.getByRole("dialog", { name: "Rotate API key" })).toBeVisible();
            },
          ],
          [
            `the key page's delete dialog (${label})`,
            async () => {
              await closeDialog(page);
              await clickAction(page, `Delete API key ${key.name}`, key.name);
              await expect(page.getByRole("dialog", { name: /Delete API key/ })).toBeVisible();
            },
          ],
          [
            `a missing key's page (${label})`,
            async () => {
              await closeDialog(page);
              const res = await page.goto(`/settings/api-keys/${randomUUID()}`);
              expect(res?.status()).toBe(404);
              await expect(page.getByRole("heading", { name: "This page does not exist" })).toBeVisible();
              await expect(page.getByRole("main")).toHaveCount(1); // the console's, not one inside another
            },
          ],
        ]);
      });

      test("account pages: general, API keys in each view, audit log, key health", async () => {
        test.setTimeout(90_000);
        const visit = (path: string) => async () => {
          await page.goto(path);
          await expect(page.getByRole("main")).toBeVisible();
        };
        await scanAll(page, [
          [`/settings/account/general (${label})`, visit("/settings/account/general")],
          [`/settings/account/api-keys (${label})`, visit("/settings/account/api-keys")],
          [
            `the create service key dialog (${label})`,
            async () => {
              await page.getByRole("button", { name: "Create service API key", exact: true }).click();
              await expect(page.getByRole("dialog", { name: "Create API key" })).toBeVisible();
            },
          ],
          [
            `/settings/account/api-keys?view=mine (${label})`,
            async () => {
              await closeDialog(page);
              await page.goto("/settings/account/api-keys?view=mine");
            },
          ],
          [`/settings/account/api-keys?view=users (${label})`, visit("/settings/account/api-keys?view=users")],
          [`/settings/account/api-keys?view=service (${label})`, visit("/settings/account/api-keys?view=service")],
          [`/settings/account/audit-log (${label})`, visit("/settings/account/audit-log")],
          [
            `the audit log with a raw event open (${label})`,
            async () => {
              const raw = page
                .getByRole("main")
                .getByText(/raw event/i)
                .first();
              if (await raw.isVisible()) await raw.click();
            },
          ],
          [`/settings/account/key-health (${label})`, visit("/settings/account/key-health")],
        ]);
      });

      test("the team page, its invite dialog and the invitation it makes", async ({ browser }) => {
        test.setTimeout(90_000);
        let link = "";
        const invitee = unique("axe-invitee");
        const anon = await anonymous(browser);
        const p = await anon.newPage();
        await scanAll(page, [
          [`/settings/account/team (${label})`, async () => void (await page.goto("/settings/account/team"))],
          [
            `the invite dialog (${label})`,
            async () => {
              await page.getByRole("button", { name: "Invite member", exact: true }).click();
              await expect(page.getByRole("dialog", { name: "Invite member" })).toBeVisible();
            },
          ],
          [
            `the invite dialog with its link (${label})`,
            async () => {
              const dialog = page.getByRole("dialog", { name: "Invite member" });
              await dialog.getByLabel("Email").fill(invitee);
              await dialog.getByRole("button", { name: "Send invite" }).click();
              link = await page.getByRole("dialog").getByLabel("Invitation link").inputValue();
              expect(link).toMatch(/\/invite\//);
            },
          ],
          [
            `the team page with a pending invitation (${label})`,
            async () => {
              await closeDialog(page);
              await expect(page.getByText(invitee, { exact: true })).toBeVisible();
            },
          ],
          [
            `the remove member dialog (${label})`,
            async () => {
              await page
                .getByRole("main")
                .getByRole("button", { name: /^Remove / })
                .first()
                .click();
              await expect(page.getByRole("dialog")).toBeVisible();
            },
          ],
          [
            `the invitation, signed in (${label})`,
            async () => {
              await closeDialog(page);
              await page.goto(link);
              await expect(page.getByRole("heading").first()).toBeVisible();
            },
          ],
        ]);
        await scanAll(p, [
          [
            `the invitation, signed out (${label})`,
            async () => {
              await p.goto(link);
              await expect(p.getByRole("heading", { name: /Join .* account/ })).toBeVisible();
            },
          ],
          [
            `sign-up from the invitation (${label})`,
            async () => {
              await p.getByRole("link", { name: "Create account" }).click();
              await expect(p.getByLabel("Email")).toHaveValue(invitee);
            },
          ],
        ]);
        await anon.close();
      });

      test("the header: user menu, notifications panel, settings navigation", async () => {
        await scanAll(page, [
          [
            `the open user menu (${label})`,
            async () => {
              await page.goto("/settings/user");
              await page.getByRole("button", { name: /user menu/i }).click();
              await expect(page.getByRole("banner").getByRole("button", { name: "Sign out" })).toBeVisible();
            },
          ],
          [
            `the open notifications panel (${label})`,
            async () => {
              await page.keyboard.press("Escape");
              await page.getByRole("button", { name: /^Notifications/ }).click();
              await expect(page.getByRole("region", { name: "Your notifications" })).toContainText("Pasted in a gist");
            },
          ],
        ]);
      });

      test("the demo account, as its owner", async ({ browser }) => {
        test.setTimeout(90_000);
        const owner = await browser.newContext({ colorScheme, viewport, storageState: "e2e/.auth/owner.json" });
        const p = await owner.newPage();
        const visit = (path: string) => async () => {
          await p.goto(path);
          await expect(p.getByRole("main")).toBeVisible();
        };
        await scanAll(
          p,
          [
            "/settings/user",
            "/settings/account/general",
            "/settings/account/team",
            "/settings/account/api-keys?view=users",
            "/settings/account/api-keys?view=service",
            "/settings/account/audit-log",
            "/settings/account/key-health",
          ].map((path) => [`${path} of the demo account (${label})`, visit(path)]),
        );
        await owner.close();
      });
    });
  }
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
