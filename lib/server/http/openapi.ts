// The OpenAPI 3.1 description, generated from the route definitions (lib/server/http/api-routes.ts) and their
// zod schemas by @asteasolutions/zod-to-openapi. Every route documents its success answers and every
// error it can give: the authentication errors follow from its access, the rest it declares.
import { OpenAPIRegistry, OpenApiGeneratorV31, type ResponseConfig } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { STATUS_BY_CODE, type ErrorCode } from "@/lib/errors";
import { PERMISSION_ACCESS, PERMISSIONS, type Permission } from "@/lib/policy";
import type { Route } from "./api-kit";
import { ErrorBody } from "./api-schemas";

const KEY_ERRORS: ErrorCode[] = [
  "bad_request",
  "account_required",
  "unauthenticated",
  "invalid_key",
  "key_disabled",
  "key_expired",
  "forbidden",
  "ip_not_allowed",
  "rate_limited",
];

/** The headers every answer to a key with a rate limit carries (docs/api.md#rate-limits). */
const RATE_LIMIT_HEADERS = {
  "RateLimit-Limit": {
    description: "Keys with a rate limit: requests allowed per window",
    schema: { type: "integer" as const },
  },
  "RateLimit-Remaining": {
    description: "Keys with a rate limit: requests left in this window",
    schema: { type: "integer" as const },
  },
  "RateLimit-Reset": {
    description: "Keys with a rate limit: seconds until the window resets",
    schema: { type: "integer" as const },
  },
};

/** What each error status means, for the error table of the description and /docs. */
export const ERROR_TABLE: { status: number; codes: ErrorCode[]; when: string }[] = [
  {
    status: 400,
    codes: ["bad_request", "account_required"],
    when: "Malformed JSON or header; a user key without X-Account-Id",
  },
  {
    status: 401,
    codes: ["unauthenticated", "invalid_key", "key_disabled", "key_expired"],
    when: "No key; an unknown, malformed, deleted, disabled or expired key",
  },
  {
    status: 403,
    codes: ["forbidden", "ip_not_allowed"],
    when: "The key has no access to that account, its role or its permissions are too low, or its allow-list does not include the caller's address",
  },
  { status: 404, codes: ["not_found"], when: "No such resource in an account the caller may read" },
  { status: 405, codes: ["method_not_allowed"], when: "The path exists, but not with that method" },
  { status: 409, codes: ["conflict"], when: "The change conflicts with the current state" },
  { status: 413, codes: ["payload_too_large"], when: "A body over 64 KiB" },
  { status: 422, codes: ["validation_failed"], when: "The body or query fails validation (per-field `details`)" },
  {
    status: 429,
    codes: ["rate_limited"],
    when: "Too many failed authentications from one IP, or the key's own rate limit is spent (`Retry-After`, `RateLimit-*`)",
  },
  {
    status: 503,
    codes: ["unavailable"],
    when: "The database does not answer for a moment; retry after `Retry-After` seconds",
  },
];

const roleList = (permission: keyof typeof PERMISSIONS) => (PERMISSIONS[permission] as readonly string[]).join(", ");

/**
 * The route's declared permission in words: the same declaration the router enforces
 * (docs/permissions.md#declared-is-enforced).
 */
function accessText(permission: Permission): string {
  const needs = PERMISSION_ACCESS[permission];
  const restricted = needs ? ` A restricted key needs \`${needs[0]}: ${needs[1]}\`.` : "";
  const tokens =
    permission === "own_keys.manage" || permission === "account_keys.manage" ? " Not with an access token." : "";
  return `Needs \`${permission}\` (roles: ${roleList(permission)}).${restricted}${tokens}`;
}

