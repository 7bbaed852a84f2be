// Response shapes of the public API, as zod schemas: the OpenAPI description is generated from them
// (lib/server/http/openapi.ts). Request bodies use the domain's own schemas (lib/checks.ts, lib/keys/schemas.ts, …).
import { z } from "zod";
import { DATABASE_NAMES } from "@/db/health";
import { KEY_KINDS, KEY_STATUSES, LEAK_ACTIONS, PLANS, ROLES } from "@/db/schema";
import { ERROR_CODES } from "@/lib/errors";
import { FINDINGS } from "@/lib/keys/health";

const uuid = z.string().meta({ format: "uuid" });
const dateTime = z.string().meta({ format: "date-time" });

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES),
      message: z.string(),
      details: z.record(z.string(), z.array(z.string())).optional().meta({ description: "Per-field messages (422)" }),
    }),
  })
  .meta({ id: "Error" });

export const Me = z
  .object({
    key: z.object({ id: uuid, kind: z.enum(KEY_KINDS), name: z.string(), role: z.enum(ROLES) }),
    user: z.object({ id: uuid, email: z.string() }).nullable(),
    account: z.object({ id: uuid, name: z.string(), plan: z.enum(PLANS) }),
  })
  .meta({ id: "Me" });

export const Check = z
  .object({
    id: uuid,
    name: z.string(),
    url: z.string(),
    active: z.boolean(),
    createdAt: dateTime,
    updatedAt: dateTime,
  })
  .meta({ id: "Check" });
export const CheckList = z.object({ checks: z.array(Check) }).meta({ id: "CheckList" });

export const Member = z
  .object({
    userId: uuid,
    name: z.string(),
    email: z.string(),
    role: z.enum(ROLES),
    canCreateKeys: z.boolean(),
    joinedAt: dateTime,
  })
  .meta({ id: "Member" });
export const MemberList = z.object({ members: z.array(Member) }).meta({ id: "MemberList" });
export const MemberRemoved = z
  .object({
    keysAffected: z.number().int().meta({ description: "The member's user keys that lost access to this account" }),
  })
  .meta({ id: "MemberRemoved" });

const accessLevel = z.enum(["none", "read", "write"]);
export const Permissions = z
  .object({ checks: accessLevel, members: accessLevel, api_keys: accessLevel, audit_log: accessLevel })
  .meta({ id: "Permissions", description: "The effective access per resource" });
export const RateLimit = z.object({ limit: z.number().int(), windowSeconds: z.number().int() }).meta({
  id: "RateLimit",
  description: "At most `limit` requests per window of `windowSeconds` (windows start on the clock's multiples)",
});

export const ApiKey = z
  .object({
    id: uuid,
    kind: z.enum(KEY_KINDS),
    name: z.string(),
    description: z.string().nullable(),
    hint: z.string().meta({ examples: ["lks_…9xQ2"] }),
    role: z.string().nullable().meta({
      description: "Service keys: their role; legacy keys: admin; user keys: null (the owner's role applies)",
    }),
    status: z.enum(KEY_STATUSES),
    expiresAt: dateTime.nullable(),
    leakAction: z.enum(LEAK_ACTIONS),
    leakedAt: dateTime.nullable(),
    permissions: Permissions.nullable().meta({
      description: "A restricted key's own permissions (the lower of these and the role apply); null inherits the role",
    }),
    rateLimit: RateLimit.nullable(),
    allowedIps: z
      .array(z.string())
      .nullable()
      .meta({ description: "Addresses and CIDR ranges the key may be used from; null: anywhere" }),
    lastUsedAt: dateTime.nullable(),
    lastUsedIp: z.string().nullable(),
    createdAt: dateTime,
  })
  .meta({
    id: "ApiKey",
    description: "Key metadata. The token is never returned, except once in the answer to its creation.",
  });
