// The create, edit and reveal dialogs (docs/concepts.md#the-console): the Advanced fold, errors brought into view,
// the default expiry and the account's maximum, and the reveal dialog at 390 px with snippets that run as pasted.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { openAdvanced, signUp, unique } from "./helpers";

async function openCreate(page: Page) {
  await page.goto("/settings/user");
  await page.getByRole("button", { name: "Create new API key" }).click();
  return page.getByRole("dialog", { name: "Create API key" });
}

/** Creates a key with a name and the defaults; returns its token, the reveal dialog still open. */
async function createKey(page: Page, name: string) {
  const create = await openCreate(page);
  await create.getByLabel("Name").fill(name);
  await create.getByRole("button", { name: "Create" }).click();
  const reveal = page.getByRole("dialog", { name: "Copy your API key" });
  return { reveal, token: await reveal.getByLabel("API key").inputValue() };
}

async function closeReveal(reveal: Locator) {
  await reveal.getByRole("button", { name: "Done" }).click();
  await reveal.getByRole("button", { name: "Close without copying" }).click();
  await expect(reveal).toBeHidden();
}

/** Opens a key's edit dialog from its row: a button, or an item of the row's actions menu. */
async function openEdit(page: Page, name: string) {
  const button = page.getByRole("button", { name: `Edit API key ${name}` });
  if (!(await button.count())) await page.getByRole("button", { name: `Actions for ${name}` }).click();
  await page.getByRole(!(await button.count()) ? "menuitem" : "button", { name: `Edit API key ${name}` }).click();
  return page.getByRole("dialog", { name: "Edit API key" });
}

const optionValues = (select: Locator) =>
  select.locator("option").evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));

test("the create dialog keeps the basics in view and folds the rest under Advanced", async ({ page }) => {
  await signUp(page, "Fold Fay", unique("fold"));
  const create = await openCreate(page);
  for (const label of ["Name", "Description", "Expires"]) await expect(create.getByLabel(label)).toBeVisible();
  const advanced = create.getByRole("button", { name: "Advanced" });
  await expect(advanced).toHaveAttribute("aria-expanded", "false");
  for (const label of ["If leaked", "Allowed IPs"]) await expect(create.getByLabel(label)).toBeHidden();
  await expect(create.getByLabel("Rate limit", { exact: true })).toBeHidden();
  await expect(create.getByRole("radiogroup", { name: "Permissions" })).toBeHidden();

  // Inside: the leak action, permissions in words, the limits.
  await openAdvanced(create);
  await expect(create.getByLabel("If leaked")).toHaveValue("disable");
  await create.getByRole("radio", { name: "Restricted" }).click();
  for (const resource of ["checks", "members", "API keys", "audit log"])
    await expect(create.getByLabel(`Access to ${resource}`)).toBeVisible();
  await expect(create.getByText("audit_log")).toHaveCount(0);
  await expect(create.getByLabel("Access to audit log").locator("option")).toHaveText([
    "None",
    "Read",
    "Read and write",
  ]);
  // The Permissions label sits above its choice, not beside it.
  const label = (await create.getByText("Permissions", { exact: true }).boundingBox())!;
  const group = (await create.getByRole("radiogroup", { name: "Permissions" }).boundingBox())!;
  expect(group.y).toBeGreaterThanOrEqual(label.y + label.height);

  // A mistake inside a closed Advanced opens it and lands on the field.
  await create.getByLabel("Allowed IPs").fill("not-an-ip");
  await advanced.click();
  await expect(advanced).toHaveAttribute("aria-expanded", "false");
  await create.getByLabel("Name").fill("Folded");
  await create.getByRole("button", { name: "Create" }).click();
  await expect(advanced).toHaveAttribute("aria-expanded", "true");
  await expect(create.getByLabel("Allowed IPs")).toBeFocused();
  await expect(create.getByRole("alert")).toHaveText('"not-an-ip" is not an IPv4 or IPv6 address or CIDR range.');

  // Fixed, the key is made; its row names the resources in words too.
  await create.getByLabel("Allowed IPs").fill("");
  await create.getByLabel("Access to API keys").selectOption("read");
  await create.getByRole("button", { name: "Create" }).click();
  await closeReveal(page.getByRole("dialog", { name: "Copy your API key" }));
  await expect(page.getByRole("row", { name: /Folded/ })).toContainText("Restricted to checks: read, API keys: read");
});