export function openApiDocument(routes: Route[], serverUrl: string) {
  const registry = new OpenAPIRegistry();
  registry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    description: "An API key: `lku_…` (user), `lks_…` (service) or `lka_…` (legacy).",
  });
  registry.registerComponent("securitySchemes", "account", {
    type: "apiKey",
    in: "header",
    name: "X-Account-Id",
    description:
      "The Account ID (Settings → General). Required with user keys; service and legacy keys may leave it out.",
  });

  for (const route of routes) {
    // Every route may find the database unavailable for a moment (503, docs/api.md#health).
    const codes = new Set<ErrorCode>([
      ...(route.access === "public" ? [] : KEY_ERRORS),
      ...(route.errors ?? []),
      "unavailable",
    ]);
    const responses: Record<string, ResponseConfig> = {};
    for (const [status, spec] of Object.entries(route.responses)) {
      const headers = { ...(route.access === "public" ? {} : RATE_LIMIT_HEADERS), ...spec.headers };
      responses[status] = {
        description: spec.description,
        ...(spec.schema ? { content: { "application/json": { schema: spec.schema } } } : {}),
        ...(Object.keys(headers).length ? { headers } : {}),
      };
    }
    const byStatus = new Map<number, ErrorCode[]>();
    for (const code of codes) byStatus.set(STATUS_BY_CODE[code], [...(byStatus.get(STATUS_BY_CODE[code]) ?? []), code]);
    for (const [status, list] of [...byStatus].sort((a, b) => a[0] - b[0])) {
      if (responses[String(status)]) continue; // described by the route itself (health's 503)
      responses[String(status)] = {
        description: `Error: ${list.map((c) => `\`${c}\``).join(", ")}`,
        content: { "application/json": { schema: ErrorBody } },
        ...(status === 503
          ? { headers: { "Retry-After": { description: "Seconds to wait", schema: { type: "integer" } } } }
          : {}),
        ...(status === 429
          ? {
              headers: {
                "Retry-After": { description: "Seconds to wait", schema: { type: "integer" } },
                ...(route.access === "public" ? {} : RATE_LIMIT_HEADERS),
              },
            }
          : {}),
      };
    }
    const body = route.body || route.bodyForm;
    registry.registerPath({
      method: route.method,
      path: route.path,
      tags: route.tags,
      summary: route.summary,
      description: [
        route.description,
        route.access === "public" ? "No key needed." : accessText(route.access.permission),
      ]
        .filter(Boolean)
        .join(" "),
      ...(route.access === "public" ? {} : { "x-latchkey-permission": route.access.permission }),
      security: route.access === "public" ? [] : [{ bearer: [], account: [] }, { bearer: [] }],
      request: {
        ...(route.params ? { params: route.params } : {}),
        ...(route.query ? { query: route.query } : {}),
        ...(body
          ? {
              body: {
                required: true,
                content: {
                  ...(route.body ? { "application/json": { schema: route.body } } : {}),
                  ...(route.bodyForm ? { "application/x-www-form-urlencoded": { schema: route.bodyForm } } : {}),
                },
              },
            }
          : {}),
      },
      responses,
    });
  }
  registry.registerPath({
    method: "get",
    path: "/api/v1/openapi.json",
    tags: ["Service"],
    summary: "This description (OpenAPI 3.1)",
    security: [],
    responses: {
      200: {
        description: "OpenAPI 3.1",
        content: { "application/json": { schema: z.object({ openapi: z.string() }).loose() } },
      },
    },
  });

  const errorRows = ERROR_TABLE.map(
    (r) => `| ${r.status} | ${r.codes.map((c) => `\`${c}\``).join(", ")} | ${r.when} |`,
  ).join("\n");
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "Latchkey API",
      version: "1.0.0",
      description: [
        "Authenticate with `Authorization: Bearer <key>`. User keys also name the account in `X-Account-Id` and act with their owner's role in that account, re-checked on every request; service and legacy keys are bound to their own account.",
        "",
        'Errors have one shape: `{"error": {"code": "…", "message": "…"}}`.',
        "",
        "| status | codes | when |",
        "|---|---|---|",
        errorRows,
      ].join("\n"),
    },
    servers: [{ url: serverUrl }],
  });
}
