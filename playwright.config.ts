import { execFileSync } from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { defineConfig, devices } from "@playwright/test";

// No fixed port (docs/operations.md#tests): a free one, chosen once. Playwright evaluates this file in its
// main process and again in every worker (and specs import BASE_URL from it); the first evaluation picks
// the port and leaves it in E2E_PORT, which the web server and the workers inherit. The config is loaded
// as CommonJS here (package.json has no "type": "module"), so no top-level await: a tiny node process
// answers synchronously. E2E_PORT set beforehand still wins.
const freePortScript = `import { freePort } from ${JSON.stringify(pathToFileURL(path.join(__dirname, "scripts", "free-port.mjs")).href)}; console.log(await freePort());`;
process.env.E2E_PORT ??= execFileSync(process.execPath, ["--input-type=module", "-e", freePortScript], {
  encoding: "utf8",
}).trim();
const PORT = Number(process.env.E2E_PORT);
export const BASE_URL = `http://localhost:${PORT}`;

export default defineConfig({
  testDir: "e2e",
  outputDir: ".reports/playwright-artifacts",
  fullyParallel: false,
  workers: 2,
  // A test passes on its first run or fails: no retry turns a flaky failure into a pass (docs/operations.md#tests).
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json", { outputFile: process.env.E2E_REPORT ?? ".reports/playwright.json" }]],
  use: {
    baseURL: BASE_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [
    { name: "setup", testMatch: /auth\.setup\.ts/ },
    {
      name: "chromium",
      use: { ...devices["Desktop Chrome"], channel: undefined },
      dependencies: ["setup"],
      testIgnore: /auth\.setup\.ts/,
    },
  ],
  webServer: {
    command: "node scripts/e2e-server.mjs",
    url: `${BASE_URL}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    // High limits: the fuzz test sends hundreds of bad keys and leak reports from one IP, and the specs sign up more
    // than the 30 accounts an hour one IP may make. The 429s have their own server.
    env: {
      PORT: String(PORT),
      LATCHKEY_KEY_FAILURE_LIMIT: "100000",
      LATCHKEY_LEAK_REPORT_LIMIT: "100000",
      LATCHKEY_SIGNUP_IP_LIMIT: "100000",
    },
  },
});
