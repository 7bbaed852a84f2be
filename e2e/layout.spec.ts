// Layout and focus in Chromium (docs/concepts.md#the-console): with realistic key rows nothing inside `main` sticks
// out of its card or the screen at 1280, 1440, 1920 and 390 px, each row's actions menu is on screen, and focus
// lands somewhere sensible after every row action, on the settings navigation, the bell and the key page.
import { expect, test, type Page } from "@playwright/test";
import { rowAction, signUp, unique } from "./helpers";
import { acmeAccountId, makeKey, recordUse, userByEmail } from "./support/db";

const DAY = 86_400_000;
const WIDTHS = [1280, 1440, 1920, 390];

/**
 * Elements inside `main` that extend past their card (or main) or the viewport, and any sideways scroll of the page.
 */
async function overflows(page: Page) {
  return await page.evaluate(() => {
    const vw = document.documentElement.clientWidth;
    const found: string[] = [];
    if (document.documentElement.scrollWidth > vw)
      found.push(`the document scrolls sideways (${document.documentElement.scrollWidth} > ${vw})`);
    const main = document.querySelector("main")!;
    for (const el of Array.from(main.querySelectorAll<HTMLElement>("*"))) {
      if (el.closest(".sr-only")) continue; // visually hidden on purpose
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      const box = (el.parentElement?.closest("section") ?? main).getBoundingClientRect();
      const left = Math.max(box.left, 0) - 1;
      const right = Math.min(box.right, vw) + 1;
      if (r.left < left || r.right > right) {
        const what = `${el.tagName.toLowerCase()}${el.getAttribute("aria-label") ? ` "${el.getAttribute("aria-label")}"` : ""}`;
        found.push(
          `${what} "${(el.textContent ?? "").trim().slice(0, 40)}": ${Math.round(r.left)}–${Math.round(r.right)} outside ${Math.round(left)}–${Math.round(right)}`,
        );
      }
    }
    return found.slice(0, 8);
  });
}

/** How far the page scrolls below the last card of `main` (blank scroll). */
async function blankBelow(page: Page) {
  return await page.evaluate(() => {
    const cards = document.querySelectorAll("main section");
    const last = cards[cards.length - 1]!.getBoundingClientRect().bottom + window.scrollY;
    return document.documentElement.scrollHeight - last;
  });
}

async function expectInViewport(page: Page, locator: ReturnType<Page["locator"]>, what: string) {
  await expect(locator, what).toBeVisible();
  const box = (await locator.boundingBox())!;
  const width = page.viewportSize()!.width;
  expect(box.x, what).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width, what).toBeLessThanOrEqual(width);
}

