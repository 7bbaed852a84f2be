// The public API's building blocks on the lean path (SPEC section 8, "Speed"): responses in the
// spec's error shape, bodies read with a hard size limit, and `defineRoute`, the only way to add a
// route — it mounts the handler and describes it in the OpenAPI registry in one step, so a route
// cannot exist without being documented.
import type { Hono } from "hono";
import { z } from "zod";
import { PublicError, STATUS_BY_CODE, type ErrorCode } from "@/lib/errors";
import type { KeyPrincipal } from "@/lib/api-auth";
import type { Permission } from "@/lib/policy";
import { fieldErrors } from "@/lib/validation";

export const MAX_BODY_BYTES = 64 * 1024;
const JSON_HEADERS = { "Content-Type": "application/json", "Cache-Control": "no-store" } as const;

export function json(data: unknown, status = 200, headers?: Record<string, string>): Response {
  return new Response(JSON.stringify(data), { status, headers: headers ? { ...JSON_HEADERS, ...headers } : JSON_HEADERS });
}

export function noContent(): Response {
  return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
}

export function apiError(code: ErrorCode, message: string, extra: { details?: unknown; headers?: Record<string, string> } = {}): Response {
  const error: Record<string, unknown> = { code, message };
  if (extra.details) error.details = extra.details;
  return json({ error }, STATUS_BY_CODE[code], extra.headers);
}

/** Expected failures in the spec's shape; anything else is logged without details and answered 500. */
export function errorResponse(error: unknown): Response {
  if (error instanceof PublicError) return apiError(error.code, error.message, { details: error.details });
  console.error("[latchkey] API handler failed:", error instanceof Error ? error.message : String(error));
  return apiError("internal_error", "Something went wrong.");
}

/**
 * Reads a request body as text, refusing more than MAX_BODY_BYTES: at once when Content-Length says
 * so, and otherwise by stopping the stream at the limit (nothing past it is buffered).
 */
export async function readText(req: Request, limit = MAX_BODY_BYTES): Promise<string> {
  const declared = Number(req.headers.get("content-length") ?? NaN);
  if (declared > limit) throw new PublicError("payload_too_large", `The request body is larger than ${limit / 1024} KiB.`);
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        void reader.cancel().catch(() => {});
        throw new PublicError("payload_too_large", `The request body is larger than ${limit / 1024} KiB.`);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof PublicError) throw error;
    throw new PublicError("bad_request", "The request body could not be read.");
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Parses a JSON body: 400 for malformed or missing JSON, 422 with per-field details for the rest. */
export async function readBody<S extends z.ZodType>(req: Request, schema: S): Promise<z.output<S>> {
  const text = await readText(req);
  let body: unknown;
  try {
    body = text.trim() === "" ? undefined : JSON.parse(text);
  } catch {
    throw new PublicError("bad_request", "The request body is not valid JSON.");
  }
  if (body === undefined) throw new PublicError("bad_request", "A JSON body is required.");
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new PublicError("validation_failed", "The request body is not valid.", fieldErrors(parsed.error));
  return parsed.data;
}

/** Query parameters validated like bodies (422 with details). */
export function readQuery<S extends z.ZodType>(req: Request, schema: S): z.output<S> {
  const url = new URL(req.url);
  const raw: Record<string, string> = {};
  for (const [k, v] of url.searchParams) raw[k] = v;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new PublicError("validation_failed", "Invalid query parameters.", fieldErrors(parsed.error));
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
  req: Request;
  params: Record<string, string>;
  ip: string;
}

/** A route anyone may call (no key): leak reports, verify, token exchange, the description. */
export interface PublicRoute extends RouteInfo {
  access: "public";
  handler: (ctx: PublicContext) => Response | Promise<Response>;
}

/** A route for a key (or an access token standing for one) whose role holds `permission`. */
export interface KeyRoute extends RouteInfo {
  access: { permission: Permission };
  handler: (ctx: PublicContext & { principal: KeyPrincipal }) => Response | Promise<Response>;
}

export type Route = PublicRoute | KeyRoute;
export const keyRoute = (route: KeyRoute): Route => route;
export const publicRoute = (route: PublicRoute): Route => route;

export const honoPath = (openApiPath: string) => openApiPath.replace(/\{(\w+)\}/g, ":$1");
