// Signs in once per demo role and saves the session for the specs that act as that role.
import { test as setup } from "@playwright/test";
import { signIn } from "./helpers";

for (const role of ["owner", "admin", "writer", "reader"]) {
  setup(`sign in as ${role}@acme.test`, async ({ page }) => {
    await signIn(page, `${role}@acme.test`);
    await page.context().storageState({ path: `e2e/.auth/${role}.json` });
  });
}