test.describe("with realistic rows", () => {
  test.use({ storageState: "e2e/.auth/owner.json" });

  test("no key list, key page or team page is wider than its card or the screen; every row's actions are on screen", async ({
    page,
  }) => {
    test.setTimeout(120_000);
    const accountId = await acmeAccountId();
    const owner = await userByEmail("owner@acme.test");
    const writer = await userByEmail("writer@acme.test");
    const tag = Date.now().toString(36);
    const limits = {
      permissions: JSON.stringify({ checks: "write", members: "read", api_keys: "none", audit_log: "read" }),
      rateLimit: 1200,
      rateLimitWindow: 60,
      allowedIps: JSON.stringify(["203.0.113.0/24", "2001:db8:85a3::/48", "198.51.100.17"]),
    };
    const used = { lastUsedAt: new Date(), lastUsedIp: "2001:db8:85a3:8d3:1319:8a2e:370:7348" };
    const made = [
      await makeKey("user", {
        accountId,
        ownerUserId: owner.id,
        name: `Production deploy pipeline for the payments service in eu-west-1 ${tag}`,
        expiresAt: new Date(Date.now() + 80 * DAY),
        extra: {
          description: "Used by the GitHub Actions workflow that ships the payments API and its database migrations",
          ...limits,
          ...used,
        },
      }),
      await makeKey("user", {
        accountId,
        ownerUserId: owner.id,
        name: `Nightly export ${tag}`,
        extra: {
          rotatedAt: new Date(),
          expiresAt: new Date(Date.now() + 3 * DAY),
          rotationEndsOnFirstUse: true,
          ...used,
        },
      }),
      await makeKey("user", {
        accountId,
        ownerUserId: owner.id,
        name: `Pasted in a public gist ${tag}`,
        status: "disabled",
        extra: {
          leakedAt: new Date(),
          leakedUrl: "https://gist.githubusercontent.example/someone/0123456789abcdef0123456789abcdef/raw/config.env",
        },
      }),
      await makeKey("service", {
        accountId,
        role: "read_write",
        name: `Billing reconciliation worker (Kubernetes, cluster prod-eu-2) ${tag}`,
        expiresAt: new Date(Date.now() + 200 * DAY),
        extra: {
          description: "Reads checks every five minutes and writes the results back",
          createdBy: owner.id,
          ...limits,
          ...used,
        },
      }),
      await makeKey("service", {
        accountId,
        role: "read_only",
        name: `Status page ${tag}`,
        extra: { rotatedAt: new Date(), expiresAt: new Date(Date.now() + 2 * DAY), createdBy: owner.id },
      }),
      await makeKey("user", {
        accountId,
        ownerUserId: writer.id,
        name: `Wendy's laptop with a rather long key name for the all-user view ${tag}`,
        extra: { description: "Local development and the occasional script", ...limits, ...used },
      }),
    ];
    for (let i = 0; i < 30; i += 3)
      await recordUse(
        made[0]!.id,
        new Date(Date.now() - i * DAY).toISOString().slice(0, 10),
        "checks",
        "read",
        40 + i * 7,
      );

    const lists: [string, string[]][] = [
      ["/settings/user", [made[0]!.name, made[1]!.name, made[2]!.name]],
      ["/settings/account/api-keys?view=service", [made[3]!.name, made[4]!.name]],
      ["/settings/account/api-keys?view=users", [made[0]!.name, made[5]!.name]],
      ["/settings/account/api-keys?view=mine", [made[0]!.name, made[1]!.name]],
    ];
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      for (const [path, names] of lists) {
        await page.goto(`${path}${path.includes("?") ? "&" : "?"}q=${tag}`);
        for (const name of names) {
          await expectInViewport(
            page,
            page.getByRole("button", { name: `Actions for ${name}`, exact: true }),
            `${path} at ${width}: actions of ${name}`,
          );
          if (width === 390) {
            const link = page.getByRole("link", { name, exact: true });
            const row = page.getByRole("row").filter({ has: link });
            const badge = row.getByText(/^(Active|Rotating|Disabled)$/).first();
            await expectInViewport(page, badge, `${path} at ${width}: status of ${name}`);
          }
        }
        expect(await overflows(page), `${path} at ${width}`).toEqual([]);
      }
      for (const path of [
        `/settings/api-keys/${made[0]!.id}`,
        `/settings/api-keys/${made[2]!.id}`,
        "/settings/account/team",
      ]) {
        await page.goto(path);
        await expect(page.getByRole("main")).toBeVisible();
        expect(await overflows(page), `${path} at ${width}`).toEqual([]);
      }
      if (width === 1280 || width === 390) {
        await page.goto(`/settings/account/api-keys?view=users&q=${tag}`);
        await page.screenshot({ path: `.reports/layout-users-${width}.png`, fullPage: true });
      }
    }
  });

  test("the key page of the legacy key offers Edit to an owner", async ({ page }) => {
    const legacy = await makeKey("legacy", { accountId: await acmeAccountId(), name: `Old integration ${Date.now()}` });
    await page.goto(`/settings/api-keys/${legacy.id}`);
    const actions = page.getByRole("group", { name: "Key actions" });
    await actions.getByRole("button", { name: `Edit API key ${legacy.name}` }).click();
    await expect(page.getByRole("dialog", { name: "Edit API key" })).toBeVisible();
  });
});

/** A new user with three keys A, B, C (newest last, so listed C, B, A). */
async function userWithKeys(page: Page, tag: string) {
  const email = unique(tag);
  await signUp(page, `Fay ${tag}`, email);
  await page.goto("/settings/account/general");
  const accountId = await page.getByLabel("Account ID").inputValue();
  const user = await userByEmail(email);
  const names = ["Alpha", "Bravo", "Charlie"].map((n) => `${n} ${tag}`);
  const now = Date.now();
  const keys = [];
  for (const [i, name] of names.entries())
    keys.push(
      await makeKey("user", { accountId, ownerUserId: user.id, name, createdAt: new Date(now - (3 - i) * 60_000) }),
    );
  await page.goto("/settings/user");
  return { accountId, names, keys };
}

