// The server: one Node HTTP server on one port for the console and the API. In front of everything
// (lib/server/http/front-door.ts): client IP from the socket, security headers on every response, refusal of
// undecodable paths, oversized bodies and cross-site server-action and sign-in posts, 400 for posts Next
// cannot decode, connections closed after an answer sent before the body was read, and timeouts for
// slow clients. Then /api/v1/*, /api/health and /.well-known/* go to the lean API router (find-my-way) and every
// other request to Next. server.ts starts it with the public API's routes; the bench starts it with its own
// routes added (bench/server.ts), which therefore never reach the production build (docs/performance.md#the-benchmark).
import { createServer } from "node:http";
import next from "next";
import { db, dbReady } from "@/db/client";
import { ensureSigningKey } from "@/lib/access-tokens";
import { publicOrigin } from "@/lib/public-origin";
import { startSweeper } from "@/lib/server/sweeper";
import { createApiHandler, isApiPath } from "@/lib/server/http/api-app";
import type { Route } from "@/lib/server/http/api-kit";
import { apiRoutes } from "@/lib/server/http/api-routes";
import { isDocsPath, serveDocs } from "@/lib/server/http/docs-assets";
import { createFrontDoor, SERVER_TIMEOUTS } from "@/lib/server/http/front-door";

export interface ServerOptions {
  /** Next in development mode (npm run dev). */
  dev: boolean;
  /** The API router's routes: the public API's unless told otherwise. */
  routes?: Route[];
}

export async function startServer({ dev, routes = apiRoutes }: ServerOptions) {
  const port = Number(process.env.PORT ?? 3000);
  const hostname = process.env.HOSTNAME ?? "0.0.0.0";
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
  const api = createApiHandler(routes);
  const frontDoor = createFrontDoor({ dev, isApiPath });

  const server = createServer(
    {
      connectionsCheckingInterval: 1_000,
      requestTimeout: SERVER_TIMEOUTS.requestMs,
      headersTimeout: SERVER_TIMEOUTS.headersMs,
    },
    (req, res) => {
      const route = frontDoor(req, res);
      if (route === "done") return;
      if (route === "api") void api(req, res);
      else if (isDocsPath((req.url ?? "").split("?")[0]!)) serveDocs(req, res);
      else void handleNext(req, res);
    },
  );
  server.keepAliveTimeout = SERVER_TIMEOUTS.keepAliveMs;
  // One address in the log: the public one (NEXTAUTH_URL), which links and sign-in use, not the socket's.
  server.listen(port, hostname, () =>
    console.log(`[latchkey] ready on ${publicOrigin()}${dev ? " (development)" : ""}`),
  );
  for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => server.close(() => process.exit(0)));
}

/** Starts the server; a failure to start is printed and ends the process. */
export function runServer(options: ServerOptions) {
  startServer(options).catch((error) => {
    console.error("[latchkey] could not start:", error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
