// The public API's building blocks on the lean path (docs/architecture.md#the-api-router): responses in the
// API's error shape (docs/api.md#errors), bodies read with a hard size limit, and the shape of a route
// (`keyRoute`, `publicRoute`): one object carries the handler and its description, and the one list of
// them (lib/server/http/api-routes.ts) is both what lib/server/http/api-app.ts mounts and what
// lib/server/http/openapi.ts describes, so a route cannot exist without being documented.
import { isDatabaseUnavailable } from "@/db/health";
import type { IncomingMessage } from "node:http";
import { type z } from "zod";
import { PublicError, STATUS_BY_CODE, type ErrorCode } from "@/lib/errors";
import type { Actor } from "@/lib/actor";
import type { Described } from "@/lib/api-auth";
import type { Permission } from "@/lib/policy";
import { fieldErrors } from "@/lib/validation";

export const MAX_BODY_BYTES = 64 * 1024;

/** An answer of the API, written by the router straight to Node's response (no Fetch objects on the hot path). */
export interface ApiResponse {
  status: number;
  body: string | null;
  headers: Record<string, string>;
}

const JSON_HEADERS = { "Content-Type": "application/json", "Cache-Control": "no-store" } as const;

export function json(data: unknown, status = 200, headers?: Record<string, string>): ApiResponse {
  return { status, body: JSON.stringify(data), headers: headers ? { ...JSON_HEADERS, ...headers } : JSON_HEADERS };
}

export function noContent(): ApiResponse {
  return { status: 204, body: null, headers: { "Cache-Control": "no-store" } };
}

export function apiError(
  code: ErrorCode,
  message: string,
  extra: { details?: unknown; headers?: Record<string, string> } = {},
): ApiResponse {
  const error: Record<string, unknown> = { code, message };
  if (extra.details) error.details = extra.details;
  return json({ error }, STATUS_BY_CODE[code], extra.headers);
}

/**
 * Expected failures in the API's error shape (docs/api.md#errors); anything else is logged without details and answered
 * 500.
 */
export function errorResponse(error: unknown): ApiResponse {
  if (error instanceof PublicError) return apiError(error.code, error.message, { details: error.details });
  // A database that does not answer (restarting, failing over, unreachable) is a 503 to retry, not a
  // 500: the process reconnects by itself (docs/operations.md#health-and-outages).
  if (isDatabaseUnavailable(error))
    return apiError("unavailable", "The database does not answer. Try again in a few seconds.", {
      headers: { "Retry-After": "5" },
    });
  console.error("[latchkey] API handler failed:", error instanceof Error ? error.message : String(error));
  return apiError("internal_error", "Something went wrong.");
}

/**
 * Whether a request still has body bytes the server has not taken in. An answer sent then closes the
 * connection (docs/security.md#the-front-door): otherwise Node reads and discards the rest to keep the
 * connection alive, and a client could make it read gigabytes it refused. A request without a body
 * (no Content-Length, or 0, and no Transfer-Encoding) has nothing to read, even before the parser has
 * marked it complete.
 */
export function bodyUnread(req: IncomingMessage): boolean {
  if (req.complete) return false;
  const length = req.headers["content-length"];
  return req.headers["transfer-encoding"] !== undefined || Number(length ?? 0) > 0;
}

/**
 * Reads a request body as text, refusing more than `limit` bytes: at once when Content-Length says so,
 * and otherwise by stopping the stream at the limit (nothing past it is buffered).
 */
export function readText(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<string> {
  const tooLarge = () => new PublicError("payload_too_large", `The request body is larger than ${limit / 1024} KiB.`);
  if (Number(req.headers["content-length"] ?? NaN) > limit) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (error: Error | null) => {
      req.off("data", onData).off("end", onEnd).off("error", onError);
      if (error) reject(error);
      else resolve(Buffer.concat(chunks).toString("utf8"));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        done(tooLarge());
        // Stop reading: the answer goes out and, the body being unread, the connection closes after it.
        req.pause();
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => done(null);
    const onError = () => done(new PublicError("bad_request", "The request body could not be read."));
    req.on("data", onData).on("end", onEnd).on("error", onError);
  });
}

/** Parses a JSON body: 400 for malformed or missing JSON, 422 with per-field details for the rest. */
export async function readBody<S extends z.ZodType>(req: IncomingMessage, schema: S): Promise<z.output<S>> {
  const text = await readText(req);
  let body: unknown;
  try {
    body = text.trim() === "" ? undefined : JSON.parse(text);
  } catch {
    throw new PublicError("bad_request", "The request body is not valid JSON.");
  }
  if (body === undefined) throw new PublicError("bad_request", "A JSON body is required.");
  const parsed = schema.safeParse(body);
  if (!parsed.success)
    throw new PublicError("validation_failed", "The request body is not valid.", fieldErrors(parsed.error));
  return parsed.data;
}

/** Query parameters validated like bodies (422 with details). */
export function readQuery<S extends z.ZodType>(query: Record<string, string>, schema: S): z.output<S> {
  const parsed = schema.safeParse(query);
  if (!parsed.success)
    throw new PublicError("validation_failed", "Invalid query parameters.", fieldErrors(parsed.error));
  return parsed.data;
}

// ---------------------------------------------------------------------------------------------
// Route definitions

export type Method = "get" | "post" | "patch" | "delete";

export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
  headers?: Record<string, { description: string; schema: { type: "integer" | "string" } }>;
}

export interface RouteInfo {
  method: Method;
  /** OpenAPI-style path, e.g. /api/v1/checks/{id}. */
  path: string;
  summary: string;
  description?: string;
  tags: string[];
  params?: z.ZodObject;
  query?: z.ZodObject;
  /** The JSON body; `bodyForm` documents an application/x-www-form-urlencoded alternative. */
  body?: z.ZodType;
  bodyForm?: z.ZodType;
  responses: Record<number, ResponseSpec>;
  /** Error codes the route itself may answer, besides those of its authentication. */
  errors?: ErrorCode[];
}

export interface PublicContext {
  req: IncomingMessage;
  params: Record<string, string | undefined>;
  query: Record<string, string>;
  ip: string;
}

/** A route anyone may call (no key): leak reports, verify, token exchange, the description. */
export interface PublicRoute extends RouteInfo {
  access: "public";
  handler: (ctx: PublicContext) => ApiResponse | Promise<ApiResponse>;
}

/**
 * A route for a key (or an access token standing for one). `permission` is what the route documents;
 * the domain function the handler calls asks the policy module for it, once, with the actor.
 */
export interface KeyRoute extends RouteInfo {
  access: { permission: Permission };
  /** GET /me: the verification also reads the account and user it shows (one statement, not two). */
  describesCaller?: boolean;
  handler: (ctx: PublicContext & { actor: Actor; described?: Described }) => ApiResponse | Promise<ApiResponse>;
}

export type Route = PublicRoute | KeyRoute;
export const keyRoute = (route: KeyRoute): Route => route;
export const publicRoute = (route: PublicRoute): Route => route;

/** /api/v1/checks/{id} → /api/v1/checks/:id, the router's form. */
export const routerPath = (openApiPath: string) => openApiPath.replace(/\{(\w+)\}/g, ":$1");
