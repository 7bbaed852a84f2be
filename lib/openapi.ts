// The OpenAPI 3.1 description of the public API. Request bodies come from the same zod schemas the
// handlers validate with (zod's JSON Schema output is draft 2020-12, which OpenAPI 3.1 uses).
import { z } from "zod";
import { createCheckSchema, updateCheckSchema } from "./checks";
import { createServiceKeyApiSchema } from "./keys";
import { leakReportSchema } from "./leaks";

const schema = (s: z.ZodType) => z.toJSONSchema(s, { io: "input", unrepresentable: "any" });

const error = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: {
        code: {
          type: "string",
          enum: ["bad_request", "account_required", "unauthenticated", "invalid_key", "key_disabled", "key_expired", "forbidden", "not_found", "conflict", "validation_failed", "rate_limited"],
        },
        message: { type: "string" },
        details: { type: "object", additionalProperties: { type: "array", items: { type: "string" } } },
      },
    },
  },
};

const errorResponse = (description: string) => ({ description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } });
const ERRORS = {
  "400": errorResponse("Malformed JSON or header (`bad_request`), or a user key without X-Account-Id (`account_required`)"),
  "401": errorResponse("No key, or an unknown, malformed, deleted, disabled or expired key"),
  "403": errorResponse("The key has no access to that account, or its role is too low"),
  "429": { ...errorResponse("Too many failed authentication attempts from this IP"), headers: { "Retry-After": { schema: { type: "integer" } } } },
};
const ok = (description: string, ref?: string, status = "200") => ({
  [status]: ref ? { description, content: { "application/json": { schema: { $ref: `#/components/schemas/${ref}` } } } } : { description },
});
const idParam = (name: string) => ({ name, in: "path", required: true, schema: { type: "string", format: "uuid" } });
const secured = [{ bearer: [], account: [] }, { bearer: [] }];

