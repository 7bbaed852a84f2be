// Every route of the public API (docs/api.md#endpoints), each a definition the router mounts and the
// OpenAPI description documents. Handlers are thin: validated input → lib/ → the response.
import { db, groupCommit } from "@/db/client";
import { databaseName, databaseReachable } from "@/db/health";
import { describeKeyActor, UUID_PATTERN } from "@/lib/api-auth";
import { auditQuerySchema, listAuditEvents } from "@/lib/audit";
import {
  createCheck,
  createCheckSchema,
  deleteCheck,
  getCheck,
  listChecks,
  serializeCheck,
  updateCheck,
  updateCheckSchema,
} from "@/lib/checks";
import { PublicError } from "@/lib/errors";
import {
  accountKeysQuerySchema,
  createServiceKey,
  createServiceKeyApiSchema,
  deleteAccountKey,
  pageAccountKeys,
  rotateAccountKey,
  rotateKeySchema,
  rotateOwnCallingKey,
  serializeKey,
  keyHealth,
  serializeFinding,
  updateKeyApiSchema,
  updateKeyFromApi,
} from "@/lib/keys";
import { leakReportSchema, reportLeaks } from "@/lib/leaks";
import { verifyForService, verifyRequestSchema } from "@/lib/verify";
import { jwks } from "@/lib/access-tokens";
import { APIKEY_GRANT, exchangeApiKey } from "@/lib/token-exchange";
import { limiters } from "@/lib/rate-limit";
import { listMembers, removeMember } from "@/lib/teams";
import { z } from "zod";
import { apiError, json, noContent, readBody, readQuery, readText, keyRoute, publicRoute, type Route } from "./api-kit";
import * as S from "./api-schemas";

const VerifyRequest = verifyRequestSchema.meta({ id: "VerifyRequest" });
const RotateRequest = rotateKeySchema.meta({ id: "RotateRequest" });
const TokenRequest = z
  .object({
    grant_type: z.literal(APIKEY_GRANT),
    apikey: z.string().meta({ description: "The API key to exchange" }),
    account_id: z.string().meta({ format: "uuid", description: "Required for user keys" }).optional(),
  })
  .meta({ id: "TokenRequest" });

// Request bodies: the domain's schemas, named for the description. Handlers validate with these same objects.
const CheckCreate = createCheckSchema.meta({ id: "CheckCreate" });
const CheckUpdate = updateCheckSchema.meta({ id: "CheckUpdate" });
const ServiceKeyCreate = createServiceKeyApiSchema.meta({ id: "ServiceKeyCreate" });
const KeyUpdate = updateKeyApiSchema.meta({ id: "KeyUpdate" });
const LeakReport = leakReportSchema.meta({ id: "LeakReport" });

/** A path id that is not a UUID cannot name anything: 404, like a missing one. */
const uuidParam = (value: string | undefined, what: string) => {
  if (!value || !UUID_PATTERN.test(value)) throw new PublicError("not_found", `No such ${what}.`);
  return value.toLowerCase();
};

// Health's body names the database too (docs/api.md#health).

