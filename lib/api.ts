import "server-only";
import { z } from "zod";
import { db } from "@/db/client";
import { bearerToken, UUID_PATTERN, verifyKey, type KeyPrincipal } from "./api-auth";
import type { KeyActor } from "./caller";
import { clientIp } from "./client-ip";
import { PublicError, STATUS_BY_CODE, type ErrorCode } from "./errors";
import { createKeyUsageTracker } from "./key-usage";
import { can, type Permission } from "./policy";
import { limiters } from "./rate-limit";
import { fieldErrors } from "./validation";

const g = globalThis as unknown as { __latchkeyKeyUsage?: ReturnType<typeof createKeyUsageTracker> };
export const keyUsage = (g.__latchkeyKeyUsage ??= createKeyUsageTracker(() => db.$client));

const NO_STORE = { "Cache-Control": "no-store" };
const MAX_BODY_BYTES = 64 * 1024;

export function json(data: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return Response.json(data, { status, headers: { ...NO_STORE, ...headers } });
}

export function apiError(code: ErrorCode, message: string, extra: { details?: unknown; headers?: Record<string, string> } = {}): Response {
  const error: Record<string, unknown> = { code, message };
  if (extra.details) error.details = extra.details;
  return json({ error }, STATUS_BY_CODE[code], extra.headers);
}

function toResponse(error: unknown): Response {
  if (error instanceof PublicError) return apiError(error.code, error.message, { details: error.details });
  console.error("[latchkey] API handler failed:", error instanceof Error ? error.message : error);
  return apiError("internal_error", "Something went wrong.");
}

/** Reads a JSON body and validates it: 400 for malformed JSON, 422 with per-field details for the rest. */
export async function readBody<S extends z.ZodType>(req: Request, schema: S): Promise<z.output<S>> {
  const text = await req.text().catch(() => {
    throw new PublicError("bad_request", "The request body could not be read.");
  });
  if (text.length > MAX_BODY_BYTES) throw new PublicError("bad_request", "The request body is too large.");
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

export interface ApiContext<P> {
  req: Request;
  principal: KeyPrincipal;
  params: P;
  ip: string;
}

/**
 * Every authenticated API route: rate limit on failed attempts per IP, the one verification path,
 * the role check through the policy module, then the handler. Never reads the session cookie.
 */
export function withApiKey<P = Record<string, never>>(permission: Permission, handler: (ctx: ApiContext<P>) => Response | Promise<Response>) {
  return async (req: Request, route: { params: Promise<P> }): Promise<Response> => {
    try {
      const ip = clientIp(req.headers);
      const wait = limiters.keyFailuresByIp.retryAfter(ip);
      if (wait) return apiError("rate_limited", "Too many failed authentication attempts. Try again later.", { headers: { "Retry-After": String(wait) } });
      const result = verifyKey(db.$client, bearerToken(req.headers.get("authorization")), req.headers.get("x-account-id"));
      if (!result.ok) {
        if (STATUS_BY_CODE[result.code] === 401) limiters.keyFailuresByIp.hit(ip);
        return apiError(result.code, result.message);
      }
      keyUsage.touch(result.principal.keyId, ip);
      if (!can(result.principal.role, permission)) return apiError("forbidden", "This API key's role does not allow that.");
      return await handler({ req, principal: result.principal, params: await route.params, ip });
    } catch (error) {
      return toResponse(error);
    }
  };
}

/** Routes without a key (leak reports): error mapping only. */
export function publicApi<P = Record<string, never>>(handler: (req: Request, params: P) => Response | Promise<Response>) {
  return async (req: Request, route: { params: Promise<P> }): Promise<Response> => {
    try {
      return await handler(req, await route.params);
    } catch (error) {
      return toResponse(error);
    }
  };
}

export const uuidParam = (value: string, what = "resource") => {
  if (!UUID_PATTERN.test(value)) throw new PublicError("not_found", `No such ${what}.`);
  return value.toLowerCase();
};

export function keyActor(principal: KeyPrincipal, ip: string): KeyActor {
  return {
    kind: "key",
    keyId: principal.keyId,
    keyName: principal.name,
    userId: principal.userId,
    accountId: principal.accountId,
    role: principal.role,
    ip,
  };
}
