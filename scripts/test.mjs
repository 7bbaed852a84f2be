// npm test: the lint, then every unit, integration and end-to-end test, on SQLite and then on PostgreSQL
// (docs/operations.md#tests section 10: a throw-away cluster from Debian's postgresql on a free port and a temporary
// directory, stopped afterwards). Builds the production server for e2e, then prints one last line: `tests: N passed, N
// failed`.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { postgresBin, startPostgres } from "./pg-cluster.mjs";

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const bin = (name) => path.resolve("node_modules", ".bin", name);
const run = (cmd, args, extra = {}) =>
  spawnSync(cmd, args, { stdio: "inherit", env: { ...env, ...extra } }).status ?? 1;
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
/** The name of every failing test, printed again just before the last line, so a CI log's tail says what failed. */
const failures = [];

// PostgreSQL for the second pass: required in CI (.ci/run installs it), skipped with a note elsewhere.
let cluster = null;
if (process.argv.includes("--sqlite-only")) console.log("PostgreSQL pass skipped (--sqlite-only)");
else if (postgresBin()) cluster = await startPostgres();
else if (process.env.CI) {
  console.error("CI must have PostgreSQL: .ci/run installs Debian's postgresql.");
  failed += 1;
} else console.log("PostgreSQL pass skipped: PostgreSQL is not installed (apt-get install -y postgresql)");
const onPostgres = cluster ? { LATCHKEY_TEST_POSTGRES_URL: cluster.url } : null;

function vitest(label, report, extra) {
  const code = run(
    bin("vitest"),
    ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`],
    extra,
  );
  const result = readJson(report);
  if (result) {
    passed += result.numPassedTests;
    failed += result.numFailedTests;
    for (const file of result.testResults ?? []) {
      const failedTests = (file.assertionResults ?? []).filter((t) => t.status === "failed");
      for (const t of failedTests)
        failures.push(`${label}: ${path.relative(process.cwd(), file.name)} › ${t.fullName}`);
      // A file that failed outside its tests (an import error, an unhandled rejection) fails the run too.
      if (file.status === "failed" && failedTests.length === 0) {
        failed += 1;
        failures.push(
          `${label}: ${path.relative(process.cwd(), file.name)}: ${(file.message ?? "failed outside its tests").split("\n")[0]}`,
        );
      }
    }
    if (code !== 0 && result.numFailedTests === 0 && !result.testResults?.some((f) => f.status === "failed")) {
      failed += 1;
      failures.push(`${label}: exit ${code} with no failing test (an unhandled error: see the log above)`);
    }
  } else if (code !== 0) failed += 1;
  steps.push([label, code]);
}

function playwright(label, report, extra) {
  const code = run(bin("playwright"), ["test"], { E2E_REPORT: report, ...extra });
  const result = readJson(report);
  if (result?.stats) {
    // A test that failed and then passed is a failure: nothing retries (playwright.config.ts), and a
    // flaky result from anywhere else counts against the run too (docs/operations.md#tests).
    passed += result.stats.expected;
    failed += result.stats.unexpected + result.stats.flaky;
    const walk = (suite, titles) => {
      for (const spec of suite.specs ?? []) {
        for (const t of spec.tests ?? []) {
          if (t.status === "unexpected" || t.status === "flaky")
            failures.push(`${label}: ${t.status} ${spec.file}:${spec.line} › ${[...titles, spec.title].join(" › ")}`);
        }
      }
      for (const child of suite.suites ?? [])
        walk(child, suite.title && !suite.title.endsWith(".ts") ? [...titles, suite.title] : titles);
    };
    for (const suite of result.suites ?? []) walk(suite, []);
  } else if (code !== 0) failed += 1;
  steps.push([label, code]);
}

try {
  // 0. Lint and format (docs/architecture.md#lint-and-format): a finding fails the run like a failing test.
  const lintCode = run("npm", ["run", "--silent", "lint"]);
  steps.push(["lint", lintCode]);
  if (lintCode !== 0) {
    failed += 1;
    failures.push("lint: npm run lint found problems (see above; npm run format fixes the formatting)");
  }

  // 1. Unit and integration tests (Vitest): each file on its own SQLite file, then its own PostgreSQL database.
  vitest("vitest (sqlite)", ".reports/vitest.json", {});
  if (onPostgres) vitest("vitest (postgresql)", ".reports/vitest-pg.json", onPostgres);

  // 2. A production build, then end-to-end tests in Chromium against it, on each database.
  const buildCode = run(process.execPath, ["scripts/build-server.mjs"]) || run(bin("next"), ["build"]);
  steps.push(["next build", buildCode]);
  if (buildCode !== 0) failed += 1;
  else if (process.argv.includes("--skip-e2e")) console.log("e2e skipped");
  else {
    playwright("playwright (sqlite)", ".reports/playwright.json", {});
    // DATABASE_URL names the cluster so the test process reads PostgreSQL's tables; each e2e server
    // makes its own database on it (scripts/e2e-server.mjs).
    if (onPostgres)
      playwright("playwright (postgresql)", ".reports/playwright-pg.json", {
        ...onPostgres,
        DATABASE_URL: cluster.url,
        E2E_DATABASE: "postgresql",
      });
  }
} finally {
  await cluster?.stop();
}

for (const line of failures) console.log(line);
for (const [name, code] of steps) console.log(`${name}: exit ${code}`);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || steps.some(([, code]) => code !== 0) ? 1 : 0);
