// The bench's own API route, mounted only by bench/server.ts and never by the production server: the
// production build does not contain it (test/bench-routes.test.ts). Imports name the built domain package,
// as Next's code does, so this process and Next share one instance of every domain module
// (docs/architecture.md#one-instance-of-the-domain).
import { db } from "@latchkey/domain/db/client";
import { describeKeyActor } from "@latchkey/domain/api-auth";
import { json, publicRoute, type Route } from "@latchkey/domain/server/http/api-kit";
import * as S from "@latchkey/domain/server/http/api-schemas";

/** The path of the bench's unauthenticated twin of GET /api/v1/me. */
export const BENCH_ME_PATH = "/api/v1/bench/me";

/**
 * GET /api/v1/me's work without the key check, so the bench can price authentication on its own
 * (docs/performance.md#the-benchmark: an authenticated request should cost at most 10% more than an
 * unauthenticated one). The caller names the account and user /me would describe.
 */
export function benchRoutes(): Route[] {
  return [
    publicRoute({
      method: "get",
      path: BENCH_ME_PATH,
      tags: ["Bench"],
      summary: "GET /api/v1/me's answer without authentication (the bench's server only)",
      access: "public",
      responses: { 200: { description: "The same body as /api/v1/me", schema: S.Me } },
      handler: async ({ req }) => {
        const accountId = String(req.headers["x-account-id"] ?? "");
        const userId = String(req.headers["x-bench-user"] ?? "") || null;
        return json(
          await describeKeyActor(db, {
            accountId,
            userId,
            role: "read_only",
            key: {
              id: "00000000-0000-0000-0000-000000000000",
              kind: "user",
              name: "bench",
              via: "key",
              expiresAt: null,
              permissions: null,
              rateLimit: null,
              allowedIps: null,
            },
            ip: null,
          }),
        );
      },
    }),
  ];
}
