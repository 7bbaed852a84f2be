// npm run dev: the server in development, with one instance of the domain as in production. esbuild
// watches lib/, db/ and server.ts and rebuilds the domain package (scripts/build-server.mjs); after each
// rebuild the server process restarts, since Node loads the package once. Changes to app/ and
// components/ reload in the browser through Next's own dev server without a restart.
import { spawn } from "node:child_process";
import { watchDomain } from "./build-server.mjs";

let server = null;
let restarting = false;

function start() {
  server = spawn(process.execPath, ["--enable-source-maps", "dist/server.mjs", "--dev"], {
    stdio: "inherit",
    env: process.env,
  });
  server.on("exit", (code, signal) => {
    server = null;
    if (!restarting && signal !== "SIGTERM")
      console.log(`[latchkey] server exited (${signal ?? code}); it starts again on the next change`);
  });
}

function restart() {
  if (!server) return start();
  restarting = true;
  server.once("exit", () => {
    restarting = false;
    start();
  });
  server.kill("SIGTERM");
}

const ctx = await watchDomain(() => {
  console.log("[latchkey] domain rebuilt");
  restart();
});
for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, async () => {
    await ctx.dispose();
    server?.kill("SIGTERM");
    process.exit(0);
  });
}
