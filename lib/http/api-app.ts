// The public API on the lean path: a Hono router mounted by server.ts before Next's handler, so the
// API's requests never enter Next's page and route pipeline (SPEC section 8, "Speed"). Every route
// comes from lib/http/api-routes.ts and is described by lib/http/openapi.ts from the same definition.
import { Hono } from "hono";
import { db } from "@/db/client";
import { bearerToken, verifyKey, type KeyPrincipal } from "@/lib/api-auth";
import { clientIp } from "@/lib/client-ip";
import { STATUS_BY_CODE } from "@/lib/errors";
import { keyUsage } from "@/lib/key-usage";
import { can } from "@/lib/policy";
import { limiters } from "@/lib/rate-limit";
import { apiError, errorResponse, honoPath, type KeyRoute, type PublicContext, type Route } from "./api-kit";
import { apiRoutes } from "./api-routes";
import { openApiDocument } from "./openapi";

/** The paths the lean router answers; everything else goes to Next. */
export const isApiPath = (pathname: string) => pathname.startsWith("/api/v1/") || pathname === "/api/v1" || pathname === "/api/health" || pathname.startsWith("/.well-known/");

/**
 * The one verification path for a request: the key (parse, checksum, one look-up, membership, role),
 * then the route's permission from the policy module. Failed key checks count against the client IP;
 * once an IP is over the limit its failures get 429, but a valid key from it still passes, so one
 * noisy client behind a shared address cannot lock out the others.
 */
function authenticate(req: Request, ip: string, route: KeyRoute): KeyPrincipal | Response {
  const result = verifyKey(db.$client, bearerToken(req.headers.get("authorization")), req.headers.get("x-account-id"));
  if (!result.ok) {
    if (STATUS_BY_CODE[result.code] === 401) {
      const wait = limiters.keyFailuresByIp.retryAfter(ip);
      if (wait) return apiError("rate_limited", "Too many failed authentication attempts. Try again later.", { headers: { "Retry-After": String(wait) } });
      limiters.keyFailuresByIp.hit(ip);
    }
    return apiError(result.code, result.message);
  }
  keyUsage.touch(result.principal.keyId, ip);
  if (!can(result.principal.role, route.access.permission)) return apiError("forbidden", "This API key's role does not allow that.");
  return result.principal;
}

export function createApiApp(routes: Route[] = apiRoutes): Hono {
  const app = new Hono();
  for (const route of routes) {
    app.on(route.method.toUpperCase(), honoPath(route.path), async (c) => {
      const req = c.req.raw;
      const ip = clientIp(req.headers);
      const ctx: PublicContext = { req, params: c.req.param() as Record<string, string>, ip };
      try {
        if (route.access === "public") return await route.handler(ctx);
        const principal = authenticate(req, ip, route);
        if (principal instanceof Response) return principal;
        return await route.handler({ ...ctx, principal });
      } catch (error) {
        return errorResponse(error);
      }
    });
  }
  // The description itself: generated from the routes above, once per process.
  let document: string | undefined;
  app.get("/api/v1/openapi.json", () => {
    document ??= JSON.stringify(openApiDocument(routes, process.env.NEXTAUTH_URL ?? `http://localhost:${process.env.PORT ?? 3000}`));
    return new Response(document, { headers: { "Content-Type": "application/json", "Cache-Control": "no-store" } });
  });
  // A known path with another method is 405 with Allow; anything else 404, in the API's shape.
  const shapes = [...routes.map((r) => [r.path, r.method] as const), ["/api/v1/openapi.json", "get"] as const].map(([path, method]) => ({
    pattern: new RegExp(`^${path.replace(/\{\w+\}/g, "[^/]+")}/?$`),
    method: method.toUpperCase(),
  }));
  app.notFound((c) => {
    const allowed = shapes.filter((s) => s.pattern.test(c.req.path)).map((s) => s.method);
    if (!allowed.length) return apiError("not_found", "No such endpoint. See /api/v1/openapi.json.");
    return apiError("method_not_allowed", `Use ${allowed.join(" or ")} on this path.`, { headers: { Allow: allowed.join(", ") } });
  });
  app.onError((error) => errorResponse(error));
  return app;
}