test("a row's actions menu by keyboard: Enter opens it, arrows reach Delete, Enter opens the dialog, Escape brings focus back", async ({
  page,
}) => {
  const { names } = await userWithKeys(page, "menu");
  const button = page.getByRole("button", { name: `Actions for ${names[1]}`, exact: true });
  await button.focus();
  await page.keyboard.press("Enter");
  const menu = page.getByRole("menu");
  await expect(menu).toBeVisible();
  await expect(menu.getByRole("menuitem")).toHaveText(["Edit", "Rotate", "Disable", "Delete"]);
  await expect(menu.getByRole("menuitem", { name: `Edit API key ${names[1]}` })).toBeFocused();
  for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowDown");
  await expect(menu.getByRole("menuitem", { name: `Delete API key ${names[1]}` })).toBeFocused();
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: `Delete API key “${names[1]}”?` });
  await expect(dialog).toBeVisible();
  await expect(menu).toBeHidden();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(button).toBeFocused();

  // Escape on the menu itself closes it and also gives focus back.
  await page.keyboard.press("Enter");
  await expect(menu).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(menu).toBeHidden();
  await expect(button).toBeFocused();
});

test("after a delete focus goes to the next row's actions, then the previous row's, then the create button", async ({
  page,
}) => {
  const { names } = await userWithKeys(page, "delfocus");
  const [a, b, c] = names as [string, string, string];
  const actionsOf = (name: string) => page.getByRole("button", { name: `Actions for ${name}`, exact: true });
  const confirmDelete = async (name: string) => {
    await rowAction(page, name, "Delete");
    await page
      .getByRole("dialog", { name: `Delete API key “${name}”?` })
      .getByRole("button", { name: "Delete" })
      .click();
    await expect(page.getByRole("link", { name, exact: true })).toBeHidden();
  };
  // Listed newest first: C, B, A. Deleting B leaves focus on A, the next row.
  await confirmDelete(b);
  await expect(actionsOf(a)).toBeFocused();
  // A is the last row: its previous row, C, takes focus.
  await confirmDelete(a);
  await expect(actionsOf(c)).toBeFocused();
  // The last key: the card's create button.
  await confirmDelete(c);
  await expect(page.getByText("No API keys yet")).toBeVisible();
  await expect(page.getByRole("button", { name: "Create new API key" })).toBeFocused();
});

test("disable and enable from the menu: a toast, and focus stays on the row's actions button", async ({ page }) => {
  const { names } = await userWithKeys(page, "toggle");
  const name = names[2]!;
  const row = page.getByRole("row").filter({ has: page.getByRole("link", { name, exact: true }) });
  const button = page.getByRole("button", { name: `Actions for ${name}`, exact: true });
  await rowAction(page, name, "Disable");
  await expect(page.getByText(`API key “${name}” disabled`)).toBeVisible();
  await expect(row).toContainText("Disabled");
  await expect(button).toBeFocused();
  await button.press("Enter");
  await page.getByRole("menuitem", { name: `Enable API key ${name}` }).press("Enter");
  await expect(row).toContainText("Active");
  await expect(button).toBeFocused();
});

test.describe("at 390 px", () => {
  test.use({ viewport: { width: 390, height: 844 }, storageState: "e2e/.auth/owner.json" });

  test("the settings navigation shows the current page", async ({ page }) => {
    for (const [path, label] of [
      ["/settings/account/audit-log", "Audit log"],
      ["/settings/account/key-health", "Key health"],
    ] as const) {
      await page.goto(path);
      const current = page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: label });
      await expect(current).toHaveAttribute("aria-current", "page");
      // Scrolled into view once the page has run its script.
      await expect.poll(async () => ((await current.boundingBox())?.x ?? -1) >= 0).toBe(true);
      await expectInViewport(page, current, `${label} in the settings navigation`);
    }
  });

  test("the notifications panel stays on screen, and Escape gives focus back to the bell", async ({ page }) => {
    await page.goto("/settings/user");
    const bell = page.getByRole("button", { name: /^Notifications/ });
    await bell.click();
    const panel = page.getByRole("region", { name: "Your notifications" });
    await expectInViewport(page, panel, "the notifications panel");
    await page.keyboard.press("Escape");
    await expect(panel).toBeHidden();
    await expect(bell).toBeFocused();
  });

  test("the search field of a key list takes the width of the screen", async ({ page }) => {
    await page.goto("/settings/account/api-keys?view=service");
    const search = page.getByRole("searchbox", { name: "Search keys" });
    const box = (await search.boundingBox())!;
    expect(box.width).toBeGreaterThan(280);
  });
});

