// The server: one Node HTTP server on one port for the console and the API. In front of everything
// (lib/server/http/front-door.ts): client IP from the socket, security headers on every response, refusal of
// undecodable paths, oversized bodies and cross-site server-action and sign-in posts, 400 for posts Next
// cannot decode, connections closed after an answer sent before the body was read, and timeouts for
// slow clients. Then /api/v1/*, /api/health and /.well-known/* go to the lean API router (find-my-way) and every
// other request to Next. `npm run build` bundles it with lib/ and db/ into the domain package that Next loads too, so the
// process holds one instance of every domain module (scripts/build-server.mjs); `npm run dev` does the same
// in watch mode and restarts it (scripts/dev.mjs).
import { createServer } from "node:http";
import next from "next";
import { db, dbReady } from "@/db/client";
import { ensureSigningKey } from "@/lib/access-tokens";
import { startSweeper } from "@/lib/server/sweeper";
import { createApiHandler, isApiPath } from "@/lib/server/http/api-app";
import { isDocsPath, serveDocs } from "@/lib/server/http/docs-assets";
import { createFrontDoor, SERVER_TIMEOUTS } from "@/lib/server/http/front-door";

const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOSTNAME ?? "0.0.0.0";

async function main() {
  // Migrations first (on PostgreSQL under an advisory lock, so processes starting together take turns).
  await dbReady;
  // React and Next pick their production builds from NODE_ENV when they first load pages.
  (process.env as Record<string, string>).NODE_ENV = dev ? "development" : "production";
  const nextApp = next({ dev, hostname, port });
  const handleNext = nextApp.getRequestHandler();
  await nextApp.prepare();
  // Access tokens need a signing key: made on the first start, kept in the database.
  await ensureSigningKey(db);
  // The expiry sweep: at start-up and every five minutes, so reminders and "expired" events need no cron.
  await startSweeper();
  const api = createApiHandler();
  const frontDoor = createFrontDoor({ dev, isApiPath });

  const server = createServer({ connectionsCheckingInterval: 1_000, requestTimeout: SERVER_TIMEOUTS.requestMs, headersTimeout: SERVER_TIMEOUTS.headersMs }, (req, res) => {
    const route = frontDoor(req, res);
    if (route === "done") return;
    if (route === "api") void api(req, res);
    else if (isDocsPath((req.url ?? "").split("?")[0]!)) serveDocs(req, res);
    else void handleNext(req, res);
  });
  server.keepAliveTimeout = SERVER_TIMEOUTS.keepAliveMs;
  server.listen(port, hostname, () => console.log(`[latchkey] ready on http://localhost:${port}${dev ? " (development)" : ""}`));
  for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => server.close(() => process.exit(0)));
}

main().catch((error) => {
  console.error("[latchkey] could not start:", error instanceof Error ? error.message : error);
  process.exit(1);
});
