// The public API on the lean path: find-my-way (Fastify's router) dispatches on Node's own request and
// response, mounted by server.ts before Next's handler, so the API's requests never enter Next's page and
// route pipeline and nothing is converted to Fetch objects (SPEC section 8, "Speed"). Every route comes
// from lib/http/api-routes.ts and is described by lib/http/openapi.ts from the same definition.
import type { IncomingMessage, ServerResponse } from "node:http";
import createRouter, { type HTTPMethod } from "find-my-way";
import { db } from "@/db/client";
import type { Actor } from "@/lib/actor";
import { looksLikeJwt, verifyAccessToken } from "@/lib/access-tokens";
import { bearerToken, verifyKey, verifyKeyById, type Described, type Verification } from "@/lib/api-auth";
import { clientIp } from "@/lib/server/client-ip";
import { recordAcceptedUse } from "@/lib/keys/rotation";
import { publicOrigin } from "@/lib/public-origin";
import { keyUsage } from "@/lib/key-usage";
import { PERMISSION_ACCESS } from "@/lib/policy";
import { failedKeyCheck, rateLimitHeaders, type KeyRateState } from "@/lib/rate-limit";
import { apiError, bodyUnread, errorResponse, routerPath, type ApiResponse, type PublicContext, type Route } from "./api-kit";
import { apiRoutes } from "./api-routes";
import { apiSecurityHeaders } from "./front-door";
import { openApiDocument } from "./openapi";

/** The paths the API router answers; everything else goes to Next. */
export const isApiPath = (pathname: string) =>
  pathname.startsWith("/api/v1/") || pathname === "/api/v1" || pathname === "/api/health" || pathname.startsWith("/.well-known/");

const header = (req: IncomingMessage, name: string): string | null => {
  const v = req.headers[name];
  return v === undefined ? null : Array.isArray(v) ? v.join(",") : v;
};

type Authenticated = { actor: Actor; rateLimit: KeyRateState | null; described?: Described };

/**
 * The one verification path for a request: the key (parse, checksum, one look-up, membership, role)
 * becomes the request's Actor; the domain function asks the policy module about it. Failed key checks
 * count against the client IP; once an IP is over the limit its failures get 429, but a valid key from
 * it still passes, so one noisy client behind a shared address cannot lock out the others.
 * On SQLite an accepted key is answered without a promise: on the hot path every await is a cost.
 */
function authenticate(req: IncomingMessage, ip: string, describe: boolean): Authenticated | ApiResponse | Promise<Authenticated | ApiResponse> {
  const bearer = bearerToken(header(req, "authorization"));
  if (bearer && looksLikeJwt(bearer)) return verifyAccessTokenRequest(bearer, header(req, "x-account-id"), ip).then((result) => settle(result, ip));
  const result = verifyKey(db, bearer, header(req, "x-account-id"), Date.now(), ip, { describe });
  return result instanceof Promise ? result.then((r) => settle(r, ip)) : settle(result, ip);
}

function settle(result: Verification, ip: string): Authenticated | ApiResponse | Promise<Authenticated | ApiResponse> {
  if (!result.ok) return refuse(result, ip);
  const accepted: Authenticated = { actor: result.actor, rateLimit: result.rateLimit, described: result.described };
  const recorded = recordAcceptedUse(db, result, ip);
  return recorded ? recorded.then(() => accepted) : accepted;
}

async function refuse(result: Verification & { ok: false }, ip: string): Promise<ApiResponse> {
  const wait = await failedKeyCheck(result.code, ip);
  if (wait) return apiError("rate_limited", "Too many failed authentication attempts. Try again later.", { headers: { "Retry-After": String(wait) } });
  return apiError(result.code, result.message, { headers: result.headers });
}

/**
 * An access token (SPEC section 8): its signature and lifetime, then the key behind it exactly as if it
 * had been sent itself, in the account the token was issued for — deleting, disabling or removing takes
 * effect at once here, whatever the token's `exp`.
 */
async function verifyAccessTokenRequest(token: string, accountHeader: string | null, ip: string): Promise<Verification> {
  const claims = await verifyAccessToken(db, token);
  if (!claims) return { ok: false, code: "invalid_key", message: "The access token is not valid or has expired." };
  if (accountHeader && accountHeader.trim().toLowerCase() !== claims.account_id)
    return { ok: false, code: "forbidden", message: "This access token has no access to that account." };
  return await verifyKeyById(db, claims.key_id, claims.account_id, Date.now(), ip);
}