test("the key page: an empty chart says so and adds no Tab stop", async ({ page }) => {
  const { keys } = await userWithKeys(page, "emptychart");
  await page.goto(`/settings/api-keys/${keys[0]!.id}`);
  await expect(page.getByText("No requests in the last 30 days")).toBeVisible();
  await expect(page.getByRole("group", { name: /Requests per day/ })).toHaveCount(0);
});

test("the key page: the page ends with its chart, the chart is one Tab stop, and focus stays on the actions", async ({
  page,
}) => {
  const { keys } = await userWithKeys(page, "keypage");
  const key = keys[2]!;
  for (let i = 0; i < 30; i++)
    await recordUse(key.id, new Date(Date.now() - i * DAY).toISOString().slice(0, 10), "checks", "read", 5 + i);
  await page.goto(`/settings/api-keys/${key.id}`);
  const chart = page.getByRole("group", { name: /Requests per day over the last 30 days/ });
  await expect(chart).toBeVisible();
  // No blank scroll below the usage card (the screen-reader table of the days takes no room).
  expect(await blankBelow(page)).toBeLessThan(120);
  // The whole chart is one Tab stop.
  await chart.focus();
  await page.keyboard.press("Tab");
  await expect(chart).not.toBeFocused();
  expect(await page.evaluate(() => document.activeElement?.closest("figure"))).toBeNull();

  // Disable and enable: focus stays on the button, which changes its name.
  const actions = page.getByRole("group", { name: "Key actions" });
  await actions.getByRole("button", { name: `Disable API key ${key.name}` }).click();
  const enable = actions.getByRole("button", { name: `Enable API key ${key.name}` });
  await expect(enable).toBeFocused();
  await enable.press("Enter");
  await expect(actions.getByRole("button", { name: `Disable API key ${key.name}` })).toBeFocused();

  // Rotate: the key can no longer be rotated, so focus goes to its first other action.
  await actions.getByRole("button", { name: `Rotate API key ${key.name}` }).click();
  await page.getByRole("dialog", { name: "Rotate API key" }).getByRole("button", { name: "Rotate" }).click();
  const reveal = page.getByRole("dialog", { name: "Copy your API key" });
  await reveal.getByRole("button", { name: "Done" }).click();
  await reveal.getByRole("button", { name: "Close without copying" }).click();
  await expect(reveal).toBeHidden();
  await expect(page.getByText(/Rotating until/)).toBeVisible();
  await expect(actions.getByRole("button", { name: `Edit API key ${key.name}` })).toBeFocused();
});

test("an auto-disabled leaked key's page offers Rotate now: a new key that works, the old one stays refused", async ({
  page,
  request,
}) => {
  const { accountId, keys } = await userWithKeys(page, "rotnow");
  const leaked = keys[0]!;
  const res = await request.post("/api/v1/leaks", {
    data: [{ token: leaked.token, url: "https://paste.test/rotnow" }],
  });
  expect(res.status()).toBe(200);
  const auth = (t: string) => ({ Authorization: `Bearer ${t}`, "X-Account-Id": accountId });
  expect((await (await request.get("/api/v1/me", { headers: auth(leaked.token) })).json()).error.code).toBe(
    "key_disabled",
  );

  await page.goto(`/settings/api-keys/${leaked.id}`);
  await expect(page.getByText("Disabled", { exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Rotate now" }).click();
  const dialog = page.getByRole("dialog", { name: "Rotate API key" });
  await expect(dialog).toContainText("The old key stays disabled");
  await dialog.getByRole("button", { name: "Rotate" }).click();
  const reveal = page.getByRole("dialog", { name: "Copy your API key" });
  const token = await reveal.getByLabel("API key").inputValue();
  expect(token).not.toBe(leaked.token);
  await reveal.getByRole("button", { name: "Done" }).click();
  await reveal.getByRole("button", { name: "Close without copying" }).click();
  await expect(reveal).toBeHidden();
  await expect(page.getByRole("group", { name: "Key actions" })).toBeFocused();

  expect((await request.get("/api/v1/me", { headers: auth(token) })).status()).toBe(200);
  expect((await request.get("/api/v1/me", { headers: auth(leaked.token) })).status()).toBe(401);
});
