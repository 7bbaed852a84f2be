import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";

// The console (Next) and the API server load one instance of lib/ and db/: the package that
// scripts/build-server.mjs builds. If Next bundled its own copy, module state (the database connection
// and its transaction queue, rate limiters, the key-usage tracker) would silently exist twice.
function serverFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".js"))
    .map((e) => path.join(e.parentPath, e.name));
}

test("Next's server build loads the domain package and holds no copy of it", () => {
  const files = serverFiles(".next/server");
  const text = files.map((f) => fs.readFileSync(f, "utf8"));
  // The pages import the package by name...
  expect(text.some((t) => t.includes("@latchkey/domain"))).toBe(true);
  // ...and none of the domain's code: no driver, no domain-only strings.
  for (const marker of ['require("better-sqlite3', "[latchkey] expiry sweep failed", "BEGIN IMMEDIATE"]) {
    const holders = files.filter((_, i) => text[i]!.includes(marker));
    expect(holders, `Next's bundle contains "${marker}"`).toEqual([]);
  }
});

test("no module keeps its state on globalThis to survive a second copy of itself", () => {
  const sources = ["lib", "db", "app", "components"].flatMap((dir) =>
    fs
      .readdirSync(dir, { withFileTypes: true, recursive: true })
      .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name))
      .map((e) => path.join(e.parentPath, e.name)),
  );
  expect(sources.filter((f) => fs.readFileSync(f, "utf8").includes("globalThis"))).toEqual([]);
});