function send(req: IncomingMessage, res: ServerResponse, answer: ApiResponse, security: Record<string, string>) {
  if (res.headersSent) return;
  const headers: Record<string, string> = { ...security, ...answer.headers };
  // Answered before its body was read (refused part-way, or never looked at: 401, 404, a GET with a
  // body): close the connection rather than let Node drain the rest (SPEC section 12, "Bodies").
  if (bodyUnread(req)) headers.Connection = "close";
  if (answer.body !== null) headers["Content-Length"] = String(Buffer.byteLength(answer.body));
  res.writeHead(answer.status, headers);
  res.end(req.method === "HEAD" ? undefined : (answer.body ?? undefined));
}

type Handler = (req: IncomingMessage, params: Record<string, string | undefined>, query: Record<string, string>) => ApiResponse | Promise<ApiResponse>;

/** A request listener for the API's paths: (req, res) like any Node handler. */
export function createApiHandler(routes: Route[] = apiRoutes) {
  const router = createRouter<createRouter.HTTPVersion.V1>({ ignoreTrailingSlash: true });
  const methodsByPath = new Map<string, string[]>();
  const add = (method: string, path: string, handler: Handler) => {
    const methods = method === "get" ? ["GET", "HEAD"] : [method.toUpperCase()];
    router.on(methods as HTTPMethod[], routerPath(path), handler as never);
    methodsByPath.set(path, [...(methodsByPath.get(path) ?? []), ...methods]);
  };

  for (const route of routes) {
    if (route.access === "public") {
      const handler = route.handler;
      add(route.method, route.path, (req, params, query) => handler({ req, params, query, ip: clientIp(req.headers) }));
      continue;
    }
    const uses = PERMISSION_ACCESS[route.access.permission];
    const describes = route.describesCaller === true;
    const run = (ctx: PublicContext, auth: Authenticated | ApiResponse): ApiResponse | Promise<ApiResponse> => {
      if ("status" in auth) return auth;
      let answer: ApiResponse | Promise<ApiResponse>;
      try {
        answer = route.handler({ ...ctx, actor: auth.actor, described: auth.described });
      } catch (error) {
        answer = errorResponse(error);
      }
      return answer instanceof Promise ? answer.then((a) => after(auth, a), (error) => after(auth, errorResponse(error))) : after(auth, answer);
    };
    const after = (auth: Authenticated, answer: ApiResponse): ApiResponse => {
      // What the key did, for key health (off the request path, like last-used).
      if (uses && answer.status < 400) keyUsage.touchAccess(auth.actor.key!.id, uses[0], uses[1]);
      // Every response to a rate-limited key says where its window stands.
      if (auth.rateLimit) return { ...answer, headers: { ...answer.headers, ...rateLimitHeaders(auth.rateLimit) } };
      return answer;
    };
    add(route.method, route.path, (req, params, query) => {
      const ctx = { req, params, query, ip: clientIp(req.headers) };
      const auth = authenticate(req, ctx.ip, describes);
      return auth instanceof Promise ? auth.then((a) => run(ctx, a)) : run(ctx, auth);
    });
  }
  // The description itself: generated from the routes above, once per process.
  let document: string | undefined;
  add("get", "/api/v1/openapi.json", () => {
    document ??= JSON.stringify(openApiDocument(routes, publicOrigin()));
    return { status: 200, body: document, headers: { "Content-Type": "application/json", "Cache-Control": "no-store" } };
  });

  // A known path with another method is 405 with Allow; anything else 404, in the API's shape.
  const shapes = [...methodsByPath].map(([path, methods]) => ({ pattern: new RegExp(`^${path.replace(/\{\w+\}/g, "[^/]+")}/?$`), methods }));
  const notFound = (pathname: string): ApiResponse => {
    const allowed = shapes.find((s) => s.pattern.test(pathname))?.methods;
    if (!allowed) return apiError("not_found", "No such endpoint. See /api/v1/openapi.json.");
    return apiError("method_not_allowed", `Use ${allowed.join(" or ")} on this path.`, { headers: { Allow: allowed.join(", ") } });
  };

  const security = apiSecurityHeaders();
  return (req: IncomingMessage, res: ServerResponse): void | Promise<void> => {
    let answer: ApiResponse | Promise<ApiResponse>;
    try {
      const found = router.find((req.method ?? "GET") as HTTPMethod, req.url ?? "/");
      if (!found) {
        const q = (req.url ?? "/").indexOf("?");
        answer = notFound(q === -1 ? (req.url ?? "/") : req.url!.slice(0, q));
      } else answer = (found.handler as unknown as Handler)(req, found.params, found.searchParams);
    } catch (error) {
      answer = errorResponse(error);
    }
    if (!(answer instanceof Promise)) return send(req, res, answer, security);
    return answer.then(
      (a) => send(req, res, a, security),
      (error) => send(req, res, errorResponse(error), security),
    );
  };
}