test.describe("on a short screen", () => {
  test.use({ viewport: { width: 1280, height: 560 } });

  test("Create with an empty name after scrolling down brings Name into view, focused, its error announced", async ({
    page,
  }) => {
    await signUp(page, "Scroll Sid", unique("scroll"));
    const create = await openCreate(page);
    await create.getByLabel("Description").fill("Filled in before the name");
    await openAdvanced(create);
    await create.getByRole("radio", { name: "Restricted" }).click();
    await create.getByLabel("Rate limit", { exact: true }).fill("100");
    await create.getByLabel("Allowed IPs").fill("203.0.113.0/24");
    const submit = create.getByRole("button", { name: "Create" });
    await submit.scrollIntoViewIfNeeded();
    await expect(create.getByLabel("Name")).not.toBeInViewport();
    await submit.click();

    const name = create.getByLabel("Name");
    await expect(name).toBeFocused();
    await expect(name).toBeInViewport();
    await expect(name).toHaveAttribute("aria-invalid", "true");
    await expect(name).toHaveAccessibleDescription("Enter a name.");
    const error = create.getByRole("alert");
    await expect(error).toHaveText("Enter a name.");
    await expect(error).toBeInViewport();
  });
});

test("new keys expire in 90 days, or at the account's maximum, which leaves out Never in create and edit", async ({
  page,
}) => {
  await signUp(page, "Expiry Eve", unique("expiry"));
  let create = await openCreate(page);
  await expect(create.getByLabel("Expires")).toHaveValue("90");
  expect(await optionValues(create.getByLabel("Expires"))).toContain("never");
  await create.getByLabel("Name").fill("Ninety");
  await create.getByRole("button", { name: "Create" }).click();
  await closeReveal(page.getByRole("dialog", { name: "Copy your API key" }));
  await expect(page.getByRole("row", { name: /Ninety/ })).toContainText(/Expires in (89|90) days/);

  // An owner sets a maximum of 30 days.
  await page.goto("/settings/account/general");
  await page.getByLabel("Maximum key lifetime").selectOption("30");
  await expect(page.getByText("New keys now live at most 30 days")).toBeVisible();

  create = await openCreate(page);
  await expect(create.getByLabel("Expires")).toHaveValue("30");
  expect(await optionValues(create.getByLabel("Expires"))).toEqual(["7", "30", "custom"]);
  await expect(create.getByLabel("Expires")).toHaveAccessibleDescription(
    "This account allows keys of at most 30 days.",
  );
  await create.getByLabel("Name").fill("Thirty");
  await create.getByRole("button", { name: "Create" }).click();
  await closeReveal(page.getByRole("dialog", { name: "Copy your API key" }));
  await expect(page.getByRole("row", { name: /Thirty/ })).toContainText(/Expires in (29|30) days/);

  const edit = await openEdit(page, "Ninety");
  const expires = edit.getByLabel("Expires");
  await expect(expires).toHaveValue("keep");
  expect(await optionValues(expires)).toEqual(["keep", "7", "30", "custom"]);

  // The edit dialog folds the same way: a mistake under a closed Advanced opens it and lands on the field.
  const advanced = edit.getByRole("button", { name: "Advanced" });
  await expect(advanced).toHaveAttribute("aria-expanded", "false");
  await openAdvanced(edit);
  await edit.getByLabel("Rate limit", { exact: true }).fill("0");
  await advanced.click();
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(advanced).toHaveAttribute("aria-expanded", "true");
  await expect(edit.getByLabel("Rate limit", { exact: true })).toBeFocused();
  await expect(edit.getByLabel("Rate limit", { exact: true })).toHaveAttribute("aria-invalid", "true");
});

