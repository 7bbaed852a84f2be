// The axe-core scan shared by e2e/accessibility.spec.ts and e2e/docs.spec.ts: every rule axe enables by
// default (best practices included), failing on serious and critical violations.
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";
import fs from "node:fs";

/** Waits for transitions to settle (a fading toast or dialog would measure half its contrast), then scans. */
export async function expectNoSeriousViolations(page: Page, what: string) {
  await page
    .waitForFunction(
      () =>
        document
          .getAnimations()
          .every((a) => a.playState !== "running" || a.effect?.getComputedTiming().iterations === Infinity),
      undefined,
      { polling: 100, timeout: 3_000 },
    )
    .catch(() => {}); // an animation that never ends is no reason not to scan
  // Next streams a page's metadata after its body, and a server action's refresh re-renders it: for a moment there
  // may be no <title>. Wait for it (a page that never gets one still fails the scan's document-title rule).
  await page.waitForFunction(() => document.title.trim() !== "", undefined, { timeout: 3_000 }).catch(() => {});
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const report = bad.map(
    (v) =>
      `${v.id} (${v.impact}, ${v.nodes.length} elements): ${v.help}\n  ${v.nodes
        .slice(0, 8)
        .map(
          (n) =>
            `${n.target.join(" ")} ${n.html.replace(/\s+/g, " ").slice(0, 160)}: ${n.failureSummary?.split("\n").slice(1).join(" ").trim() ?? ""}`,
        )
        .join("\n  ")}`,
  );
  if (process.env.AXE_REPORT && bad.length)
    fs.appendFileSync(process.env.AXE_REPORT, `## ${what}\n${report.join("\n")}\n`);
  expect(report, `axe on ${what}`).toEqual([]);
}

/** Runs every scan of a test and reports all failures at the end, so one bad page does not hide the rest. */
export async function scanAll(page: Page, steps: [string, () => Promise<void>][]) {
  const failures: string[] = [];
  for (const [what, step] of steps) {
    try {
      await step();
      await expectNoSeriousViolations(page, what);
    } catch (e) {
      failures.push(`${what}:\n${e instanceof Error ? e.message : String(e)}`);
    }
  }
  expect(failures, failures.join("\n\n")).toEqual([]);
}