export const ApiKeyWithOwner = ApiKey.extend({ owner: z.object({ id: uuid, email: z.string() }).nullable() }).meta({
  id: "ApiKeyWithOwner",
});
export const ApiKeyPage = z
  .object({
    apiKeys: z.array(ApiKeyWithOwner),
    nextCursor: z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null on the last" }),
  })
  .meta({ id: "ApiKeyPage" });
export const ServiceKeyCreated = ApiKey.extend({
  token: z.string().meta({ description: "The new key. Shown once: store it now." }),
}).meta({ id: "ServiceKeyCreated" });

export const KeyHealth = z
  .object({
    findings: z.array(
      z.object({
        keyId: uuid,
        keyName: z.string(),
        kind: z.enum(KEY_KINDS),
        finding: z.enum(FINDINGS),
        detail: z.string(),
        suggestion: z.string(),
      }),
    ),
  })
  .meta({ id: "KeyHealth" });

export const LeakVerdicts = z
  .array(z.object({ token_hint: z.string(), label: z.enum(["true_positive", "false_positive"]) }))
  .meta({ id: "LeakVerdicts" });

export const AuditEvent = z
  .object({
    id: z.number().int(),
    action: z.string().meta({ examples: ["api_key.created"] }),
    actor: z.object({
      type: z.enum(["user", "key", "system", "anonymous"]),
      id: z.string().nullable(),
      name: z.string(),
    }),
    target: z.object({ type: z.string(), id: z.string().nullable(), name: z.string().nullable() }).nullable(),
    details: z.record(z.string(), z.unknown()),
    ip: z.string().nullable(),
    createdAt: dateTime,
  })
  .meta({ id: "AuditEvent" });
export const AuditPage = z
  .object({ events: z.array(AuditEvent), nextCursor: z.number().int().nullable() })
  .meta({ id: "AuditPage" });

export const Health = z
  .object({
    status: z.enum(["ok", "unavailable"]),
    database: z.enum(DATABASE_NAMES).meta({ description: "The database this process uses" }),
  })
  .meta({ id: "Health" });

export const idParams = (name: string, what: string) =>
  z.object({ [name]: uuid.meta({ description: `The ${what}'s id` }) });

export const VERIFY_CODES = [
  "valid",
  "invalid_key",
  "key_disabled",
  "key_expired",
  "account_required",
  "forbidden",
  "ip_not_allowed",
  "rate_limited",
  "insufficient_permission",
] as const;

export const VerifyResult = z
  .object({
    valid: z.boolean(),
    code: z.enum(VERIFY_CODES),
    key: z.object({ id: uuid, kind: z.enum(KEY_KINDS), name: z.string() }).optional(),
    account: z.object({ id: uuid }).optional(),
    role: z.enum(ROLES).optional(),
    permissions: Permissions.optional(),
    userId: uuid.nullable().optional(),
    expiresAt: dateTime.nullable().optional(),
    ratelimit: z.object({ limit: z.number().int(), remaining: z.number().int(), reset: z.number().int() }).optional(),
  })
  .meta({
    id: "VerifyResult",
    description: "Always 200 for a well-formed request; `valid` says whether the key may be used, `code` why not",
  });

export const TokenResponse = z
  .object({
    access_token: z.string(),
    token_type: z.literal("Bearer"),
    expires_in: z.number().int().meta({ description: "Seconds" }),
    expiration: z.number().int().meta({ description: "Unix time of expiry" }),
  })
  .meta({ id: "TokenResponse" });
export const OAuthError = z
  .object({
    error: z.enum(["invalid_request", "invalid_grant", "unsupported_grant_type"]),
    error_description: z.string(),
  })
  .meta({ id: "OAuthError" });
export const Jwks = z.object({ keys: z.array(z.record(z.string(), z.unknown())) }).meta({ id: "Jwks" });

export const RotatedKey = ServiceKeyCreated.extend({
  rotation: z.object({ id: uuid, endsAt: dateTime, endsOnFirstUse: z.boolean() }).meta({
    description: "The old key: when it ends at the latest, and whether the new key's first use ends it sooner",
  }),
}).meta({ id: "RotatedKey" });
