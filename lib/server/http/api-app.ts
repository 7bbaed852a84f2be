// The public API on the lean path: find-my-way (Fastify's router) dispatches on Node's own request and
// response, mounted by server.ts before Next's handler, so the API's requests never enter Next's page and
// route pipeline and nothing is converted to Fetch objects (docs/architecture.md#the-api-router). Every route comes
// from lib/server/http/api-routes.ts and is described by lib/server/http/openapi.ts from the same definition.
import type { IncomingMessage, ServerResponse } from "node:http";
import createRouter, { type HTTPMethod } from "find-my-way";
import { db } from "@/db/client";
import type { Actor } from "@/lib/actor";
import { bearerToken, type Described } from "@/lib/api-auth";
import { checkCredential, type Checked } from "@/lib/credentials";
import { clientIp } from "@/lib/server/client-ip";
import { publicOrigin } from "@/lib/public-origin";
import { keyUsage } from "@/lib/key-usage";
import { authorize, PERMISSION_ACCESS, PERMISSIONS } from "@/lib/policy";
import { rateLimitHeaders, type KeyRateState } from "@/lib/rate-limit";
import {
  apiError,
  bodyUnread,
  errorResponse,
  routerPath,
  type ApiResponse,
  type PublicContext,
  type Route,
} from "./api-kit";
import { apiRoutes } from "./api-routes";
import { apiSecurityHeaders, closeAfterAnswer } from "./front-door";
import { openApiDocument } from "./openapi";

/** The paths the API router answers; everything else goes to Next. */
export const isApiPath = (pathname: string) =>
  pathname.startsWith("/api/v1/") ||
  pathname === "/api/v1" ||
  pathname === "/api/health" ||
  pathname.startsWith("/.well-known/");

const header = (req: IncomingMessage, name: string): string | null => {
  const v = req.headers[name];
  return v === undefined ? null : Array.isArray(v) ? v.join(",") : v;
};

type Authenticated = { actor: Actor; rateLimit: KeyRateState | null; described?: Described };

/**
 * The request's credential through the one verification pipeline (lib/credentials.ts): an API key or an
 * access token becomes the request's Actor, or the refusal is the answer.
 */
function authenticate(
  req: IncomingMessage,
  ip: string,
  describe: boolean,
): Authenticated | ApiResponse | Promise<Authenticated | ApiResponse> {
  const checked = checkCredential(db, {
    token: bearerToken(header(req, "authorization")),
    accountId: header(req, "x-account-id"),
    ip,
    accessTokens: true,
    describe,
  });
  return checked instanceof Promise ? checked.then(toAuthenticated) : toAuthenticated(checked);
}

function toAuthenticated(checked: Checked): Authenticated | ApiResponse {
  if (!checked.ok) return apiError(checked.code, checked.message, { headers: checked.headers });
  return { actor: checked.actor, rateLimit: checked.rateLimit, described: checked.described };
}

function send(req: IncomingMessage, res: ServerResponse, answer: ApiResponse, security: Record<string, string>) {
  if (res.headersSent) return;
  const headers: Record<string, string> = { ...security, ...answer.headers };
  // Answered before its body was read (refused part-way, or never looked at: 401, 404, a GET with a
  // body): close the connection rather than let Node drain the rest (docs/security.md#the-front-door).
  if (bodyUnread(req)) {
    headers.Connection = "close";
    closeAfterAnswer(req);
  }
  if (answer.body !== null) headers["Content-Length"] = String(Buffer.byteLength(answer.body));
  res.writeHead(answer.status, headers);
  res.end(req.method === "HEAD" ? undefined : (answer.body ?? undefined));
}

type Handler = (
  req: IncomingMessage,
  params: Record<string, string | undefined>,
  query: Record<string, string>,
) => ApiResponse | Promise<ApiResponse>;

/** A request listener for the API's paths: (req, res) like any Node handler. */
export function createApiHandler(routes: Route[] = apiRoutes) {
  const router = createRouter<createRouter.HTTPVersion.V1>({ ignoreTrailingSlash: true });
  const methodsByPath = new Map<string, string[]>();
  const add = (method: string, path: string, handler: Handler) => {
    const methods = method === "get" ? ["GET", "HEAD"] : [method.toUpperCase()];
    router.on(methods as HTTPMethod[], routerPath(path), handler as never);
    methodsByPath.set(path, [...(methodsByPath.get(path) ?? []), ...methods]);
  };

  // Declared is enforced (docs/permissions.md#declared-is-enforced): a route that declares neither "public" nor a
  // permission the policy module knows does not start.
  for (const route of routes) {
    const access = (route as { access?: unknown }).access;
    const known =
      access === "public" ||
      (typeof access === "object" &&
        access !== null &&
        Object.hasOwn(PERMISSIONS, (access as { permission?: string }).permission ?? ""));
    if (!known)
      throw new Error(
        `API route ${route.method.toUpperCase()} ${route.path} declares no permission: every route says "public" or the permission it needs.`,
      );
  }

  for (const route of routes) {
    if (route.access === "public") {
      const handler = route.handler;
      add(route.method, route.path, (req, params, query) => handler({ req, params, query, ip: clientIp(req.headers) }));
      continue;
    }
    const permission = route.access.permission;
    const uses = PERMISSION_ACCESS[permission];
    const describes = route.describesCaller === true;
    const run = (ctx: PublicContext, auth: Authenticated | ApiResponse): ApiResponse | Promise<ApiResponse> => {
      if ("status" in auth) return auth;
      let answer: ApiResponse | Promise<ApiResponse>;
      try {
        // The route's declared permission, asked of the policy module before the handler runs; the domain
        // function asks again inside its transaction, with the target's own rules.
        authorize(auth.actor, permission);
        answer = route.handler({ ...ctx, actor: auth.actor, described: auth.described });
      } catch (error) {
        answer = errorResponse(error);
      }
      return answer instanceof Promise
        ? answer.then(
            (a) => after(auth, a),
            (error) => after(auth, errorResponse(error)),
          )
        : after(auth, answer);
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
    return {
      status: 200,
      body: document,
      headers: { "Content-Type": "application/json", "Cache-Control": "no-store" },
    };
  });

  // A known path with another method is 405 with Allow; anything else 404, in the API's shape.
  const shapes = [...methodsByPath].map(([path, methods]) => ({
    pattern: new RegExp(`^${path.replace(/\{\w+\}/g, "[^/]+")}/?$`),
    methods,
  }));
  const notFound = (pathname: string): ApiResponse => {
    const allowed = shapes.find((s) => s.pattern.test(pathname))?.methods;
    if (!allowed) return apiError("not_found", "No such endpoint. See /api/v1/openapi.json.");
    return apiError("method_not_allowed", `Use ${allowed.join(" or ")} on this path.`, {
      headers: { Allow: allowed.join(", ") },
    });
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