export function openApiDocument(serverUrl: string) {
  return {
    openapi: "3.1.0",
    info: {
      title: "Latchkey API",
      version: "1.0.0",
      description:
        "Authenticate with `Authorization: Bearer <key>`. User keys also need `X-Account-Id` and act with their owner's role in that account; service and legacy keys are bound to their own account.",
    },
    servers: [{ url: serverUrl }],
    security: secured,
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "An API key: lku_… (user), lks_… (service) or lka_… (legacy)" },
        account: { type: "apiKey", in: "header", name: "X-Account-Id", description: "The account ID; required with user keys" },
      },
      schemas: {
        Error: error,
        Me: {
          type: "object",
          properties: {
            key: { type: "object", properties: { id: { type: "string" }, kind: { enum: ["user", "service", "legacy"] }, name: { type: "string" }, role: { type: "string" } } },
            user: { oneOf: [{ type: "null" }, { type: "object", properties: { id: { type: "string" }, email: { type: "string" } } }] },
            account: { type: "object", properties: { id: { type: "string" }, name: { type: "string" }, plan: { enum: ["hobby", "team", "enterprise"] } } },
          },
        },
        Check: {
          type: "object",
          properties: {
            id: { type: "string", format: "uuid" },
            name: { type: "string" },
            url: { type: "string" },
            active: { type: "boolean" },
            createdAt: { type: "string", format: "date-time" },
            updatedAt: { type: "string", format: "date-time" },
          },
        },
        CheckList: { type: "object", properties: { checks: { type: "array", items: { $ref: "#/components/schemas/Check" } } } },
        CheckCreate: schema(createCheckSchema),
        CheckUpdate: schema(updateCheckSchema),
        Member: {
          type: "object",
          properties: {
            userId: { type: "string", format: "uuid" },
            name: { type: "string" },
            email: { type: "string" },
            role: { enum: ["owner", "admin", "read_write", "read_only"] },
            canCreateKeys: { type: "boolean" },
            joinedAt: { type: "string", format: "date-time" },
          },
        },
        ApiKey: {
          type: "object",
          description: "Key metadata. The token is never returned, except once in the answer to its creation.",
          properties: {
            id: { type: "string", format: "uuid" },
            kind: { enum: ["user", "service", "legacy"] },
            name: { type: "string" },
            description: { type: ["string", "null"] },
            hint: { type: "string", examples: ["lks_…9xQ2"] },
            role: { type: ["string", "null"], description: "Service keys: their role; legacy keys: admin; user keys: null (the owner's role applies)" },
            status: { enum: ["active", "disabled"] },
            expiresAt: { type: ["string", "null"], format: "date-time" },
            leakAction: { enum: ["none", "disable", "delete"] },
            leakedAt: { type: ["string", "null"], format: "date-time" },
            lastUsedAt: { type: ["string", "null"], format: "date-time" },
            lastUsedIp: { type: ["string", "null"] },
            createdAt: { type: "string", format: "date-time" },
            owner: { oneOf: [{ type: "null" }, { type: "object", properties: { id: { type: "string" }, email: { type: "string" } } }] },
          },
        },
        ApiKeyList: { type: "object", properties: { apiKeys: { type: "array", items: { $ref: "#/components/schemas/ApiKey" } } } },
        ServiceKeyCreate: schema(createServiceKeyApiSchema),
        ServiceKeyCreated: {
          allOf: [{ $ref: "#/components/schemas/ApiKey" }, { type: "object", required: ["token"], properties: { token: { type: "string", description: "Shown once" } } }],
        },
        LeakReport: schema(leakReportSchema),
        LeakVerdicts: {
          type: "array",
          items: { type: "object", properties: { token_hint: { type: "string" }, label: { enum: ["true_positive", "false_positive"] } } },
        },
        AuditEvent: {
          type: "object",
          properties: {
            id: { type: "integer" },
            action: { type: "string", examples: ["api_key.created"] },
            actor: { type: "object", properties: { type: { enum: ["user", "key", "system", "anonymous"] }, id: { type: ["string", "null"] }, name: { type: "string" } } },
            target: { oneOf: [{ type: "null" }, { type: "object", properties: { type: { type: "string" }, id: { type: "string" }, name: { type: "string" } } }] },
            details: { type: "object" },
            ip: { type: ["string", "null"] },
            createdAt: { type: "string", format: "date-time" },
          },
        },
        AuditPage: {
          type: "object",
          properties: { events: { type: "array", items: { $ref: "#/components/schemas/AuditEvent" } }, nextCursor: { type: ["integer", "null"] } },
        },
        MemberList: { type: "object", properties: { members: { type: "array", items: { $ref: "#/components/schemas/Member" } } } },
      },
    },
    paths: {
      "/api/v1/me": { get: { summary: "The calling key, its user and account", responses: { ...ok("The caller", "Me"), ...ERRORS } } },
      "/api/v1/checks": {
        get: { summary: "List the account's checks (read_only and up)", responses: { ...ok("Checks", "CheckList"), ...ERRORS } },
        post: {
          summary: "Create a check (read_write and up)",
          requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/CheckCreate" } } } },
          responses: { ...ok("Created", "Check", "201"), "422": errorResponse("Validation failed, with per-field details"), ...ERRORS },
        },
      },
      "/api/v1/checks/{id}": {
        parameters: [idParam("id")],
        get: { summary: "One check", responses: { ...ok("The check", "Check"), "404": errorResponse("No such check in this account"), ...ERRORS } },
        patch: {
          summary: "Update a check (read_write and up)",
          requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/CheckUpdate" } } } },
          responses: { ...ok("Updated", "Check"), "404": errorResponse("No such check"), "422": errorResponse("Validation failed"), ...ERRORS },
        },
        delete: { summary: "Delete a check (read_write and up)", responses: { "204": { description: "Deleted" }, "404": errorResponse("No such check"), ...ERRORS } },
      },
      "/api/v1/members": { get: { summary: "Members with their roles (read_only and up)", responses: { ...ok("Members", "MemberList"), ...ERRORS } } },
      "/api/v1/members/{userId}": {
        parameters: [idParam("userId")],
        delete: {
          summary: "Remove a member (admin and up; admins never remove owners; the last owner stays)",
          responses: {
            "200": { description: "Removed; `keysAffected` counts the member's user keys that lost access", content: { "application/json": { schema: { type: "object", properties: { keysAffected: { type: "integer" } } } } } },
            "404": errorResponse("No such member in this account"),
            ...ERRORS,
          },
        },
      },
      "/api/v1/api-keys": {
        get: { summary: "The account's keys, metadata only (admin and up)", responses: { ...ok("Keys", "ApiKeyList"), ...ERRORS } },
        post: {
          summary: "Create a service key (admin and up, Enterprise plan); the token is in this answer only (Cache-Control: no-store)",
          requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/ServiceKeyCreate" } } } },
          responses: { ...ok("Created", "ServiceKeyCreated", "201"), "422": errorResponse("Validation failed"), ...ERRORS },
        },
      },
      "/api/v1/api-keys/{id}": {
        parameters: [idParam("id")],
        delete: { summary: "Delete any key of the account (admin and up)", responses: { "204": { description: "Deleted" }, "404": errorResponse("No such key in this account"), ...ERRORS } },
      },
      "/api/v1/audit-log": {
        get: {
          summary: "The account's audit log, newest first (admin and up)",
          parameters: [
            { name: "cursor", in: "query", schema: { type: "integer" }, description: "nextCursor of the previous page" },
            { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 200, default: 50 } },
            { name: "action", in: "query", schema: { type: "string" } },
            { name: "actor", in: "query", schema: { type: "string" }, description: "Actor name" },
          ],
          responses: { ...ok("A page of events", "AuditPage"), "422": errorResponse("Invalid query parameters"), ...ERRORS },
        },
      },
      "/api/v1/leaks": {
        post: {
          summary: "Report leaked tokens (no key needed; rate limited per IP; at most 100 tokens)",
          security: [],
          requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/LeakReport" } } } },
          responses: {
            ...ok("One verdict per token, in order; nothing about whose key it is", "LeakVerdicts"),
            "400": errorResponse("Malformed JSON"),
            "422": errorResponse("Not an array of {token, url}, or more than 100"),
            "429": ERRORS["429"],
          },
        },
      },
      "/api/v1/openapi.json": { get: { summary: "This document", security: [], responses: { "200": { description: "OpenAPI 3.1" } } } },
      "/api/health": {
        get: {
          summary: "Health: ok once the database is reachable",
          security: [],
          responses: { "200": { description: "OK", content: { "application/json": { schema: { type: "object", properties: { status: { const: "ok" } } } } } } },
        },
      },
    },
  };
}
