// npm test: every unit, integration and end-to-end test. Builds the production server for e2e,
// then prints one last line: `tests: N passed, N failed`.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const bin = (name) => path.resolve("node_modules", ".bin", name);
const run = (cmd, args) => spawnSync(cmd, args, { stdio: "inherit", env }).status ?? 1;
const readJson = (file) => {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return null;
  }
};
fs.rmSync(".reports", { recursive: true, force: true });
fs.mkdirSync(".reports", { recursive: true });

let passed = 0;
let failed = 0;
const steps = [];

// 1. Unit and integration tests (Vitest, real SQLite files).
const vitestCode = run(bin("vitest"), ["run", "--reporter=default", "--reporter=json", "--outputFile.json=.reports/vitest.json"]);
const vitest = readJson(".reports/vitest.json");
if (vitest) {
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests;
} else if (vitestCode !== 0) failed += 1;
steps.push(["vitest", vitestCode]);

// 2. A production build, then end-to-end tests in Chromium against it.
const buildCode = run(bin("next"), ["build"]) || run(process.execPath, ["scripts/build-server.mjs"]);
steps.push(["next build", buildCode]);
if (buildCode !== 0) failed += 1;
else if (process.argv.includes("--skip-e2e")) console.log("e2e skipped");
else {
  const e2eCode = run(bin("playwright"), ["test"]);
  const report = readJson(".reports/playwright.json");
  if (report?.stats) {
    passed += report.stats.expected + report.stats.flaky;
    failed += report.stats.unexpected;
  } else if (e2eCode !== 0) failed += 1;
  steps.push(["playwright", e2eCode]);
}

for (const [name, code] of steps) console.log(`${name}: exit ${code}`);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || steps.some(([, code]) => code !== 0) ? 1 : 0);
