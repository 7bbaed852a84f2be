// The bench's unauthenticated route is not part of the product (docs/performance.md#the-benchmark): it
// lives in bench/routes.ts, mounted by bench/server.ts alone, and the domain package that production runs
// (node_modules/@latchkey/domain, built by scripts/build-server.mjs) does not contain it. The package is
// built here again from the current sources with the very options of scripts/build-server.mjs, in memory,
// so a stale copy in node_modules can neither hide the route nor fail this test.
import fs from "node:fs";
import path from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
// @ts-expect-error -- a plain .mjs build script
import { buildOptions } from "../scripts/build-server.mjs";

const root = path.resolve(__dirname, "..");
const BENCH_PATH = "/api/v1/bench/me";

describe("the bench-only route stays out of the production build", () => {
  it("is the bench's own route, defined in bench/routes.ts", () => {
    // Otherwise this test would pass for a path nobody uses any more.
    expect(fs.readFileSync(path.join(root, "bench/routes.ts"), "utf8")).toContain(`"${BENCH_PATH}"`);
  });

  it(`the domain package (server and every module of lib/ and db/) has no ${BENCH_PATH}`, async () => {
    const result = await build({
      ...buildOptions,
      absWorkingDir: root,
      outdir: path.join(root, "node_modules/@latchkey/domain"),
      write: false,
      sourcemap: false,
      logLevel: "silent",
    });
    const files = (result.outputFiles ?? []).map((f) => ({ file: path.relative(root, f.path), text: f.text }));
    // What is scanned is the real thing: the server entry and the public API's routes are in it.
    expect(files.map((f) => f.file)).toContain(path.join("node_modules/@latchkey/domain", "server.js"));
    expect(files.some((f) => f.text.includes('"/api/v1/me"'))).toBe(true);
    expect(files.filter((f) => f.text.includes(BENCH_PATH)).map((f) => f.file)).toEqual([]);
    // Nor a switch that would turn bench routes on in production.
    expect(files.filter((f) => /bench\/|benchRoutes/.test(f.text)).map((f) => f.file)).toEqual([]);
  });
});
