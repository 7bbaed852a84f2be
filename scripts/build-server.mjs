// Bundles server.ts (the HTTP server, the front door and the lean API router with the lib/ code it
// uses) into dist/server.mjs. Packages stay external and load from node_modules at run time.
import { build } from "esbuild";

await build({
  entryPoints: ["server.ts"],
  outfile: "dist/server.mjs",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
});
console.log("[latchkey] built dist/server.mjs");