export const apiRoutes: Route[] = [
  keyRoute({
    method: "get",
    path: "/api/v1/me",
    tags: ["Keys"],
    summary: "The calling key, its user and account",
    access: { permission: "account.read" },
    describesCaller: true,
    responses: { 200: { description: "The caller", schema: S.Me } },
    handler: async ({ actor, described }) => json(await describeKeyActor(db, actor, described)),
  }),
  keyRoute({
    method: "get",
    path: "/api/v1/checks",
    tags: ["Checks"],
    summary: "List the account's checks (read_only and up)",
    access: { permission: "checks.read" },
    responses: { 200: { description: "The checks, oldest first", schema: S.CheckList } },
    handler: async ({ actor }) => json({ checks: (await listChecks(db, actor)).map(serializeCheck) }),
  }),
  keyRoute({
    method: "post",
    path: "/api/v1/checks",
    tags: ["Checks"],
    summary: "Create a check (read_write and up)",
    access: { permission: "checks.write" },
    body: CheckCreate,
    responses: { 201: { description: "Created", schema: S.Check } },
    errors: ["validation_failed", "payload_too_large"],
    handler: async ({ req, actor }) => {
      const input = await readBody(req, CheckCreate);
      return json(serializeCheck(await groupCommit(() => createCheck(db, actor, input))), 201);
    },
  }),
  keyRoute({
    method: "get",
    path: "/api/v1/checks/{id}",
    tags: ["Checks"],
    summary: "One check",
    access: { permission: "checks.read" },
    params: S.idParams("id", "check"),
    responses: { 200: { description: "The check", schema: S.Check } },
    errors: ["not_found"],
    handler: async ({ actor, params }) =>
      json(serializeCheck(await getCheck(db, actor, uuidParam(params.id, "check")))),
  }),
  keyRoute({
    method: "patch",
    path: "/api/v1/checks/{id}",
    tags: ["Checks"],
    summary: "Update a check (read_write and up)",
    access: { permission: "checks.write" },
    params: S.idParams("id", "check"),
    body: CheckUpdate,
    responses: { 200: { description: "Updated", schema: S.Check } },
    errors: ["not_found", "validation_failed", "payload_too_large"],
    handler: async ({ req, actor, params }) => {
      const id = uuidParam(params.id, "check");
      const input = await readBody(req, CheckUpdate);
      return json(serializeCheck(await groupCommit(() => updateCheck(db, actor, id, input))));
    },
  }),
  keyRoute({
    method: "delete",
    path: "/api/v1/checks/{id}",
    tags: ["Checks"],
    summary: "Delete a check (read_write and up)",
    access: { permission: "checks.write" },
    params: S.idParams("id", "check"),
    responses: { 204: { description: "Deleted" } },
    errors: ["not_found"],
    handler: async ({ actor, params }) => {
      const id = uuidParam(params.id, "check");
      await groupCommit(() => deleteCheck(db, actor, id));
      return noContent();
    },
  }),
  keyRoute({
    method: "get",
    path: "/api/v1/members",
    tags: ["Members"],
    summary: "Members with their roles (read_only and up)",
    access: { permission: "members.read" },
    responses: { 200: { description: "The members", schema: S.MemberList } },
    handler: async ({ actor }) =>
      json({
        members: (await listMembers(db, actor)).map((m) => ({
          userId: m.userId,
          name: m.name,
          email: m.email,
          role: m.role,
          canCreateKeys: m.canCreateKeys,
          joinedAt: m.joinedAt.toISOString(),
        })),
      }),
  }),
  keyRoute({
    method: "delete",
    path: "/api/v1/members/{userId}",
    tags: ["Members"],
    summary: "Remove a member (admin and up; admins never remove owners; the last owner stays)",
    access: { permission: "members.manage" },
    params: S.idParams("userId", "member"),
    responses: { 200: { description: "Removed", schema: S.MemberRemoved } },
    errors: ["not_found"],
    handler: async ({ actor, params }) => {
      const userId = uuidParam(params.userId, "member");
      return json(await groupCommit(() => removeMember(db, actor, userId)));
    },
  }),
  keyRoute({
    method: "get",
    path: "/api/v1/api-keys",
    tags: ["API keys"],
    summary: "The account's keys, metadata only, newest first (admin and up)",
    access: { permission: "account_keys.read" },
    query: accountKeysQuerySchema,
    responses: { 200: { description: "A page of keys", schema: S.ApiKeyPage } },
    errors: ["validation_failed"],
    handler: async ({ query, actor }) => {
      const page = await pageAccountKeys(db, actor, readQuery(query, accountKeysQuerySchema));
      return json({
        apiKeys: page.rows.map(({ key, ownerEmail }) => ({
          ...serializeKey(key),
          owner: ownerEmail ? { id: key.ownerUserId, email: ownerEmail } : null,
        })),
        nextCursor: page.nextCursor,
      });
    },
  }),
  keyRoute({
    method: "post",
    path: "/api/v1/api-keys",
    tags: ["API keys"],
    summary: "Create a service key (admin and up, Enterprise plan)",
    description:
      "The token is in this answer only (`Cache-Control: no-store`): store it now. The key ceiling: the new key keeps within the calling key's own power — permissions, rate limit, allow-list and expiry (403 `forbidden` naming what exceeded it). Not with an access token (403).",
    access: { permission: "account_keys.manage" },
    body: ServiceKeyCreate,
    responses: { 201: { description: "Created, with the token", schema: S.ServiceKeyCreated } },
    errors: ["validation_failed", "payload_too_large"],
    handler: async ({ req, actor }) => {
      const input = await readBody(req, ServiceKeyCreate);
      const { key, token } = await groupCommit(() =>
        createServiceKey(db, actor, {
          name: input.name,
          description: input.description || null,
          role: input.role,
          expiresAt: input.expiresAt ?? null,
          leakAction: input.leakAction ?? "disable",
          permissions: input.permissions ?? null,
          rateLimit: input.rateLimit ?? null,
          allowedIps: input.allowedIps ?? null,
        }),
      );
      return json({ ...serializeKey(key), token }, 201);
    },
  }),
  keyRoute({
    method: "patch",
    path: "/api/v1/api-keys/{id}",
    tags: ["API keys"],
    summary: "Edit a key: name, description, expiry, permissions, rate limit, allowed IPs",
    description:
      "Service and legacy keys: admin and up. A user key: only its owner, through one of their own user keys (any role, as in the console). Fields left out stay as they are; `null` clears an expiry or a limit. A new expiry keeps to the account's maximum key lifetime (422 otherwise). The key ceiling: the edited key keeps within the calling key's own power — permissions, rate limit, allow-list and expiry (403 `forbidden` naming what exceeded it). Not with an access token (403).",
    access: { permission: "own_keys.manage" },
    params: S.idParams("id", "API key"),
    body: KeyUpdate,
    responses: { 200: { description: "The key as it is now", schema: S.ApiKey } },
    errors: ["not_found", "validation_failed", "payload_too_large"],
    handler: async ({ req, actor, params }) => {
      const id = uuidParam(params.id, "API key");
      const input = await readBody(req, KeyUpdate);
      return json(await groupCommit(() => updateKeyFromApi(db, actor, id, input)));
    },
  }),
  keyRoute({
    method: "post",
    path: "/api/v1/api-keys/self/rotate",
    tags: ["API keys"],
    summary: "Rotate the calling key itself (any kind; for pipelines)",
    description:
      "Returns the new key once (`Cache-Control: no-store`), with the same kind, name, role, permissions, limits, expiry and leak action. The calling key keeps working until `oldKeyExpires` (`now`, `on_first_use` — capped at 7 days — or a date-time at most 7 days ahead and within the account's maximum key lifetime, else 422) or the new key's first accepted use, whichever comes first (`onFirstUse: false` waits for the date). After that it answers `401 key_expired`. A restricted key needs `api_keys: write`. Not with an access token (403).",
    access: { permission: "own_keys.manage" },
    body: RotateRequest,
    responses: { 201: { description: "The new key, with its token", schema: S.RotatedKey } },
    errors: ["validation_failed", "conflict", "payload_too_large"],
    handler: async ({ req, actor }) => {
      const input = await readBody(req, RotateRequest);
      const { key, token, oldKey } = await groupCommit(() => rotateOwnCallingKey(db, actor, input));
      return json({ ...key, token, rotation: oldKey }, 201);
    },
  }),
  keyRoute({
    method: "post",
    path: "/api/v1/api-keys/{id}/rotate",
    tags: ["API keys"],
    summary: "Rotate a service or legacy key of the account (admin and up)",
    description:
      "As self-rotation, for a service or legacy key of the account (a legacy key's successor is a service key with role admin). The new token goes to the caller, so the calling key needs at least the rotated key's power (403 `forbidden` otherwise). User keys are rotated only by their owner. Not with an access token (403).",
    access: { permission: "account_keys.manage" },
    params: S.idParams("id", "API key"),
    body: RotateRequest,
    responses: { 201: { description: "The new key, with its token", schema: S.RotatedKey } },
    errors: ["not_found", "validation_failed", "conflict", "payload_too_large"],
    handler: async ({ req, actor, params }) => {
      const id = uuidParam(params.id, "API key");
      const input = await readBody(req, RotateRequest);
      const { key, token, oldKey } = await groupCommit(() => rotateAccountKey(db, actor, id, input));
      return json({ ...key, token, rotation: oldKey }, 201);
    },
  }),
  keyRoute({
    method: "delete",
    path: "/api/v1/api-keys/{id}",
    tags: ["API keys"],
    summary: "Delete any key of the account (admin and up; not with an access token)",
    access: { permission: "account_keys.manage" },
    params: S.idParams("id", "API key"),
    responses: { 204: { description: "Deleted" } },
    errors: ["not_found"],
    handler: async ({ actor, params }) => {
      const id = uuidParam(params.id, "API key");
      await groupCommit(() => deleteAccountKey(db, actor, id));
      return noContent();
    },
  }),
  keyRoute({
    method: "get",
    path: "/api/v1/key-health",
    tags: ["API keys"],
    summary: "Key health: every finding about the account's working keys (admin and up)",
    description:
      "Findings: `leaked_active`, `never_used` (older than 7 days), `unused` (no use in 30 days), `no_expiry`, `exceeds_max_lifetime`, `old` (older than 90 days, never rotated), `over_privileged` (allows more than it used in 30 days), `no_ip_allowlist` (admin-level keys).",
    access: { permission: "account_keys.read" },
    responses: { 200: { description: "The findings", schema: S.KeyHealth } },
    handler: async ({ actor }) => json({ findings: (await keyHealth(db, actor)).map(serializeFinding) }),
  }),
  keyRoute({
    method: "get",
    path: "/api/v1/audit-log",
    tags: ["Audit log"],
    summary: "The account's audit log, newest first (admin and up)",
    description: "Pass `nextCursor` back as `cursor` for older events.",
    access: { permission: "audit_log.read" },
    query: auditQuerySchema,
    responses: { 200: { description: "A page of events", schema: S.AuditPage } },
    errors: ["validation_failed"],
    handler: async ({ query, actor }) => json(await listAuditEvents(db, actor, readQuery(query, auditQuerySchema))),
  }),
  publicRoute({
    method: "post",
    path: "/api/v1/leaks",
    tags: ["Leak reports"],
    summary: "Report leaked tokens (no key; rate limited per IP; at most 100 tokens)",
    description: "Answers one verdict per token, in order, and nothing about whose key it is.",
    access: "public",
    body: LeakReport,
    responses: { 200: { description: "One verdict per token", schema: S.LeakVerdicts } },
    errors: ["bad_request", "validation_failed", "payload_too_large", "rate_limited"],
    handler: async ({ req, ip }) => {
      const wait = await limiters.leakReportsByIp.retryAfter(ip);
      if (wait)
        return apiError("rate_limited", "Too many leak reports. Try again later.", {
          headers: { "Retry-After": String(wait) },
        });
      await limiters.leakReportsByIp.hit(ip);
      const reports = await readBody(req, LeakReport);
      return json(await groupCommit(() => reportLeaks(db, reports, ip)));
    },
  }),
  publicRoute({
    method: "post",
    path: "/api/v1/keys/verify",
    tags: ["Keys"],
    summary: "Verify a key for your own service or gateway",
    description:
      "The key in the body is the credential (no Authorization header). Answers 200 for every well-formed request: `valid` and `code` (`valid` or the refusal the API would give), and for a valid key its id, kind, name, account, role, effective permissions, user and expiry — nothing else. A verification is a use of the key. Failed verifications count against the per-IP limit of failed key checks (`rate_limited`).",
    access: "public",
    body: VerifyRequest,
    responses: { 200: { description: "The verdict", schema: S.VerifyResult } },
    errors: ["bad_request", "forbidden", "validation_failed", "payload_too_large"],
    handler: async ({ req, ip }) => json(...(await verifyForService(db, await readBody(req, VerifyRequest), ip))),
  }),
  publicRoute({
    method: "post",
    path: "/api/v1/token",
    tags: ["Keys"],
    summary: "Exchange an API key for a short-lived access token (OAuth 2.0 style)",
    description:
      'Form (`application/x-www-form-urlencoded`) or JSON: `grant_type=urn:latchkey:params:oauth:grant-type:apikey`, `apikey`, and `account_id` for user keys. The JWT (ES256, `kid` in the header) is checked offline by your services against `/.well-known/jwks.json` until `exp`; Latchkey\'s own API accepts it as a Bearer token and re-checks the key behind it on every request. Errors use OAuth\'s shape: `{"error", "error_description"}`.',
    access: "public",
    body: TokenRequest,
    bodyForm: TokenRequest,
    responses: {
      200: { description: "The access token (`Cache-Control: no-store`)", schema: S.TokenResponse },
      400: { description: "`invalid_request`, `invalid_grant` or `unsupported_grant_type`", schema: S.OAuthError },
      429: { description: "Too many failed key checks from this address (`Retry-After`)", schema: S.OAuthError },
    },
    errors: ["payload_too_large"],
    handler: async ({ req, ip }) => {
      const text = await readText(req);
      const form = String(req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded");
      let fields: Record<string, unknown>;
      try {
        fields = form
          ? Object.fromEntries(new URLSearchParams(text))
          : text.trim()
            ? (JSON.parse(text) as Record<string, unknown>)
            : {};
      } catch {
        return json({ error: "invalid_request", error_description: "The body is neither a form nor JSON." }, 400);
      }
      if (!fields || typeof fields !== "object" || Array.isArray(fields)) fields = {};
      const result = await exchangeApiKey(db, fields, ip);
      if (!result.ok)
        return json(
          { error: result.error, error_description: result.description },
          result.status,
          result.retryAfter ? { "Retry-After": String(result.retryAfter) } : undefined,
        );
      return json({
        access_token: result.accessToken,
        token_type: "Bearer",
        expires_in: result.expiresIn,
        expiration: result.expiration,
      });
    },
  }),
  publicRoute({
    method: "get",
    path: "/.well-known/jwks.json",
    tags: ["Keys"],
    summary: "The public keys that sign access tokens (JWKS)",
    description: "Cache it; after a roll the old key stays here until every token it signed has expired.",
    access: "public",
    responses: { 200: { description: "The key set", schema: S.Jwks } },
    handler: async () => json(await jwks(db), 200, { "Cache-Control": "public, max-age=300" }),
  }),
  publicRoute({
    method: "get",
    path: "/api/health",
    tags: ["Service"],
    summary: "Health: ok once the database is reachable, 503 while it is not",
    access: "public",
    responses: {
      200: { description: "The database answers", schema: S.Health },
      503: { description: "The database does not answer; the process keeps trying", schema: S.Health },
    },
    handler: async () =>
      (await databaseReachable(db))
        ? json({ status: "ok", database: databaseName(db) })
        : json({ status: "unavailable", database: databaseName(db) }, 503, { "Retry-After": "5" }),
  }),
];