test.describe("at 390 px", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("the reveal dialog shows the whole key, and every snippet whole", async ({ page }) => {
    await signUp(page, "Phone Pia", unique("phone"));
    const { reveal, token } = await createKey(page, "Phone key");
    const field = reveal.getByLabel("API key");
    await expect(field).toHaveAttribute("readonly", "");
    expect(token).toMatch(/^lku_[0-9A-Za-z]{38}$/);
    const fits = (el: Element) => el.scrollWidth <= el.clientWidth && el.scrollHeight <= el.clientHeight;
    expect(await field.evaluate(fits)).toBe(true);
    const fieldBox = (await field.boundingBox())!;
    expect(fieldBox.x + fieldBox.width).toBeLessThanOrEqual(390);

    for (const [flavour, closing] of <[string, string][]>[
      ["curl", `Bearer ${token}"`],
      ["Node", `Bearer ${token}",`],
      ["CLI", `LATCHKEY_API_KEY=${token}`],
    ]) {
      await reveal.getByRole("button", { name: flavour, exact: true }).click();
      const snippet = reveal.getByLabel(`${flavour} example`);
      await expect(snippet).toContainText(closing);
      expect(await snippet.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
      const box = (await snippet.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(390);
    }
    await closeReveal(reveal);
  });
});

test("each snippet of the reveal dialog runs as pasted and prints who the key is", async ({ page }) => {
  await signUp(page, "Paste Pat", unique("paste"));
  const { reveal, token } = await createKey(page, "Pasted key");
  await runSnippets(reveal, { kind: "user", name: "Pasted key" });
  expect(token).toMatch(/^lku_/);
  await closeReveal(reveal);
});

test.describe("as the demo admin", () => {
  test.use({ storageState: "e2e/.auth/admin.json" });

  test("a service key's snippets, without an Account ID, run as pasted too", async ({ page }) => {
    const name = `Pasted service ${Date.now().toString(36)}`;
    await page.goto("/settings/account/api-keys");
    await page.getByRole("button", { name: "Create service API key" }).click();
    const create = page.getByRole("dialog", { name: "Create API key" });
    await create.getByLabel("Name").fill(name);
    await create.getByLabel("Role").selectOption({ label: "Read only" });
    await create.getByRole("button", { name: "Create" }).click();
    const reveal = page.getByRole("dialog", { name: "Copy your API key" });
    await expect(reveal.getByLabel("curl example")).not.toContainText("X-Account-Id");
    await runSnippets(reveal, { kind: "service", name });
    await closeReveal(reveal);
  });
});

/** Runs the Node snippet from a file as its caption says, and the curl one in a shell; both print GET /api/v1/me. */
async function runSnippets(reveal: Locator, key: { kind: string; name: string }) {
  const dir = mkdtempSync(path.join(tmpdir(), "latchkey-snippet-"));
  try {
    await reveal.getByRole("button", { name: "Node", exact: true }).click();
    await expect(reveal.getByText(/Save it as latchkey-example\.mjs and run node latchkey-example\.mjs/)).toBeVisible();
    const node = await reveal.getByLabel("Node example").innerText();
    writeFileSync(path.join(dir, "latchkey-example.mjs"), node);
    // As in a terminal of its own: without the colours Playwright's FORCE_COLOR would add.
    const { FORCE_COLOR: _colour, ...env } = process.env;
    const printed = execFileSync(process.execPath, ["latchkey-example.mjs"], { cwd: dir, encoding: "utf8", env });
    expect(printed).toMatch(/^200 \{/);
    const me = JSON.parse(printed.slice(4));
    expect(me.key).toMatchObject(key);

    await reveal.getByRole("button", { name: "curl", exact: true }).click();
    const curl = await reveal.getByLabel("curl example").innerText();
    let hasCurl = true;
    try {
      execFileSync("curl", ["--version"], { stdio: "ignore" });
    } catch {
      hasCurl = false;
    }
    if (hasCurl) {
      const answer = JSON.parse(execFileSync("sh", ["-c", curl], { encoding: "utf8" }));
      expect(answer.key).toMatchObject(key);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
